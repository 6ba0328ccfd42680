/**
 * The complaint stratum (issue 14 item 4, draw-spec §17.1) on a single-department round, and the
 * refusals of joint rounds (§17.2), on both drivers at small size. The joint round end to end at
 * real size is joint-round-e2e.test.ts.
 */
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { verifyProof } from "../../src/draw-engine/index.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, parseNdjson, revealAll, roundBody, SIGNING_KEY_HEX } from "./helpers.js";

describeEachDriver("strata rules: complaint stratum and joint-round refusals", (get) => {
  it("entities with ≥ N complaints in the frozen revision draw in the committed 'complaints' stratum", async () => {
    const fx = await roundFixture(get().db, {
      entities: 100,
      // 15 entities had 4 complaints and 10 had 2 in the 12 months before the freeze.
      beforeFreeze: async (db, departmentId, codes) => {
        await db.execute(sql`update entities set complaint_count = 4
          where department_id = ${departmentId} and credit_code = any(${`{${codes.slice(0, 15).join(",")}}`}::text[])`);
        await db.execute(sql`update entities set complaint_count = 2
          where department_id = ${departmentId} and credit_code = any(${`{${codes.slice(15, 25).join(",")}}`}::text[])`);
      },
    });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const low = await call("POST", "/rounds", {
      token: fx.tokens.admin,
      json: roundBody(fx.itemCode, { complaintStratum: { minComplaints: 3, rateBp: 2000 } }),
    });
    expect(low.status, low.text).toBe(422);
    expect(low.data.detail).toContain("3000 bp");

    const { roundId, contributors, commitment } = await createCommittedRound(
      call,
      fx.tokens.admin,
      fx.itemCode,
      {
        complaintStratum: { minComplaints: 3, rateBp: 5000 },
      },
    );
    expect(JSON.parse(commitment.filter).complaintStratum).toEqual({
      stratum: "complaints",
      minComplaints: 3,
      field: "complaint_count",
      rateBp: 5000,
    });
    const complaints = commitment.eligible.strata.find(
      (s: { stratum: string }) => s.stratum === "complaints",
    );
    expect(complaints).toEqual({ stratum: "complaints", count: 15, rateBp: 5000 });
    const total = commitment.eligible.strata.reduce((n: number, s: { count: number }) => n + s.count, 0);
    expect(total).toBe(100);
    await revealAll(call, contributors);
    expect((await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin })).status).toBe(200);
    const eligible = parseNdjson((await call("GET", `/public/rounds/${roundId}/eligible.ndjson`)).text);
    const inComplaints = new Set(eligible.filter((e) => e.stratum === "complaints").map((e) => e.id));
    expect(inComplaints).toEqual(new Set(fx.entityIds.slice(0, 15)));
    const proof = await call("GET", `/public/rounds/${roundId}/proof`);
    expect(verifyProof(proof.data, eligible)).toMatchObject({ ok: true });
    const sel = proof.data.selections.find((s: { stratum: string }) => s.stratum === "complaints");
    expect(sel.k).toBe(8); // ceil(15 × 5000 / 10000)
    const view = await call("GET", `/public/rounds/${roundId}`);
    expect(view.data.complaintStratum).toEqual({ minComplaints: 3, rateBp: 5000 });
  });

  it("joint rounds: invitations are checked; the member reads the round, cannot commit it, and joins once with its own item", async () => {
    const fx = await roundFixture(get().db, { entities: 40 });
    const other = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const create = (over: Record<string, unknown>) =>
      call("POST", "/rounds", { token: fx.tokens.admin, json: roundBody(fx.itemCode, over) });
    expect((await create({ jointDepartments: ["NO-SUCH-DEPT"] })).status).toBe(400);
    expect((await create({ jointDepartments: [fx.department.code] })).status).toBe(400);
    expect((await create({ jointDepartments: [other.department.code, other.department.code] })).status).toBe(
      400,
    );
    const created = await create({ jointDepartments: [other.department.code], teamSize: 2 });
    expect(created.status, created.text).toBe(201);
    const roundId = created.data.round.id;
    expect(created.data.round.departments).toMatchObject([
      { code: fx.department.code, role: "lead", joined: true },
      { code: other.department.code, role: "member", joined: false },
    ]);
    // The member's view of the round; the lead's roster exclusions are not shown to it.
    const seen = await call("GET", `/rounds/${roundId}`, { token: other.tokens.admin });
    expect(seen.status).toBe(200);
    expect(seen.data.excludedInspectors).toBeNull();
    // Only the lead writes: the member cannot commit the round.
    expect((await call("POST", `/rounds/${roundId}/commit`, { token: other.tokens.admin })).status).toBe(404);
    // The member joins with its OWN published item (the lead's code is not on its checklist), once.
    const join = (itemCode: string) =>
      call("POST", `/rounds/${roundId}/join`, {
        token: other.tokens.admin,
        json: { itemCode, contributors: ["协办局"] },
      });
    expect((await join(fx.itemCode)).status).toBe(404);
    const joined = await join(other.itemCode);
    expect(joined.status, joined.text).toBe(200);
    expect(joined.data.credentials.map((c: { name: string }) => c.name)).toEqual(["协办局"]);
    expect((await join(other.itemCode)).status).toBe(409);
    const lead = await call("POST", `/rounds/${roundId}/join`, {
      token: fx.tokens.admin,
      json: { itemCode: fx.itemCode, contributors: [] },
    });
    expect(lead.status).toBe(404);
  });
});
