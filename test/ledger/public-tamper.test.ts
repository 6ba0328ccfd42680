/**
 * Issue #11, item 5: a row edited in the database behind the service's back — an assignment's
 * inspector, an extra entity in the drawn set, a published finding's text — is never served
 * as truth. The public routes answer a problem of type …/integrity naming the row, and
 * `sortes audit` (in process, and as a subprocess against a listening server) fails naming
 * the same row. A service that lied (its responses altered on the way) is caught by the
 * audit's own comparison with the signed proof and the ledger.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { audit } from "../../src/cli/audit.js";
import type { Database } from "../../src/db/types.js";
import type { SignedTreeHead } from "../../src/ledger/canonical.js";
import { listen } from "../browser/serve.js";
import { roundFixture } from "../draws/fixture.js";
import { SIGNING_KEY_HEX } from "../draws/helpers.js";
import { drawnRoundTeam, fileSignedFinding, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

const URL = "http://sortes.test";
const INTEGRITY = expect.stringMatching(/\/integrity$/);

/** A drawn round with one published finding of a drawn team and a signed tree head over it all. */
async function publishedRound(database: Database) {
  const db = database.db;
  const fx = await roundFixture(db, { entities: 60, inspectors: 5 });
  const dataDir = tempDataDir();
  const { call } = testApp(database, { SIGNING_KEY_HEX, DATA_DIR: dataDir });
  const admin = fx.tokens.admin;
  const { roundId, ...teamFx } = await drawnRoundTeam(db, call, fx);
  const { proof, team, members } = teamFx;
  const { findingId } = await fileSignedFinding(call, teamFx);
  expect((await call("POST", `/findings/${findingId}/approve`, { token: admin })).status).toBe(201);
  const sth = await call("POST", "/ledger/sth", { token: admin });
  expect(sth.status).toBe(201);
  const drawnIds = new Set<string>(
    proof.selections.flatMap((s: { selected: { id: string }[] }) => s.selected.map((e) => e.id)),
  );
  const notDrawn = fx.entityIds.find((id) => !drawnIds.has(id)) as string;
  // A fresh app per read: nothing served from a response cache filled before the tampering.
  const fresh = () => testApp(database, { SIGNING_KEY_HEX, DATA_DIR: dataDir });
  const auditWith = (alter?: (url: string, body: string) => string, saved?: SignedTreeHead) => {
    const { app } = fresh();
    return audit({
      url: URL,
      round: roundId,
      saved,
      fetch: async (u) => {
        const res = await app.request(u);
        if (!alter || !res.ok) return res;
        return new Response(alter(u, await res.text()), { status: res.status, headers: res.headers });
      },
    });
  };
  return { fx, call, roundId, proof, team, members, findingId, notDrawn, sth: sth.data, fresh, auditWith };
}

const lastLine = (r: { lines: string[] }) => r.lines.at(-1) ?? "";

describeEachDriver("public tables checked against the signed proof and the ledger", (get) => {
  it("a clean round audits PASS, in process and through the CLI against a listening server", async () => {
    const r = await publishedRound(get());
    const verdict = await r.auditWith();
    expect(verdict.ok, verdict.lines.join("\n")).toBe(true);
    expect(verdict.lines.join("\n")).toMatch(/drawn list .* equals the signed proof/);
    expect(verdict.lines.join("\n")).toMatch(/findings: 1 published documents equal their ledger entries/);

    // An inspector's self-recusal: proof version 2, a recused row and its substitute, still PASS,
    // and the log extends the head saved before it.
    const mine = await r.call("GET", "/me/assignments", { token: r.members[0]!.token });
    const row = mine.data.items.find((a: { entityId: string }) => a.entityId === r.team.entityId);
    const recused = await r.call("POST", `/me/assignments/${row.id}/conflict`, {
      token: r.members[0]!.token,
      json: { category: "other", statement: "与该主体负责人系同学关系" },
    });
    expect(recused.status, recused.text).toBeLessThan(300);
    expect((await r.call("POST", "/ledger/sth", { token: r.fx.tokens.admin })).status).toBe(201);
    const after = await r.auditWith(undefined, r.sth);
    expect(after.ok, after.lines.join("\n")).toBe(true);
    expect(after.lines.join("\n")).toMatch(/proof version 2 matches/);
    expect(after.lines.join("\n")).toMatch(/the log extends the saved tree head/);
    // The board shows the recused row too: its inspector is in the team's signed history.
    const board = await r.fresh().call("GET", `/rounds/${r.roundId}/board`, { token: r.fx.tokens.auditor });
    expect(board.status, board.text).toBe(200);
    expect(board.data.items.some((b: { status: string }) => b.status === "recused")).toBe(true);

    const server = await listen(r.fresh().app.fetch);
    try {
      const bin = join(import.meta.dirname, "..", "..", "bin", "sortes.mjs");
      const run = promisify(execFile);
      const ok = await run(process.execPath, [bin, "audit", "--url", server.origin, "--round", r.roundId]);
      expect(ok.stdout).toMatch(/PASS\s*$/);
      await get().db.execute(
        sql`update publications set content = jsonb_set(content, '{description}', '"一切正常"') where finding_id = ${r.findingId}`,
      );
      // A second server: the first one's response cache still holds the untampered answers.
      const again = await listen(r.fresh().app.fetch);
      const bad = await run(process.execPath, [
        bin,
        "audit",
        "--url",
        again.origin,
        "--round",
        r.roundId,
      ]).catch((e: { code: number; stdout: string }) => e);
      await again.close();
      expect((bad as { code: number }).code).toBe(1);
      expect((bad as { stdout: string }).stdout).toMatch(new RegExp(`FAIL .*${r.findingId}.*content`));
    } finally {
      await server.close();
    }
  });

  it("an assignment's inspector changed in SQL is refused by the drawn list and the board, and fails the audit", async () => {
    const r = await publishedRound(get());
    const outsider = r.fx.inspectors.find((i) => !r.team.members.includes(i.id))!.id;
    await get().db.execute(
      sql`update assignments set inspector_id = ${outsider}
          where round_id = ${r.roundId} and entity_id = ${r.team.entityId} and slot = 0`,
    );
    const { call } = r.fresh();
    const list = await call("GET", `/public/rounds/${r.roundId}/drawn`);
    expect(list.status).toBe(500);
    expect(list.headers.get("content-type")).toMatch(/problem\+json/);
    expect(list.data.type).toEqual(INTEGRITY);
    expect(list.data.integrity).toMatchObject({
      table: "assignments",
      key: `entity ${r.team.entityId} slot 0`,
      field: "inspector_id",
      expected: r.team.members[0],
      found: outsider,
    });
    const board = await call("GET", `/rounds/${r.roundId}/board`, { token: r.fx.tokens.auditor });
    expect(board.status).toBe(500);
    expect(board.data.integrity.key).toBe(`entity ${r.team.entityId} slot 0`);
    const verdict = await r.auditWith();
    expect(verdict.ok).toBe(false);
    expect(lastLine(verdict)).toMatch(
      new RegExp(`FAIL .*${r.team.entityId} slot 0: inspector_id is ${outsider}`),
    );
  });

  it("an extra row in the drawn set is refused by its lookup and the drawn list, and fails the audit", async () => {
    const r = await publishedRound(get());
    await get().db.execute(
      sql`insert into round_selected (department_id, round_id, stratum, entity_id, rank, ticket)
          select department_id, id, 'A', ${r.notDrawn}, 999, ${"ab".repeat(32)} from rounds where id = ${r.roundId}`,
    );
    const { call } = r.fresh();
    const lookup = await call("GET", `/public/rounds/${r.roundId}/entities/${r.notDrawn}`);
    expect(lookup.status).toBe(500);
    expect(lookup.data.type).toEqual(INTEGRITY);
    expect(lookup.data.integrity).toMatchObject({
      table: "round_selected",
      key: `entity ${r.notDrawn}`,
      field: "row",
      expected: "not drawn",
    });
    // The drawn list names the row without the unsigned id (public; the server log has it).
    const list = await call("GET", `/public/rounds/${r.roundId}/drawn`);
    expect(list.status).toBe(500);
    expect(list.data.integrity).toMatchObject({
      table: "round_selected",
      key: "of an entity the signed proof does not draw (id in the server log)",
      field: "row",
    });
    expect(list.text).not.toContain(r.notDrawn);
    // A drawn entity's own lookup is still served: the check is per row.
    const fine = await call("GET", `/public/rounds/${r.roundId}/entities/${r.team.entityId}`);
    expect(fine.status).toBe(200);
    const verdict = await r.auditWith();
    expect(verdict.ok).toBe(false);
    expect(lastLine(verdict)).toMatch(
      /FAIL .*round_selected, row of an entity the signed proof does not draw/,
    );
  });

  it("a published finding's text changed in SQL is refused by the public findings routes, and fails the audit", async () => {
    const r = await publishedRound(get());
    await get().db.execute(
      sql`update publications set content = jsonb_set(content, '{description}', '"一切正常"') where finding_id = ${r.findingId}`,
    );
    const { call } = r.fresh();
    const one = await call("GET", `/public/findings/${r.findingId}`);
    expect(one.status).toBe(500);
    expect(one.data.type).toEqual(INTEGRITY);
    expect(one.data.integrity).toMatchObject({ table: "publications", key: r.findingId });
    const search = await call(
      "GET",
      `/public/departments/${r.fx.department.code}/findings?round=${r.roundId}`,
    );
    expect(search.status).toBe(500);
    const verdict = await r.auditWith();
    expect(verdict.ok).toBe(false);
    expect(lastLine(verdict)).toMatch(new RegExp(`FAIL .*${r.findingId}.*content`));
  });

  it("a retraction's explanation changed in SQL is refused by the service and fails the audit", async () => {
    const r = await publishedRound(get());
    const retract = await r.call("POST", `/findings/${r.findingId}/retract`, {
      token: r.fx.tokens.admin,
      json: { reason: "revoked", revokedOn: "2026-01-20", explanation: "处理决定已被撤销" },
    });
    expect(retract.status, retract.text).toBe(201);
    expect((await r.call("POST", "/ledger/sth", { token: r.fx.tokens.admin })).status).toBe(201);
    const clean = await r.auditWith();
    expect(clean.ok, clean.lines.join("\n")).toBe(true);
    // A service showing another explanation than the logged one: the audit's own comparison.
    const lying = await r.auditWith((u, body) =>
      u.includes("/findings") ? body.replaceAll("处理决定已被撤销", "从未处罚") : body,
    );
    expect(lastLine(lying)).toMatch(
      new RegExp(
        `FAIL finding ${r.findingId}, retractions, ledger entry \\d+: retraction.explanation: expected "处理决定已被撤销", found "从未处罚"`,
      ),
    );
    await get().db.execute(
      sql`update retractions set explanation = '从未处罚' where finding_id = ${r.findingId}`,
    );
    const one = await r.fresh().call("GET", `/public/findings/${r.findingId}`);
    expect(one.status).toBe(500);
    expect(one.data.integrity).toMatchObject({
      table: "retractions",
      key: r.findingId,
      field: "explanation",
    });
    const verdict = await r.auditWith();
    expect(lastLine(verdict)).toMatch(
      new RegExp(`FAIL .*finding ${r.findingId}: table retractions, field explanation is "从未处罚"`),
    );
  });

  it("the audit's own comparison names what a lying service altered: a team member, a drawn row, a finding's text", async () => {
    const r = await publishedRound(get());
    const swapped = await r.auditWith((u, body) => {
      if (!u.includes("/drawn")) return body;
      const page = JSON.parse(body);
      page.items.find((x: { entityId: string }) => x.entityId === r.team.entityId).inspectors[0] =
        "forged-id";
      return JSON.stringify(page);
    });
    expect(lastLine(swapped)).toMatch(
      new RegExp(
        `FAIL round ${r.roundId}, drawn list, position \\d+ \\(entity ${r.team.entityId}\\): inspectors`,
      ),
    );
    const extra = await r.auditWith((u, body) => {
      if (!u.includes("/drawn")) return body;
      const page = JSON.parse(body);
      page.items.splice(1, 0, { ...page.items[0], entityId: r.notDrawn });
      return JSON.stringify(page);
    });
    expect(lastLine(extra)).toMatch(new RegExp(`position 1: entityId — .* the service shows ${r.notDrawn}`));
    const text = await r.auditWith((u, body) =>
      u.includes(`/public/findings/${r.findingId}`) ? body.replace("进货查验记录不全", "一切正常") : body,
    );
    expect(lastLine(text)).toMatch(
      /content\.description: expected "进货查验记录不全，已责令整改", found "一切正常，已责令整改"/,
    );
  });
});
