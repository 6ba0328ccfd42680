/**
 * A joint round (联合抽查, issue 14 item 1) at real size, end to end over HTTP, once (on
 * PostgreSQL when TEST_DATABASE_URL is set, else PGlite): two departments each import their
 * own 20 000-entity roster and inspectors, publish their checklist item and approve a plan
 * through the API; the lead creates the round inviting the other, with the complaint stratum
 * rule (issue 14 item 4); the member joins with its item and its own contributor; one
 * commitment covers both; the draw's proof and eligible set downloaded from the PUBLIC routes
 * pass `sortes verify` as a subprocess. Each department's board and export hold its own
 * inspectors' rows only, a third department sees nothing, and the public round names both.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Call, DEMO, type DemoState, STEPS } from "../../src/cli/demo-seed.js";
import { queryRows } from "../../src/db/rows.js";
import type { Database } from "../../src/db/types.js";
import { contributorCommitment, strataFromRosters, toHex } from "../../src/draw-engine/index.js";
import { csvChunks, ENTITY_HEADERS, entityRecords } from "../../src/rosters/synthetic.js";
import { testApp } from "../helpers/app.js";
import { newDepartment, testDrivers } from "../helpers/db.js";
import { SIGNING_KEY_HEX } from "./helpers.js";
import { httpCall, listen, type Served, stopwatch, verifyWithCli } from "./served.js";

/** Two rosters of this size: ≥ 40 000 entities in the joint eligible set. */
const ENTITIES_EACH = 20_500;
const INSPECTORS_EACH = 40;
const COMPLAINTS = { minComplaints: 3, rateBp: 5000 };
const driver = testDrivers().at(-1)!;

interface Dept {
  id: string;
  code: string;
  admin: string;
}

/** A roster import through the API, polled until it succeeds. */
async function importEntities(call: Call, token: string, seed: string) {
  const csv = [...csvChunks(ENTITY_HEADERS, entityRecords({ count: ENTITIES_EACH, seed }))].join("");
  const job = await call("POST", "/entities/imports?mode=replace", {
    token,
    body: csv,
    contentType: "text/csv",
  });
  expect(job.status, JSON.stringify(job.data)).toBe(202);
  for (;;) {
    const j = await call("GET", `/entities/imports/${job.data.id}`, { token });
    if (j.data.state === "succeeded") return;
    if (j.data.state === "failed") throw new Error(JSON.stringify(j.data.report).slice(0, 500));
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe(`joint round over HTTP at real size, verified outside the service [${driver.name}]`, () => {
  const dir = mkdtempSync(join(tmpdir(), "sortes-joint-"));
  const proofFile = join(dir, "proof.json");
  const eligibleFile = join(dir, "eligible.ndjson");
  const times: Record<string, number> = {};
  let database: Database;
  let server: Served;
  let call: ReturnType<typeof httpCall>;
  let lead: Dept;
  let member: Dept;
  let outsider: Dept;
  let roundId: string;
  // biome-ignore lint/suspicious/noExplicitAny: the proof is read as JSON
  let proof: any;

  const timed = stopwatch(times);

  async function department(seed: string): Promise<Dept> {
    const d = await newDepartment(database.db);
    const state: DemoState = {
      departmentCode: d.department.code,
      size: { entities: ENTITIES_EACH, inspectors: INSPECTORS_EACH },
      steps: {},
    };
    await timed(`${seed}: roster import`, () => importEntities(call, d.tokens.admin, seed));
    for (const [name, step] of STEPS.filter(([n]) =>
      ["inspectors", "revision", "checklist", "plan"].includes(n),
    ))
      state.steps[name] = await timed(`${seed}: ${name}`, () => step(call, d.tokens.admin, state));
    return { id: d.department.id, code: d.department.code, admin: d.tokens.admin };
  }

  beforeAll(async () => {
    database = await driver.open();
    const { app } = testApp(database, { SIGNING_KEY_HEX, DATA_DIR: join(dir, "data") });
    server = await listen(app.fetch);
    call = httpCall(server.origin);
    lead = await department("joint-lead");
    member = await department("joint-member");
    const o = await newDepartment(database.db);
    outsider = { id: o.department.id, code: o.department.code, admin: o.tokens.admin };

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const created = await call("POST", "/rounds", {
      token: lead.admin,
      json: {
        title: "食品经营联合抽查",
        planYear: Number(today.slice(0, 4)),
        itemCode: DEMO.itemCode,
        teamSize: 2,
        windowFrom: today,
        windowUntil: new Date(Date.parse(`${today}T00:00:00Z`) + 60 * 86400_000).toISOString().slice(0, 10),
        revealDeadline: new Date(Date.now() + 3600_000).toISOString(),
        contributors: ["牵头局"],
        jointDepartments: [member.code],
        complaintStratum: COMPLAINTS,
      },
    });
    expect(created.status, JSON.stringify(created.data)).toBe(201);
    roundId = created.data.round.id;
    // Before the member joins, the lead cannot commit, and the outsider cannot join.
    expect((await call("POST", `/rounds/${roundId}/commit`, { token: lead.admin })).status).toBe(409);
    const intruder = await call("POST", `/rounds/${roundId}/join`, {
      token: outsider.admin,
      json: { itemCode: DEMO.itemCode, contributors: [] },
    });
    expect(intruder.status).toBe(404);
    const invited = await call("GET", "/joint-rounds", { token: member.admin });
    expect(invited.data.items).toMatchObject([{ roundId, joined: false, lead: { code: lead.code } }]);
    const joined = await call("POST", `/rounds/${roundId}/join`, {
      token: member.admin,
      json: { itemCode: DEMO.itemCode, contributors: ["协办局"] },
    });
    expect(joined.status, JSON.stringify(joined.data)).toBe(200);
    const parties = [...created.data.credentials, ...joined.data.credentials].map(
      (c: { credential: string }) => {
        const nonce = randomBytes(32);
        return { ...c, nonce: toHex(nonce), commitment: toHex(contributorCommitment(nonce)) };
      },
    );
    for (const p of parties)
      expect((await call("POST", "/contributions/commitment", { json: p })).status).toBe(200);
    const committed = await timed("commit (joint eligible set, pool, conflicts)", () =>
      call("POST", `/rounds/${roundId}/commit`, { token: lead.admin }),
    );
    expect(committed.status, JSON.stringify(committed.data)).toBe(200);
    for (const p of parties)
      expect((await call("POST", "/contributions/reveal", { json: p })).status).toBe(200);
    const drawn = await timed("draw", () => call("POST", `/rounds/${roundId}/draw`, { token: lead.admin }));
    expect(drawn.status, JSON.stringify(drawn.data)).toBe(200);
    await timed("download proof + eligible set", async () => {
      const p = await call.raw(`/public/rounds/${roundId}/proof`);
      expect(p.status).toBe(200);
      writeFileSync(proofFile, await p.text());
      const e = await call.raw(`/public/rounds/${roundId}/eligible.ndjson`);
      expect(e.status).toBe(200);
      writeFileSync(eligibleFile, await e.text());
    });
    proof = JSON.parse(readFileSync(proofFile, "utf8"));
  }, 600_000);

  afterAll(async () => {
    await server?.close();
    await database?.close();
    console.log(`joint-round e2e [${driver.name}] ms: ${JSON.stringify(times)}`);
  });

  it("one commitment covers both departments: ≥ 40 000 entities, strata per department, teams mixing them", () => {
    const c = proof.commitment;
    expect(c.teams.jointDepartments).toEqual([lead.code, member.code]);
    const eligible = readFileSync(eligibleFile, "utf8").split("\n").filter(Boolean);
    expect(eligible.length).toBeGreaterThanOrEqual(40_000);
    const strata: string[] = c.eligible.strata.map((s: { stratum: string }) => s.stratum);
    for (const code of [lead.code, member.code])
      for (const cls of ["A", "B", "C", "D", "complaints"]) expect(strata).toContain(`${code}/${cls}`);
    const filter = JSON.parse(c.filter);
    expect(filter.departments.map((d: { department: string }) => d.department)).toEqual([
      lead.code,
      member.code,
    ]);
    expect(filter.complaintStratum).toMatchObject({ stratum: "complaints", minComplaints: 3, rateBp: 5000 });
    expect(c.entropy.contributors.map((p: { name: string }) => p.name)).toEqual(["牵头局", "协办局"]);
    // Every team has one member of each department (draw-spec §9, joint slots first).
    const deptOf = new Map(
      proof.inspectors.map((i: { id: string; department: string }) => [i.id, i.department]),
    );
    expect(proof.finalTeams.length).toBeGreaterThan(1000);
    for (const t of proof.finalTeams)
      expect(t.members.map((m: string) => deptOf.get(m))).toEqual([lead.code, member.code]);
    console.log(
      `joint-round e2e [${driver.name}]: ${eligible.length} eligible, ${proof.finalTeams.length} teams, proof ${readFileSync(proofFile).length} bytes`,
    );
  });

  it("the strata re-derive from the two frozen rosters with the spec's rule (§17), complaint stratum included", async () => {
    // Both revisions' rows of the eligible entities (the items filter nothing; exclusions are
    // decided before strata), through the engine's reference rule, give the published file.
    const rowsOf = (revision: string) =>
      queryRows<{ id: string; risk: string | null; complaints: number }>(
        database.db,
        sql`select re.credit_code as id, re.risk_class::text as risk, re.complaint_count as complaints
            from revision_entities re
            join round_eligible e on e.round_id = ${roundId} and e.entity_id = re.credit_code
            where re.revision_id = ${revision}`,
      );
    const [ids] = await queryRows<{ lead: string; member: string }>(
      database.db,
      sql`select r.revision_id as lead, j.revision_id as member
          from rounds r join round_joint_departments j on j.round_id = r.id where r.id = ${roundId}`,
    );
    const toRow = (r: { id: string; risk: string | null; complaints: number }) => ({
      id: r.id,
      riskClass: r.risk,
      complaintCount: Number(r.complaints),
    });
    const expected = strataFromRosters(
      [
        { prefix: `${lead.code}/`, rows: (await rowsOf(ids!.lead)).map(toRow) },
        { prefix: `${member.code}/`, rows: (await rowsOf(ids!.member)).map(toRow) },
      ],
      { minComplaints: COMPLAINTS.minComplaints },
    );
    const published = readFileSync(eligibleFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(published).toEqual(expected);
    expect(published.filter((e) => e.stratum.endsWith("/complaints")).length).toBeGreaterThan(1000);
  });

  it("passes `sortes verify` run as a subprocess on the public downloads", async () => {
    const v = await timed("sortes verify", async () => verifyWithCli(proofFile, eligibleFile));
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain("PASS");
  });

  it("each department's board and export hold its own inspectors only; a third department sees nothing", async () => {
    const deptOf = new Map(
      proof.inspectors.map((i: { id: string; department: string }) => [i.id, i.department]),
    );
    for (const d of [lead, member]) {
      const items: { inspectorId: string; entityId: string }[] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const page = await call("GET", `/rounds/${roundId}/board?limit=5000${q}`, { token: d.admin });
        expect(page.status, JSON.stringify(page.data)).toBe(200);
        items.push(...page.data.items);
        cursor = page.data.nextCursor;
      } while (cursor);
      expect(items.length).toBe(proof.finalTeams.length);
      expect(new Set(items.map((r) => deptOf.get(r.inspectorId)))).toEqual(new Set([d.code]));
      const csv = await call("GET", `/rounds/${roundId}/assignments.csv`, { token: d.admin });
      expect(csv.status).toBe(200);
      const lines = String(csv.data).trim().split(/\r\n/);
      expect(lines.length - 1).toBe(items.length);
      const view = await call("GET", `/rounds/${roundId}`, { token: d.admin });
      expect(view.status).toBe(200);
    }
    for (const path of ["", "/board", "/assignments.csv", "/assignments.xlsx"])
      expect((await call("GET", `/rounds/${roundId}${path}`, { token: outsider.admin })).status).toBe(404);
    expect((await call("GET", "/joint-rounds", { token: outsider.admin })).data.items).toEqual([]);
  });

  it("the public round and its portal page name every department", async () => {
    const pub = await call("GET", `/public/rounds/${roundId}`);
    expect(pub.data.departments).toMatchObject([
      { code: lead.code, role: "lead", joined: true },
      { code: member.code, role: "member", joined: true },
    ]);
    const page = await call.raw(`/zh/rounds/${roundId}`);
    const html = await page.text();
    expect(html).toContain("联合抽查");
    expect(html).toContain(lead.code);
    expect(html).toContain(member.code);
  });
});
