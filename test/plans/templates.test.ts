/**
 * Plan templates (issue 14): a province publishes items, rounds and rates; the departments
 * below it adopt the template into their own draft plan (checked like any plan); templates come
 * down the tree only — another province, and the levels above a template's publisher, never see it.
 */
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { createDepartment } from "../../src/departments/departments.js";
import { roundFixture } from "../draws/fixture.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, uniqueCode } from "../helpers/db.js";

describeEachDriver("plan templates", (get) => {
  let call: ReturnType<typeof testApp>["call"];
  const admin = {} as Record<"P" | "Q" | "A" | "B", string>;
  let countyA: Awaited<ReturnType<typeof roundFixture>>;
  let templateId: string;
  const rates = { A: 500, B: 800, C: 1500, D: 4000 };

  beforeAll(async () => {
    const db = get().db;
    call = testApp(get()).call;
    const top = async (key: "P" | "Q", regionCode: string) => {
      const d = await createDepartment(db, { code: uniqueCode(key), name: `${key}省局`, regionCode });
      admin[key] = (await createToken(db, { departmentId: d.id, role: "admin", label: key })).token;
      return d;
    };
    const p = await top("P", "350000");
    await top("Q", "360000");
    countyA = await roundFixture(db, { entities: 5, inspectors: 2 });
    const countyB = await roundFixture(db, { entities: 5, inspectors: 2 });
    for (const [fx, region] of [
      [countyA, "350102"],
      [countyB, "350103"],
    ] as const) {
      await db.execute(
        sql`update departments set region_code = ${region}, parent_id = ${p.id} where id = ${fx.department.id}`,
      );
    }
    admin.A = countyA.tokens.admin;
    admin.B = countyB.tokens.admin;
    const published = await call("POST", "/plan-templates", {
      token: admin.P,
      json: {
        year: 2027,
        title: "2027年度全省双随机抽查计划模板",
        roundsPerYear: 2,
        ratesBp: rates,
        maxInspectionsPerEntityPerYear: 1,
        items: [{ itemCode: countyA.itemCode, roundsPerYear: 3, ratesBp: null }],
      },
    });
    expect(published.status, published.text).toBe(201);
    templateId = published.data.id;
  }, 120_000);

  it("comes down the tree and no further", async () => {
    for (const who of ["P", "A", "B"] as const) {
      const list = await call("GET", "/plan-templates", { token: admin[who] });
      expect(
        list.data.items.map((t: { id: string }) => t.id),
        who,
      ).toContain(templateId);
    }
    expect((await call("GET", "/plan-templates", { token: admin.Q })).data.items).toEqual([]);
    expect((await call("GET", `/plan-templates/${templateId}`, { token: admin.Q })).status).toBe(404);
    expect((await call("POST", `/plan-templates/${templateId}/adopt`, { token: admin.Q })).status).toBe(404);
    // A county's own template does not go up to the province.
    const own = await call("POST", "/plan-templates", {
      token: admin.A,
      json: { year: 2027, roundsPerYear: 2, ratesBp: rates, items: [{ itemCode: countyA.itemCode }] },
    });
    expect(own.status).toBe(201);
    expect((await call("GET", `/plan-templates/${own.data.id}`, { token: admin.P })).status).toBe(404);
    expect((await call("GET", `/plan-templates/${own.data.id}`, { token: admin.B })).status).toBe(404);
  });

  it("a county adopts it into its own draft plan, once; the publisher sees the uptake", async () => {
    const adopted = await call("POST", `/plan-templates/${templateId}/adopt`, { token: admin.A });
    expect(adopted.status, adopted.text).toBe(201);
    expect(adopted.data).toMatchObject({
      year: 2027,
      status: "draft",
      title: "2027年度全省双随机抽查计划模板",
      roundsPerYear: 2,
      ratesBp: rates,
      maxInspectionsPerEntityPerYear: 1,
    });
    expect(adopted.data.items).toHaveLength(1);
    expect(adopted.data.items[0]).toMatchObject({ code: countyA.itemCode, roundsPerYear: 3, ratesBp: null });
    expect(adopted.data.items[0].effective).toMatchObject({ roundsPerYear: 3, ratesBp: rates });
    // The county's own plan, editable and approvable by the county alone.
    expect((await call("GET", "/plans/2027", { token: admin.A })).data.id).toBe(adopted.data.id);
    expect((await call("POST", `/plan-templates/${templateId}/adopt`, { token: admin.A })).status).toBe(409);

    const detail = await call("GET", `/plan-templates/${templateId}`, { token: admin.P });
    expect(detail.data.adoptions.map((a: { code: string }) => a.code)).toEqual([countyA.department.code]);
    expect((await call("GET", `/plan-templates/${templateId}`, { token: admin.A })).data.adoptions).toEqual(
      [],
    );
  });

  it("a county without the item in its published checklist is refused, and nothing is left behind", async () => {
    const r = await call("POST", `/plan-templates/${templateId}/adopt`, { token: admin.B });
    expect(r.status, r.text).toBe(422);
    expect(r.text).toContain(countyA.itemCode);
    expect((await call("GET", "/plans/2027", { token: admin.B })).status).toBe(404);
    const detail = await call("GET", `/plan-templates/${templateId}`, { token: admin.P });
    expect(detail.data.adoptions).toHaveLength(1);
  });
});
