import { expect, it } from "vitest";
import { getPublishedItemVersion } from "../../src/checklist/item-queries.js";
import { loadSeedItems } from "../../src/checklist/seed-items.js";
import { getApprovedPlan } from "../../src/plans/plan-queries.js";
import { effectiveRoundRule } from "../../src/plans/round-rule.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment, newInspectorToken } from "../helpers/db.js";

const YEAR = 2027;
const rates = (A: number, B = A, C = A, D = A) => ({ A, B, C, D });

function planBody(items: unknown[], extra: Record<string, unknown> = {}) {
  return {
    year: YEAR,
    roundsPerYear: 2,
    ratesBp: rates(300, 500, 1000, 3000),
    cooldownDays: 180,
    items,
    ...extra,
  };
}

describeEachDriver("annual plans", (get) => {
  /** A department with the seed-004 checklist published; SFJ-001/002 carry 100 % 一年一次 overrides. */
  async function setup() {
    const dept = await newDepartment(get().db);
    await loadSeedItems(get().db, dept.department.id);
    return dept;
  }

  it("accepts a plan at the floors, keeps the draft private and publishes it on approval", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await setup();
    const created = await call("POST", "/plans", {
      token: tokens.admin,
      json: planBody([{ itemCode: "SFJ-003" }, { itemCode: "SFJ-004" }], {
        maxInspectionsPerEntityPerYear: 2,
      }),
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      year: YEAR,
      status: "draft",
      cooldownDays: 180,
      maxInspectionsPerEntityPerYear: 2,
    });
    expect(created.data.items[0].effective).toMatchObject({
      itemCode: "SFJ-003",
      ratesBp: rates(300, 500, 1000, 3000),
      roundsPerYear: 2,
      minRateBp: 300,
      minRoundsPerYear: 2,
      legalOverride: null,
    });
    const pub = `/public/departments/${department.code}/plans`;
    expect((await call("GET", pub)).data.items).toEqual([]);
    expect((await call("GET", `${pub}/${YEAR}`)).status).toBe(404);

    const approved = await call("POST", `/plans/${YEAR}/approve`, { token: tokens.admin });
    expect(approved.status).toBe(200);
    expect(approved.data.status).toBe("approved");
    expect(Date.parse(approved.data.approvedAt)).not.toBeNaN();
    expect((await call("GET", `${pub}/${YEAR}`)).data).toEqual(approved.data);
    expect((await call("GET", pub)).data.items.map((p: { year: number }) => p.year)).toEqual([YEAR]);
  });

  it("refuses a plan below 3 % or with one round a year, naming the rule, item and field", async () => {
    const { call } = testApp(get());
    const { tokens } = await setup();
    const low = await call("POST", "/plans", {
      token: tokens.admin,
      json: planBody([{ itemCode: "SFJ-003" }], { ratesBp: rates(200, 300, 300, 300) }),
    });
    expect(low.status).toBe(422);
    expect(low.data.detail).toContain("细则第九条");
    expect(low.data.errors).toHaveLength(1);
    expect(low.data.errors[0].field).toBe("ratesBp.A");
    expect(low.data.errors[0].reason).toContain("RULES §5 / 细则第九条");
    expect(low.data.errors[0].reason).toContain("SFJ-003");

    const once = await call("POST", "/plans", {
      token: tokens.admin,
      json: planBody([{ itemCode: "SFJ-003" }, { itemCode: "SFJ-005" }], { roundsPerYear: 1 }),
    });
    expect(once.status).toBe(422);
    expect(once.data.errors.map((e: { field: string }) => e.field)).toEqual([
      "roundsPerYear",
      "roundsPerYear",
    ]);
    expect(once.data.errors[1].reason).toContain("SFJ-005");
    expect((await call("GET", `/plans/${YEAR}`, { token: tokens.admin })).status).toBe(404);
  });

  it("accepts the same figures for items whose legal override sets 100 % once a year", async () => {
    const { call } = testApp(get());
    const { tokens } = await setup();
    const body = planBody([{ itemCode: "SFJ-001" }, { itemCode: "SFJ-002" }], {
      roundsPerYear: 1,
      ratesBp: rates(200),
    });
    const created = await call("POST", "/plans", { token: tokens.admin, json: body });
    expect(created.status).toBe(201);
    for (const item of created.data.items) {
      expect(item.effective).toMatchObject({
        ratesBp: rates(10000),
        roundsPerYear: 1,
        minRateBp: 10000,
        minRoundsPerYear: 1,
        ratesFrom: "legal-override",
        roundsFrom: "legal-override",
      });
      expect(item.effective.legalOverride.basis).toContain("一年一次");
    }
    expect((await call("POST", `/plans/${YEAR}/approve`, { token: tokens.admin })).status).toBe(200);
  });

  it("holds item-specific figures to the legal override: a 100 % item cannot be planned at 50 %", async () => {
    const { call } = testApp(get());
    const { tokens } = await setup();
    const half = await call("POST", "/plans", {
      token: tokens.admin,
      json: planBody([
        { itemCode: "SFJ-003" },
        { itemCode: "SFJ-001", ratesBp: rates(5000, 10000, 10000, 10000) },
      ]),
    });
    expect(half.status).toBe(422);
    expect(half.data.errors.map((e: { field: string }) => e.field)).toEqual(["items[1].ratesBp.A"]);
    expect(half.data.errors[0].reason).toContain("legal override");
    expect(half.data.errors[0].reason).toContain("10000 bp (100 %)");

    const twice = await call("POST", "/plans", {
      token: tokens.admin,
      json: planBody([
        { itemCode: "SFJ-001", roundsPerYear: 2 },
        { itemCode: "SFJ-003", roundsPerYear: 4 },
      ]),
    });
    expect(twice.status).toBe(201);
    expect(
      twice.data.items.map((i: { effective: { roundsPerYear: number } }) => i.effective.roundsPerYear),
    ).toEqual([2, 4]);
  });

  it("keeps the 2-rounds floor when an override sets only the rate", async () => {
    const { call } = testApp(get());
    const { tokens } = await setup();
    const item = {
      code: "RATE-ONLY",
      inspectingBody: "司法局",
      name: "对法律援助事项质量的检查",
      legalBasis: "《法律援助条例》（国务院令第385号）第4条",
      content: "法律援助案件质量",
      methods: ["written"],
      legalOverride: { rateBp: 1000, basis: "某规章：抽查比例不低于10%" },
    };
    expect((await call("POST", "/checklist", { token: tokens.admin, json: item })).status).toBe(201);
    await call("POST", "/checklist/RATE-ONLY/publish", { token: tokens.admin });
    const refused = await call("POST", "/plans", {
      token: tokens.admin,
      json: planBody([{ itemCode: "RATE-ONLY" }], { roundsPerYear: 1 }),
    });
    expect(refused.status).toBe(422);
    expect(refused.data.errors.map((e: { field: string }) => e.field)).toEqual(["roundsPerYear"]);
    const ok = await call("POST", "/plans", {
      token: tokens.admin,
      json: planBody([{ itemCode: "RATE-ONLY" }]),
    });
    expect(ok.status).toBe(201);
    expect(ok.data.items[0].effective.ratesBp).toEqual(rates(1000, 1000, 1000, 3000));
  });

  it("plans only published items of the caller's department", async () => {
    const { call } = testApp(get());
    const a = await setup();
    const b = await newDepartment(get().db);
    await call("POST", "/checklist", {
      token: b.tokens.admin,
      json: {
        code: "DRAFT-1",
        inspectingBody: "局",
        name: "事项",
        legalBasis: "某法第一条",
        content: "内容",
        methods: ["written"],
      },
    });
    const draftOnly = await call("POST", "/plans", {
      token: b.tokens.admin,
      json: planBody([{ itemCode: "DRAFT-1" }]),
    });
    expect(draftOnly.status).toBe(422);
    expect(draftOnly.data.errors[0]).toMatchObject({ field: "items[0].itemCode" });
    expect(draftOnly.data.errors[0].reason).toContain("细则第五条");
    const foreign = await call("POST", "/plans", {
      token: b.tokens.admin,
      json: planBody([{ itemCode: "SFJ-003" }]),
    });
    expect(foreign.status).toBe(422);
    expect(foreign.data.errors[0].reason).toBe(draftOnly.data.errors[0].reason.replace("DRAFT-1", "SFJ-003"));

    await call("POST", "/plans", { token: a.tokens.admin, json: planBody([{ itemCode: "SFJ-003" }]) });
    await call("POST", `/plans/${YEAR}/approve`, { token: a.tokens.admin });
    expect((await call("GET", `/plans/${YEAR}`, { token: b.tokens.admin })).status).toBe(404);
    expect((await call("POST", `/plans/${YEAR}/approve`, { token: b.tokens.admin })).status).toBe(404);
    expect((await call("GET", `/public/departments/${b.department.code}/plans`)).data.items).toEqual([]);
    await expect(getApprovedPlan(get().db, b.department.id, YEAR)).rejects.toThrow("no approved plan");
  });

  it("freezes an approved plan and pins the item versions it was approved with", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await setup();
    const db = get().db;
    const body = planBody([{ itemCode: "SFJ-003" }]);
    await call("POST", "/plans", { token: tokens.admin, json: body });
    expect((await call("POST", "/plans", { token: tokens.admin, json: body })).status).toBe(409);
    const { year: _y, ...fields } = body;
    const replaced = await call("PUT", `/plans/${YEAR}`, {
      token: tokens.admin,
      json: { ...fields, items: [{ itemCode: "SFJ-003" }, { itemCode: "SFJ-001" }] },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.data.items.map((i: { code: string }) => i.code)).toEqual(["SFJ-003", "SFJ-001"]);
    await expect(getApprovedPlan(db, department.id, YEAR)).rejects.toThrow("no approved plan");
    await call("POST", `/plans/${YEAR}/approve`, { token: tokens.admin });

    expect((await call("PUT", `/plans/${YEAR}`, { token: tokens.admin, json: fields })).status).toBe(409);
    expect((await call("DELETE", `/plans/${YEAR}`, { token: tokens.admin })).status).toBe(409);
    expect((await call("POST", `/plans/${YEAR}/approve`, { token: tokens.admin })).status).toBe(409);

    await call("PATCH", "/checklist/SFJ-003", { token: tokens.admin, json: { notes: "第二版" } });
    await call("POST", "/checklist/SFJ-003/publish", { token: tokens.admin });
    const plan = await getApprovedPlan(db, department.id, YEAR);
    expect(plan.items[0]).toMatchObject({ code: "SFJ-003", version: 1 });
    const v1 = await getPublishedItemVersion(db, department.id, "SFJ-003", 1);
    expect(effectiveRoundRule(v1, plan)).toEqual(plan.items[0]!.effective);
    const v2 = await getPublishedItemVersion(db, department.id, "SFJ-003");
    expect(() => effectiveRoundRule(v2, plan)).toThrow("not in the 2027 plan");
    const lawyers = await getPublishedItemVersion(db, department.id, "SFJ-001");
    expect(effectiveRoundRule(lawyers, plan)).toMatchObject({ ratesBp: rates(10000), roundsPerYear: 1 });
  });

  it("shows drafts to admins and auditors, approved plans only to inspectors", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await setup();
    await call("POST", "/plans", { token: tokens.admin, json: planBody([{ itemCode: "SFJ-004" }]) });
    expect((await call("POST", "/plans", { token: tokens.auditor, json: planBody([]) })).status).toBe(403);
    expect((await call("GET", `/plans/${YEAR}`, { token: tokens.auditor })).data.status).toBe("draft");
    const inspector = await newInspectorToken(get().db, department.id);
    expect((await call("GET", `/plans/${YEAR}`, { token: inspector.token })).status).toBe(404);
    expect((await call("GET", "/plans", { token: inspector.token })).data.items).toEqual([]);
    await call("POST", `/plans/${YEAR}/approve`, { token: tokens.admin });
    expect((await call("GET", "/plans", { token: inspector.token })).data.items).toHaveLength(1);
    expect((await call("DELETE", `/plans/${YEAR}`, { token: inspector.token })).status).toBe(403);
  });
});
