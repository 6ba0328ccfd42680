import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, parseNdjson, revealAll, SIGNING_KEY_HEX } from "./helpers.js";

describeEachDriver("eligible set exclusions (plan's exclusion policy)", (get) => {
  it("excludes deregistered, cooling-down and capped entities, with reasons, and commits to the rest", async () => {
    let codes: string[] = [];
    const fx = await roundFixture(get().db, {
      entities: 30,
      rates: { A: 10000, B: 10000, C: 10000, D: 10000 },
      plan: { cooldownDays: 30, maxInspectionsPerEntityPerYear: 1 },
      beforeFreeze: async (db, departmentId, all) => {
        codes = all;
        await db.execute(
          sql`update entities set registration_status = '注销' where department_id = ${departmentId} and credit_code = ${all[0]}`,
        );
        await db.execute(
          sql`update entities set last_inspected = '2026-06-20' where department_id = ${departmentId} and credit_code = ${all[1]}`,
        );
        await db.execute(
          sql`update entities set last_inspected = '2025-01-01' where department_id = ${departmentId} and credit_code = ${all[2]}`,
        );
      },
    });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const admin = fx.tokens.admin;
    const first = await createCommittedRound(call, admin, fx.itemCode);
    const ex = await call("GET", `/public/rounds/${first.roundId}/exclusions`);
    const reasons = new Map(ex.data.items.map((x: { id: string; reason: string }) => [x.id, x.reason]));
    expect(reasons.get(codes[0])).toMatch(/^not operating/);
    expect(reasons.get(codes[1])).toMatch(/^cool-down: last inspected 2026-06-20/);
    expect(reasons.size).toBe(2);
    expect(first.commitment.eligible.exclusions).toEqual(ex.data.items);
    const eligible = parseNdjson(
      (await call("GET", `/public/rounds/${first.roundId}/eligible.ndjson`)).text,
    ).map((e) => e.id);
    expect(eligible).toHaveLength(28);
    expect(eligible).toContain(codes[2]);
    expect(eligible).not.toContain(codes[0]);

    // Round 1 draws everyone (100 %); with a cap of 1 a year, a second round excludes them all again.
    await revealAll(call, first.contributors);
    expect((await call("POST", `/rounds/${first.roundId}/draw`, { token: admin })).status).toBe(200);
    const second = await createCommittedRound(call, admin, fx.itemCode, {
      windowFrom: "2026-11-01",
      windowUntil: "2026-11-30",
    });
    const ex2 = await call("GET", `/public/rounds/${second.roundId}/exclusions`);
    const capped = ex2.data.items.filter((x: { reason: string }) => x.reason.startsWith("yearly cap"));
    expect(capped).toHaveLength(28);
    // Only the entity that was cooling down in July is eligible in November.
    const left = parseNdjson((await call("GET", `/public/rounds/${second.roundId}/eligible.ndjson`)).text);
    expect(left.map((e) => e.id)).toEqual([codes[1]]);
  });
});
