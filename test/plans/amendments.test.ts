/**
 * Amending an approved annual plan by a new version (issue 12): the approved version never
 * changes, rounds committed under it keep its id and still draw, the amendment is a draft
 * (private, not used by rounds) until approved, and then the public sees the current version
 * with the history of every approved version.
 */
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { createItem, publishItem } from "../../src/checklist/items.js";
import { rounds } from "../../src/draws/schema.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll, roundBody, SIGNING_KEY_HEX } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newInspectorToken } from "../helpers/db.js";

const rates = { A: 300, B: 500, C: 1000, D: 3000 };

function planFields(items: string[], extra: Record<string, unknown> = {}) {
  return {
    title: "2026年度抽查计划",
    roundsPerYear: 2,
    ratesBp: rates,
    items: items.map((itemCode) => ({ itemCode })),
    ...extra,
  };
}

describeEachDriver("plan amendments by a new version", (get) => {
  it("adds an item to an approved plan without touching rounds committed under the old version", async () => {
    const db = get().db;
    const fx = await roundFixture(db, { entities: 40, inspectors: 6 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const admin = fx.tokens.admin;
    const pub = `/public/departments/${fx.department.code}/plans`;
    const v1 = await call("GET", "/plans/2026", { token: admin });
    expect(v1.data).toMatchObject({
      version: 1,
      status: "approved",
      amendmentReason: null,
      supersededAt: null,
    });

    // A round committed under version 1.
    const { roundId, contributors } = await createCommittedRound(call, admin, fx.itemCode);
    const [committed] = await db.select().from(rounds).where(eq(rounds.id, roundId));
    expect(committed!.planId).toBe(v1.data.id);

    // A second published item the approved plan does not cover.
    const extra = `${fx.itemCode}-B`;
    await createItem(db, fx.department.id, {
      code: extra,
      inspectingBody: "福州市市场监督管理局",
      name: "产品质量检查",
      legalBasis: "《中华人民共和国产品质量法》第十五条",
      content: "产品质量",
      methods: ["on_site"],
      targetDescription: "",
      targetEntityTypes: [],
      targetIndustries: [],
      targetRegionCodes: [],
      requiredQualification: "食品安全",
      entityCount: null,
      defaultRateBp: null,
      defaultRoundsPerYear: null,
      legalOverride: null,
      notes: "",
    });
    await publishItem(db, fx.department.id, extra);
    const outside = await call("POST", "/rounds", { token: admin, json: roundBody(extra) });
    expect(outside.status, outside.text).toBe(422);

    // The approved version cannot be edited in place; the error says how to amend.
    const put = await call("PUT", "/plans/2026", { token: admin, json: planFields([fx.itemCode, extra]) });
    expect(put.status).toBe(409);
    expect(put.data.detail).toContain("/plans/2026/amendments");

    // Amendments are checked like plans: below the floor is refused, naming the rule.
    const low = await call("POST", "/plans/2026/amendments", {
      token: admin,
      json: {
        reason: "增加产品质量抽查",
        ...planFields([fx.itemCode, extra], { ratesBp: { ...rates, A: 200 } }),
      },
    });
    expect(low.status).toBe(422);
    expect(low.data.errors[0]).toMatchObject({ field: "ratesBp.A" });
    const noReason = await call("POST", "/plans/2026/amendments", {
      token: admin,
      json: planFields([fx.itemCode, extra]),
    });
    expect(noReason.status).toBe(400);

    const amended = await call("POST", "/plans/2026/amendments", {
      token: admin,
      json: { reason: "增加产品质量抽查", ...planFields([fx.itemCode, extra]) },
    });
    expect(amended.status, amended.text).toBe(201);
    expect(amended.data).toMatchObject({ version: 2, status: "draft", amendmentReason: "增加产品质量抽查" });
    expect(amended.data.items.map((i: { code: string }) => i.code)).toEqual([fx.itemCode, extra]);
    expect(amended.data.id).not.toBe(v1.data.id);

    // One pending amendment at a time.
    const again = await call("POST", "/plans/2026/amendments", {
      token: admin,
      json: { reason: "再次修订", ...planFields([fx.itemCode]) },
    });
    expect(again.status).toBe(409);

    // Until approved, version 1 stays current for rounds, the API and the public.
    expect((await call("POST", "/rounds", { token: admin, json: roundBody(extra) })).status).toBe(422);
    const current = await call("GET", "/plans/2026", { token: admin });
    expect(current.data).toMatchObject({ version: 1, status: "approved" });
    expect(
      current.data.versions.map((v: { version: number; status: string }) => [v.version, v.status]),
    ).toEqual([
      [1, "approved"],
      [2, "draft"],
    ]);
    const publicBefore = await call("GET", `${pub}/2026`);
    expect(publicBefore.data.version).toBe(1);
    expect(publicBefore.data.versions).toHaveLength(1);
    const { token: inspector } = await newInspectorToken(db, fx.department.id);
    const seenByInspector = await call("GET", "/plans/2026/versions", { token: inspector });
    expect(seenByInspector.status, seenByInspector.text).toBe(200);
    expect(seenByInspector.data.items.map((p: { version: number }) => p.version)).toEqual([1]);
    expect((await call("GET", "/plans/2026/versions/2", { token: inspector })).status).toBe(404);

    // The draft amendment is edited with PUT and approved.
    const edited = await call("PUT", "/plans/2026", {
      token: admin,
      json: planFields([fx.itemCode, extra], { roundsPerYear: 3 }),
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.data).toMatchObject({
      version: 2,
      status: "draft",
      roundsPerYear: 3,
      amendmentReason: "增加产品质量抽查",
    });
    const approved = await call("POST", "/plans/2026/approve", { token: admin });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.data).toMatchObject({ version: 2, status: "approved", supersededAt: null });

    // The public sees version 2 as current, and version 1 as it was, superseded.
    const publicAfter = await call("GET", `${pub}/2026`);
    expect(publicAfter.data).toEqual(approved.data);
    expect(publicAfter.data.versions).toEqual([
      expect.objectContaining({ version: 1, amendmentReason: null, supersededAt: approved.data.approvedAt }),
      expect.objectContaining({ version: 2, amendmentReason: "增加产品质量抽查", supersededAt: null }),
    ]);
    const oldPublic = await call("GET", `${pub}/2026/versions/1`);
    expect(oldPublic.status).toBe(200);
    expect(oldPublic.data).toMatchObject({ id: v1.data.id, version: 1, roundsPerYear: 2 });
    expect(oldPublic.data.items.map((i: { code: string }) => i.code)).toEqual([fx.itemCode]);
    expect((await call("GET", pub)).data.items.map((p: { version: number }) => p.version)).toEqual([2]);
    const page = await call("GET", `/zh/plans?dept=${fx.department.code}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("版本 2");
    expect(page.text).toContain('data-plan-version="1"');
    expect(page.text).toContain("增加产品质量抽查");

    // The new item now makes rounds; the round committed under version 1 keeps it and draws.
    expect((await call("POST", "/rounds", { token: admin, json: roundBody(extra) })).status).toBe(201);
    const [still] = await db.select().from(rounds).where(eq(rounds.id, roundId));
    expect(still!.planId).toBe(v1.data.id);
    await revealAll(call, contributors);
    const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: admin });
    expect(drawn.status, drawn.text).toBe(200);
    expect(drawn.data.status).toBe("drawn");

    // An approved amendment can be amended again (version 3); discarding the draft leaves version 2 current.
    const v3 = await call("POST", "/plans/2026/amendments", {
      token: admin,
      json: { reason: "调整频次", ...planFields([fx.itemCode, extra], { roundsPerYear: 4 }) },
    });
    expect(v3.data.version).toBe(3);
    expect((await call("DELETE", "/plans/2026", { token: admin })).status).toBe(204);
    expect((await call("GET", "/plans/2026", { token: admin })).data.version).toBe(2);
    expect((await call("GET", "/plans/2026/versions", { token: admin })).data.items).toHaveLength(2);
  }, 60_000);

  it("refuses an amendment of a plan that is not approved yet, and of a year without a plan", async () => {
    const fx = await roundFixture(get().db, { entities: 5, inspectors: 2 });
    const { call } = testApp(get());
    const admin = fx.tokens.admin;
    const none = await call("POST", "/plans/2031/amendments", {
      token: admin,
      json: { reason: "x", ...planFields([fx.itemCode]) },
    });
    expect(none.status).toBe(404);
    const created = await call("POST", "/plans", {
      token: admin,
      json: { year: 2030, ...planFields([fx.itemCode]) },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.data).toMatchObject({
      version: 1,
      status: "draft",
      versions: [{ version: 1, status: "draft" }],
    });
    const early = await call("POST", "/plans/2030/amendments", {
      token: admin,
      json: { reason: "x", ...planFields([fx.itemCode]) },
    });
    expect(early.status).toBe(409);
    expect(
      (await call("POST", "/plans", { token: admin, json: { year: 2030, ...planFields([fx.itemCode]) } }))
        .status,
    ).toBe(409);
  });
});
