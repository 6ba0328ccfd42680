import { expect, it } from "vitest";
import { getPublishedItemVersion } from "../../src/checklist/item-queries.js";
import { loadSeedItems, seedItemInputs } from "../../src/checklist/seed-items.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment, newInspectorToken } from "../helpers/db.js";

/** A minimal valid item body; tests override what they exercise. */
function itemBody(code: string, extra: Record<string, unknown> = {}) {
  return {
    code,
    inspectingBody: "市场监督管理局",
    name: "对食品经营者的监督检查",
    legalBasis: "《中华人民共和国食品安全法》第一百一十条",
    content: "经营许可、进货查验记录、贮存条件",
    methods: ["written", "on_site"],
    defaultRateBp: 300,
    defaultRoundsPerYear: 2,
    ...extra,
  };
}

describeEachDriver("checklist items", (get) => {
  it("keeps drafts private and publishes to the public API without a token", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await newDepartment(get().db);
    const created = await call("POST", "/checklist", { token: tokens.admin, json: itemBody("FOOD-1") });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ code: "FOOD-1", version: 1, status: "draft", publishedAt: null });

    const before = await call("GET", `/public/departments/${department.code}/checklist`);
    expect(before.status).toBe(200);
    expect(before.data.items).toEqual([]);
    expect((await call("GET", `/public/departments/${department.code}/checklist/FOOD-1`)).status).toBe(404);

    const published = await call("POST", "/checklist/FOOD-1/publish", { token: tokens.admin });
    expect(published.status).toBe(200);
    expect(published.data.status).toBe("published");
    expect(Date.parse(published.data.publishedAt)).not.toBeNaN();

    const after = await call("GET", `/public/departments/${department.code}/checklist`);
    expect(after.data.department).toEqual({ code: department.code, name: department.name });
    expect(after.data.items.map((i: { code: string; version: number }) => [i.code, i.version])).toEqual([
      ["FOOD-1", 1],
    ]);
    expect(after.data.items[0].legalBasis).toBe("《中华人民共和国食品安全法》第一百一十条");
    expect((await call("POST", "/checklist/FOOD-1/publish", { token: tokens.admin })).status).toBe(409);
  });

  it("versions edits: a published version never changes, the edit becomes the next draft", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await newDepartment(get().db);
    await call("POST", "/checklist", { token: tokens.admin, json: itemBody("FOOD-2") });
    const draftEdit = await call("PATCH", "/checklist/FOOD-2", {
      token: tokens.admin,
      json: { notes: "草稿修改" },
    });
    expect(draftEdit.status).toBe(200);
    expect(draftEdit.data).toMatchObject({ version: 1, status: "draft", notes: "草稿修改" });
    const v1 = (await call("POST", "/checklist/FOOD-2/publish", { token: tokens.admin })).data;

    expect((await call("PATCH", "/checklist/FOOD-2", { token: tokens.admin, json: {} })).status).toBe(400);
    const v2 = await call("PATCH", "/checklist/FOOD-2", {
      token: tokens.admin,
      json: { content: "新增：标签标识" },
    });
    expect(v2.status).toBe(201);
    expect(v2.data).toMatchObject({
      version: 2,
      status: "draft",
      content: "新增：标签标识",
      notes: "草稿修改",
    });
    const again = await call("PATCH", "/checklist/FOOD-2", {
      token: tokens.admin,
      json: { notes: "第二版" },
    });
    expect(again.status).toBe(200);
    expect(again.data.version).toBe(2);

    const pub = `/public/departments/${department.code}/checklist`;
    expect((await call("GET", `${pub}/FOOD-2`)).data.current).toEqual(v1);
    await call("POST", "/checklist/FOOD-2/publish", { token: tokens.admin });
    const item = (await call("GET", `${pub}/FOOD-2`)).data;
    expect(item.current).toMatchObject({ version: 2, content: "新增：标签标识", notes: "第二版" });
    expect(item.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(item.versions[0]).toEqual(v1);
    expect((await call("GET", pub)).data.items.map((v: { version: number }) => v.version)).toEqual([2]);
    expect(
      (await call("GET", `${pub}?all=true`)).data.items.map((v: { version: number }) => v.version),
    ).toEqual([1, 2]);
    expect((await call("GET", "/checklist/FOOD-2/versions/1", { token: tokens.auditor })).data).toEqual(v1);
  });

  it("refuses an item without a legal basis and defaults below the floor unless a legal override is cited", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    const { legalBasis: _omit, ...noBasis } = itemBody("X-1");
    const missing = await call("POST", "/checklist", { token: tokens.admin, json: noBasis });
    expect(missing.status).toBe(400);
    expect(missing.data.errors.map((e: { field: string }) => e.field)).toContain("body.legalBasis");
    const blank = await call("POST", "/checklist", {
      token: tokens.admin,
      json: itemBody("X-1", { legalBasis: "   " }),
    });
    expect(blank.status).toBe(400);

    const low = await call("POST", "/checklist", {
      token: tokens.admin,
      json: itemBody("X-2", { defaultRateBp: 200, defaultRoundsPerYear: 1 }),
    });
    expect(low.status).toBe(422);
    expect(low.data.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "defaultRateBp",
      "defaultRoundsPerYear",
    ]);
    expect(low.data.errors[0].reason).toContain("细则第九条");

    const override = { rateBp: null, roundsPerYear: 1, basis: "《某法》第十条：每年检查一次" };
    const ok = await call("POST", "/checklist", {
      token: tokens.admin,
      json: itemBody("X-3", { defaultRoundsPerYear: 1, legalOverride: override }),
    });
    expect(ok.status).toBe(201);
    expect(ok.data.legalOverride).toEqual(override);
    const noFigures = await call("POST", "/checklist", {
      token: tokens.admin,
      json: itemBody("X-4", { legalOverride: { basis: "《某法》" } }),
    });
    expect(noFigures.status).toBe(400);
  });

  it("scopes items to their department and roles to their rights", async () => {
    const { call } = testApp(get());
    const a = await newDepartment(get().db);
    const b = await newDepartment(get().db);
    await call("POST", "/checklist", { token: a.tokens.admin, json: itemBody("OWN-1") });
    await call("POST", "/checklist/OWN-1/publish", { token: a.tokens.admin });
    await call("PATCH", "/checklist/OWN-1", { token: a.tokens.admin, json: { notes: "v2 草稿" } });

    expect((await call("GET", "/checklist/OWN-1", { token: b.tokens.admin })).status).toBe(404);
    expect(
      (await call("PATCH", "/checklist/OWN-1", { token: b.tokens.admin, json: { notes: "x" } })).status,
    ).toBe(404);
    expect((await call("POST", "/checklist/OWN-1/publish", { token: b.tokens.admin })).status).toBe(404);
    expect((await call("GET", "/checklist", { token: b.tokens.admin })).data.items).toEqual([]);
    expect((await call("GET", `/public/departments/${b.department.code}/checklist/OWN-1`)).status).toBe(404);
    expect((await call("GET", "/public/departments/NO-SUCH-DEPT/checklist")).status).toBe(404);
    await expect(getPublishedItemVersion(get().db, b.department.id, "OWN-1")).rejects.toThrow(
      "has no published version",
    );

    expect(
      (await call("POST", "/checklist", { token: a.tokens.auditor, json: itemBody("AUD-1") })).status,
    ).toBe(403);
    const asAuditor = (await call("GET", "/checklist/OWN-1", { token: a.tokens.auditor })).data;
    expect(asAuditor.draft).toMatchObject({ version: 2 });
    const inspector = await newInspectorToken(get().db, a.department.id);
    const asInspector = (await call("GET", "/checklist/OWN-1", { token: inspector.token })).data;
    expect(asInspector).toMatchObject({ draft: null, published: { version: 1 } });
    expect((await call("GET", "/checklist/OWN-1/versions/2", { token: inspector.token })).status).toBe(404);
    expect(
      (await call("PATCH", "/checklist/OWN-1", { token: inspector.token, json: { notes: "x" } })).status,
    ).toBe(403);
  });

  it("gives rounds the published version by code, id or number, never a draft", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await newDepartment(get().db);
    const db = get().db;
    await call("POST", "/checklist", { token: tokens.admin, json: itemBody("R-1") });
    await expect(getPublishedItemVersion(db, department.id, "R-1")).rejects.toThrow(
      "has no published version",
    );
    const v1 = (await call("POST", "/checklist/R-1/publish", { token: tokens.admin })).data;
    await call("PATCH", "/checklist/R-1", { token: tokens.admin, json: { notes: "v2" } });
    expect((await getPublishedItemVersion(db, department.id, "R-1")).version).toBe(1);
    await call("POST", "/checklist/R-1/publish", { token: tokens.admin });
    expect((await getPublishedItemVersion(db, department.id, "R-1")).version).toBe(2);
    expect(await getPublishedItemVersion(db, department.id, v1.itemId, 1)).toEqual(v1);
    await expect(getPublishedItemVersion(db, department.id, "R-1", 3)).rejects.toThrow(
      "has no published version 3",
    );
  });

  it("discards a draft; an item never published disappears with it", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    await call("POST", "/checklist", { token: tokens.admin, json: itemBody("D-1") });
    expect((await call("DELETE", "/checklist/D-1/draft", { token: tokens.admin })).status).toBe(204);
    expect((await call("GET", "/checklist/D-1", { token: tokens.admin })).status).toBe(404);
    expect((await call("POST", "/checklist", { token: tokens.admin, json: itemBody("D-1") })).status).toBe(
      201,
    );
    await call("POST", "/checklist/D-1/publish", { token: tokens.admin });
    expect((await call("DELETE", "/checklist/D-1/draft", { token: tokens.admin })).status).toBe(404);
    expect((await call("GET", "/checklist/D-1", { token: tokens.admin })).data.published.version).toBe(1);
  });

  it("loads the seed-004 items, with the 100 % / 一年一次 legal overrides, publicly", async () => {
    const { call } = testApp(get());
    const { department } = await newDepartment(get().db);
    const loaded = await loadSeedItems(get().db, department.id);
    expect(loaded.map((v) => v.code)).toEqual(seedItemInputs.map((i) => i.code));
    const pub = (await call("GET", `/public/departments/${department.code}/checklist`)).data.items;
    expect(pub).toHaveLength(seedItemInputs.length);
    const lawyers = pub.find((i: { code: string }) => i.code === "SFJ-001");
    expect(lawyers.legalOverride).toMatchObject({ rateBp: 10000, roundsPerYear: 1 });
    expect(lawyers.legalOverride.basis).toContain("一年一次");
    expect(lawyers.legalBasis).toContain("第五十二条");
    expect(lawyers.methods).toEqual(["written", "on_site"]);
  });
});
