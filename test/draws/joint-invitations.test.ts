/**
 * Ending a joint round's invitation before the commit (issue 14 item 1): the invited
 * department declines, or the lead withdraws it. A department that never joins then no longer
 * holds the lead's commit back; joined departments and committed rounds cannot be changed so.
 */
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { contributorCommitment, toHex } from "../../src/draw-engine/index.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { roundBody } from "./helpers.js";

type Call = ReturnType<typeof testApp>["call"];

function expectProblem(r: Awaited<ReturnType<Call>>, status: number, what: string) {
  expect(r.status, `${what}: ${r.text}`).toBe(status);
  expect(r.headers.get("content-type"), what).toContain("application/problem+json");
}

async function commitContributions(call: Call, credentials: { credential: string }[]) {
  for (const c of credentials) {
    const commitment = toHex(contributorCommitment(randomBytes(32)));
    const r = await call("POST", "/contributions/commitment", {
      json: { credential: c.credential, commitment },
    });
    expect(r.status, r.text).toBe(200);
  }
}

describeEachDriver("joint round invitations: decline and withdraw", (get) => {
  it("a declined and a withdrawn department no longer hold the commit back; the joined one stays", async () => {
    const db = get().db;
    const [lead, b, c, d] = [
      await roundFixture(db),
      await roundFixture(db),
      await roundFixture(db),
      await roundFixture(db),
    ];
    const outsider = await newDepartment(db);
    const { call } = testApp(get());
    const codes = [b, c, d].map((x) => x.department.code);
    const created = await call("POST", "/rounds", {
      token: lead.tokens.admin,
      json: roundBody(lead.itemCode, { teamSize: 4, jointDepartments: codes }),
    });
    expect(created.status, created.text).toBe(201);
    const id = created.data.round.id as string;
    await commitContributions(call, created.data.credentials);
    expectProblem(
      await call("POST", `/rounds/${id}/commit`, { token: lead.tokens.admin }),
      409,
      "nobody joined",
    );

    // B joins; C declines; the lead withdraws D.
    const joined = await call("POST", `/rounds/${id}/join`, {
      token: b.tokens.admin,
      json: { itemCode: b.itemCode, contributors: [] },
    });
    expect(joined.status, joined.text).toBe(200);
    const declined = await call("POST", `/rounds/${id}/decline`, { token: c.tokens.admin });
    expect(declined.status, declined.text).toBe(200);
    expect(declined.data).toMatchObject({ roundId: id });
    const withdrawn = await call("DELETE", `/rounds/${id}/joint-departments/${d.department.code}`, {
      token: lead.tokens.admin,
    });
    expect(withdrawn.status, withdrawn.text).toBe(204);

    // What each side sees now.
    expect((await call("GET", "/joint-rounds", { token: c.tokens.admin })).data.items).toMatchObject([
      { roundId: id, joined: false, declined: true },
    ]);
    expect((await call("GET", "/joint-rounds", { token: b.tokens.admin })).data.items).toMatchObject([
      { roundId: id, joined: true, declined: false },
    ]);
    expect((await call("GET", "/joint-rounds", { token: d.tokens.admin })).data.items).toEqual([]);
    const draft = await call("GET", `/rounds/${id}`, { token: lead.tokens.admin });
    expect(draft.data.departments).toEqual([
      expect.objectContaining({ code: lead.department.code, role: "lead", joined: true, declined: false }),
      expect.objectContaining({ code: b.department.code, role: "member", joined: true, declined: false }),
      expect.objectContaining({ code: c.department.code, role: "member", joined: false, declined: true }),
    ]);

    // Refusals, each a problem.
    const refusals: [string, Promise<Awaited<ReturnType<Call>>>, number][] = [
      ["C declines twice", call("POST", `/rounds/${id}/decline`, { token: c.tokens.admin }), 409],
      [
        "C joins after declining",
        call("POST", `/rounds/${id}/join`, {
          token: c.tokens.admin,
          json: { itemCode: c.itemCode, contributors: [] },
        }),
        409,
      ],
      ["B declines after joining", call("POST", `/rounds/${id}/decline`, { token: b.tokens.admin }), 409],
      ["D (withdrawn) declines", call("POST", `/rounds/${id}/decline`, { token: d.tokens.admin }), 404],
      [
        "D (withdrawn) joins",
        call("POST", `/rounds/${id}/join`, {
          token: d.tokens.admin,
          json: { itemCode: d.itemCode, contributors: [] },
        }),
        404,
      ],
      ["an outsider declines", call("POST", `/rounds/${id}/decline`, { token: outsider.tokens.admin }), 404],
      [
        "the lead withdraws a joined department",
        call("DELETE", `/rounds/${id}/joint-departments/${b.department.code}`, { token: lead.tokens.admin }),
        409,
      ],
      [
        "the lead withdraws D twice",
        call("DELETE", `/rounds/${id}/joint-departments/${d.department.code}`, { token: lead.tokens.admin }),
        404,
      ],
      [
        "the lead withdraws an unknown code",
        call("DELETE", `/rounds/${id}/joint-departments/NO-SUCH-DEPT`, { token: lead.tokens.admin }),
        404,
      ],
      [
        "a member withdraws another",
        call("DELETE", `/rounds/${id}/joint-departments/${c.department.code}`, { token: b.tokens.admin }),
        404,
      ],
      [
        "an auditor withdraws",
        call("DELETE", `/rounds/${id}/joint-departments/${c.department.code}`, {
          token: lead.tokens.auditor,
        }),
        403,
      ],
      ["a bad round id", call("POST", "/rounds/not-a-uuid/decline", { token: c.tokens.admin }), 400],
    ];
    for (const [what, p, status] of refusals) expectProblem(await p, status, what);

    // The commit proceeds with the lead and B only.
    const committed = await call("POST", `/rounds/${id}/commit`, { token: lead.tokens.admin });
    expect(committed.status, committed.text).toBe(200);
    expect(committed.data.commitment.teams.jointDepartments).toEqual([
      lead.department.code,
      b.department.code,
    ]);
    const after = await call("GET", `/rounds/${id}`, { token: lead.tokens.admin });
    expect(after.data.departments.map((x: { code: string }) => x.code)).toEqual([
      lead.department.code,
      b.department.code,
    ]);
    // No longer a draft: invitations are frozen.
    expectProblem(
      await call("DELETE", `/rounds/${id}/joint-departments/${c.department.code}`, {
        token: lead.tokens.admin,
      }),
      409,
      "withdraw after commit",
    );
    expectProblem(
      await call("POST", `/rounds/${id}/decline`, { token: c.tokens.admin }),
      409,
      "decline after commit",
    );
  });

  it("the lead finds departments to invite by name (GET /public/departments?q=), never typing codes", async () => {
    const db = get().db;
    const tag = randomBytes(4).toString("hex");
    const { createDepartment } = await import("../../src/departments/departments.js");
    const fire = await createDepartment(db, {
      code: `XF-${tag}`,
      name: `消防救援支队${tag}`,
      regionCode: "350100",
    });
    await createDepartment(db, { code: `SW-${tag}`, name: `税务局${tag}`, regionCode: "350100" });
    const { call } = testApp(get());
    const found = await call("GET", `/public/departments?q=${encodeURIComponent(`消防救援支队${tag}`)}`);
    expect(found.status, found.text).toBe(200);
    expect(found.data.items).toEqual([
      { code: fire.code, name: fire.name, regionCode: "350100", level: "city" },
    ]);
    const both = await call("GET", `/public/departments?q=${tag}`);
    expect(both.data.items.map((d: { code: string }) => d.code).sort()).toEqual([`SW-${tag}`, `XF-${tag}`]);
    // LIKE wildcards are literal.
    expect((await call("GET", `/public/departments?q=${encodeURIComponent(`%${tag}`)}`)).data.items).toEqual(
      [],
    );
    expect((await call("GET", "/public/departments?q=")).status).toBe(400);
  });

  it("when every invited department declines, the round commits as the lead's own", async () => {
    const db = get().db;
    const lead = await roundFixture(db);
    const b = await roundFixture(db);
    const { call } = testApp(get());
    const created = await call("POST", "/rounds", {
      token: lead.tokens.admin,
      json: roundBody(lead.itemCode, { jointDepartments: [b.department.code] }),
    });
    expect(created.status, created.text).toBe(201);
    const id = created.data.round.id as string;
    await commitContributions(call, created.data.credentials);
    expect((await call("POST", `/rounds/${id}/decline`, { token: b.tokens.admin })).status).toBe(200);
    const committed = await call("POST", `/rounds/${id}/commit`, { token: lead.tokens.admin });
    expect(committed.status, committed.text).toBe(200);
    expect(committed.data.commitment.teams.jointDepartments).toEqual([]);
  });
});
