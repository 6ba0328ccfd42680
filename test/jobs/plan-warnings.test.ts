/**
 * Plan tracking warnings on an injected clock (issue 14): an item behind its pace, an entity
 * drawn more often than the plan's yearly cap (国办发〔2024〕54号) and an expired certificate
 * each raise a notice once (GET /notices) and, for the plan warnings, one notification event.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/rows.js";
import { listNotices } from "../../src/jobs/notices.js";
import { behindPace, raisePlanWarnings } from "../../src/jobs/plan-warnings.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

describe("pace rule", () => {
  it("warns when the rounds still needed take longer than the days left at the pace so far", () => {
    const at = (done: number, elapsedDays: number) =>
      behindPace({ planned: 2, done, elapsedDays, daysLeft: 365 - elapsedDays });
    expect(at(0, 100)).toBe(false); // 2 × 100 ≤ 265
    expect(at(0, 130)).toBe(true); // 2 × 130 > 235: a third of the year gone without a round
    expect(at(1, 180)).toBe(false); // 1 × 180 ≤ 185
    expect(at(1, 190)).toBe(true); // 1 × 190 > 175
    expect(at(2, 364)).toBe(false); // done
  });
});

const SHANGHAI_NOON = (date: string) => new Date(`${date}T04:00:00Z`);

describeEachDriver("plan warnings", (get) => {
  let call: ReturnType<typeof testApp>["call"];
  beforeAll(() => {
    call = testApp(get()).call;
  });

  const events = (departmentId: string) =>
    queryRows<{ kind: string; payload: Record<string, unknown> }>(
      get().db,
      sql`select kind, payload from notification_events where department_id = ${departmentId} order by kind`,
    );
  /** The department's notices (keys from the table; GET /notices shows the same ones). */
  const notices = async (token: string, departmentId: string) => {
    const api = (await call("GET", "/notices", { token })).data.items as { id: string; kind: string }[];
    const rows = await listNotices(get().db, { departmentId });
    expect(api.map((n) => n.id).sort()).toEqual(rows.map((n) => n.id).sort());
    return rows;
  };

  it("an item with one of two rounds warns after midyear, once", async () => {
    const fx = await roundFixture(get().db, { entities: 10, inspectors: 4 });
    await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    const scope = { departmentIds: [fx.department.id] };
    const spring = await raisePlanWarnings(get().db, SHANGHAI_NOON("2026-03-01"), scope);
    expect(spring).toMatchObject({ year: 2026, behindPace: 0, notices: 0 });
    expect(await notices(fx.tokens.auditor, fx.department.id)).toEqual([]);

    const summer = SHANGHAI_NOON("2026-07-15");
    expect(await raisePlanWarnings(get().db, summer, scope)).toMatchObject({ behindPace: 1, notices: 1 });
    expect(await raisePlanWarnings(get().db, summer, scope)).toMatchObject({ behindPace: 1, notices: 0 });
    const listed = await notices(fx.tokens.auditor, fx.department.id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ kind: "plan-behind-pace", key: `plan-pace:2026:${fx.itemCode}` });
    expect(listed[0]!.message).toContain("1/2");
    expect(await events(fx.department.id)).toEqual([
      {
        kind: "plan.behind-pace",
        payload: {
          year: 2026,
          itemCode: fx.itemCode,
          itemName: "食品经营者检查",
          planned: 2,
          done: 1,
          elapsedDays: 196,
          daysLeft: 169,
        },
      },
    ]);
  });

  it("entities drawn more often than the amended plan's cap warn; an expired certificate too", async () => {
    const all = { A: 10000, B: 10000, C: 10000, D: 10000 };
    const fx = await roundFixture(get().db, {
      entities: 6,
      inspectors: 6,
      rates: all,
      plan: { maxInspectionsPerEntityPerYear: 2 },
    });
    for (const windowFrom of ["2026-03-01", "2026-05-01"]) {
      const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode, {
        windowFrom,
        windowUntil: "2026-06-30",
      });
      await revealAll(call, contributors);
      const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
      expect(drawn.status, drawn.text).toBe(200);
    }
    // Every entity was drawn twice (100 %); the plan is amended to one check a year.
    const plan = (await call("GET", "/plans/2026", { token: fx.tokens.admin })).data;
    const amended = await call("POST", "/plans/2026/amendments", {
      token: fx.tokens.admin,
      json: {
        reason: "压减重复检查",
        title: plan.title,
        roundsPerYear: 2,
        ratesBp: all,
        maxInspectionsPerEntityPerYear: 1,
        items: [{ itemCode: fx.itemCode }],
      },
    });
    expect(amended.status, amended.text).toBe(201);
    expect((await call("POST", "/plans/2026/approve", { token: fx.tokens.admin })).status).toBe(200);
    const expired = await createInspector(
      get().db,
      fx.department.id,
      { name: "过期检查员", certificateNo: "EXPIRED-1", certValidUntil: "2026-07-01", qualifications: [] },
      { tokenId: null, role: null },
    );

    const scope = { departmentIds: [fx.department.id] };
    const r = await raisePlanWarnings(get().db, SHANGHAI_NOON("2026-07-15"), scope);
    expect(r).toMatchObject({ behindPace: 0, repeatedChecks: fx.entityIds.length, certificates: 1 });
    expect(await raisePlanWarnings(get().db, SHANGHAI_NOON("2026-07-16"), scope)).toMatchObject({
      notices: 0,
      certificates: 0,
    });
    const listed = await notices(fx.tokens.admin, fx.department.id);
    expect(
      listed
        .filter((n) => n.kind === "plan-repeated-check")
        .map((n) => n.key)
        .sort(),
    ).toEqual(fx.entityIds.map((id) => `repeated-check:2026:${id}:2`).sort());
    expect(listed.filter((n) => n.kind === "certificate-expired").map((n) => n.key)).toEqual([
      `certificate-expired:${expired.id}:2026-07-01`,
    ]);
    const ev = (await events(fx.department.id)).filter((e) => e.kind === "plan.repeated-check");
    expect(ev.map((e) => e.payload.entityId).sort()).toEqual([...fx.entityIds].sort());
    expect(ev.every((e) => e.payload.rounds === 2 && e.payload.cap === 1)).toBe(true);
  });
});
