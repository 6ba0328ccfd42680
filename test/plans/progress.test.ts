/**
 * Plan tracking (issue 14): GET /plans/{year}/progress per the contract the dashboard uses, and
 * its public variant. Expected figures come from the round's own public eligible set and
 * signed proof, not from the code under test.
 */
import { beforeAll, expect, it } from "vitest";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, parseNdjson } from "../draws/helpers.js";
import { drawnRoundTeam, fileSignedFinding } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

describeEachDriver("plan progress", (get) => {
  let call: ReturnType<typeof testApp>["call"];
  let fx: Awaited<ReturnType<typeof roundFixture>>;
  let drawn: Awaited<ReturnType<typeof drawnRoundTeam>>;
  let findingId: string;
  beforeAll(async () => {
    call = testApp(get()).call;
    fx = await roundFixture(get().db, { entities: 100 });
    drawn = await drawnRoundTeam(get().db, call, fx);
    findingId = (await fileSignedFinding(call, drawn)).findingId;
    // A second round, committed but not yet revealed or drawn.
    await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
  }, 120_000);

  it("counts rounds by stage and entities per risk class against the plan's rates", async () => {
    const r = await call("GET", "/plans/2026/progress", { token: fx.tokens.auditor });
    expect(r.status, r.text).toBe(200);
    const eligible = parseNdjson((await call("GET", `/public/rounds/${drawn.roundId}/eligible.ndjson`)).text);
    const stratumOf = new Map(eligible.map((e) => [e.id, e.stratum]));
    const drawnIds = (drawn.proof.finalTeams as { entityId: string }[]).map((t) => t.entityId);
    const count = (ids: string[], s: string) => ids.filter((id) => stratumOf.get(id) === s).length;
    // The committed round froze the same roster revision: the distinct eligible set is the same.
    expect(r.data).toEqual({
      year: 2026,
      items: [
        {
          itemCode: fx.itemCode,
          itemName: "食品经营者检查",
          roundsPlanned: 2,
          roundsCommitted: 2,
          roundsDrawn: 1,
          roundsClosed: 0,
          eligibleEntities: eligible.length,
          entitiesDrawn: drawnIds.length,
          entitiesInspected: 1,
          minRate: "3",
          byRiskClass: [
            ["A", "3"],
            ["B", "5"],
            ["C", "10"],
            ["D", "30"],
            ["unrated", "30"],
          ].map(([riskClass, rate]) => ({
            riskClass,
            rate,
            eligible: count(
              eligible.map((e) => e.id),
              riskClass!,
            ),
            drawn: count(drawnIds, riskClass!),
          })),
        },
      ],
    });
    expect(drawnIds.length).toBeGreaterThan(0);
  });

  it("the public sees published findings only", async () => {
    const path = `/public/departments/${fx.department.code}/plans/2026/progress`;
    const before = await call("GET", path);
    expect(before.status, before.text).toBe(200);
    expect(before.data.department).toEqual({ code: fx.department.code, name: fx.department.name });
    expect(before.data.items[0].entitiesInspected).toBe(0);
    expect(before.data.items[0].roundsDrawn).toBe(1);
    const approved = await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin });
    expect(approved.status, approved.text).toBe(201);
    expect((await call("GET", path)).data.items[0].entitiesInspected).toBe(1);
  });

  it("a year without a plan is 404", async () => {
    const r = await call("GET", "/plans/2031/progress", { token: fx.tokens.admin });
    expect(r.status).toBe(404);
    expect((await call("GET", `/public/departments/${fx.department.code}/plans/2031/progress`)).status).toBe(
      404,
    );
  });
});
