/**
 * The department tree: the region rule (a child's region lies strictly under its parent's),
 * POST /departments (an admin creates a subordinate of its own department), GET /departments
 * (the caller's department and everything below it) and `sortes department create --parent`.
 */
import { describe, expect, it } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { departmentCreateCommand } from "../../src/cli/admin.js";
import { createDepartment } from "../../src/departments/departments.js";
import { levelOf, regionUnderReason } from "../../src/departments/region.js";
import { Invalid } from "../../src/errors.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, uniqueCode } from "../helpers/db.js";

describe("region rule", () => {
  it("reads the level from the code", () => {
    expect(["350000", "350100", "350102", "110000", "110101"].map(levelOf)).toEqual([
      "province",
      "city",
      "county",
      "province",
      "county",
    ]);
  });

  it("accepts a child strictly under its parent and says why otherwise", () => {
    // 35xxxx under 350000, 3501xx under 350100; a province may hold a county directly (省直管县).
    for (const [parent, child] of [
      ["350000", "350100"],
      ["350000", "350900"],
      ["350100", "350102"],
      ["350100", "350181"],
      ["420000", "429004"],
    ] as const) {
      expect(regionUnderReason(parent, child), `${child} under ${parent}`).toBeNull();
    }
    for (const [parent, child, reason] of [
      ["350000", "360100", /start with 35/],
      ["350100", "350202", /start with 3501/],
      ["350100", "350100", /lower level/],
      ["350100", "350000", /lower level/],
      ["350000", "350000", /lower level/],
      ["350102", "350103", /no subordinates/],
      ["350100", "3501", /6 digits/],
    ] as const) {
      expect(regionUnderReason(parent, child), `${child} under ${parent}`).toMatch(reason);
    }
  });
});

describeEachDriver("department tree", (get) => {
  async function province() {
    const db = get().db;
    const dept = await createDepartment(db, {
      code: uniqueCode("FJ"),
      name: "福建省市场监督管理局",
      regionCode: "350000",
    });
    const admin = (await createToken(db, { departmentId: dept.id, role: "admin", label: "province" })).token;
    return { dept, admin };
  }

  it("an admin creates a subordinate under its own department and lists its subtree", async () => {
    const { call } = testApp(get());
    const p = await province();
    const cityCode = uniqueCode("FZ");
    const city = await call("POST", "/departments", {
      token: p.admin,
      json: {
        code: cityCode,
        name: "福州市市场监督管理局",
        regionCode: "350100",
        admin: { login: `adm-${cityCode}`.toLowerCase(), displayName: "福州管理员" },
      },
    });
    expect(city.status, city.text).toBe(201);
    expect(city.data).toMatchObject({
      code: cityCode,
      regionCode: "350100",
      parentId: p.dept.id,
      level: "city",
    });
    expect(city.data.admin.oneTimePassword).toMatch(/.{10,}/);

    // The city's own admin creates a county below the city.
    const cityAdmin = (
      await createToken(get().db, { departmentId: city.data.id, role: "admin", label: "city" })
    ).token;
    const county = await call("POST", "/departments", {
      token: cityAdmin,
      json: { code: uniqueCode("GL"), name: "鼓楼区市场监督管理局", regionCode: "350102" },
    });
    expect(county.status, county.text).toBe(201);
    expect(county.data).toMatchObject({ parentId: city.data.id, level: "county" });
    expect(county.data.admin).toBeUndefined();

    const all = await call("GET", "/departments", { token: p.admin });
    expect(all.status).toBe(200);
    expect(all.data.items.map((d: { id: string }) => d.id)).toEqual([
      p.dept.id,
      city.data.id,
      county.data.id,
    ]);
    expect(all.data.items[0]).toMatchObject({ parentId: null, level: "province", regionCode: "350000" });
    const fromCity = await call("GET", "/departments", { token: cityAdmin });
    expect(fromCity.data.items.map((d: { id: string }) => d.id)).toEqual([city.data.id, county.data.id]);
    const own = await call("GET", "/department", { token: cityAdmin });
    expect(own.data).toMatchObject({ id: city.data.id, parentId: p.dept.id, level: "city" });
  });

  it("refuses a region outside the parent's, a duplicate code and non-admins", async () => {
    const { call } = testApp(get());
    const p = await province();
    const body = (regionCode: string, code = uniqueCode("X")) => ({ code, name: "某局", regionCode });
    const outside = await call("POST", "/departments", { token: p.admin, json: body("360100") });
    expect(outside.status).toBe(400);
    expect(outside.data.errors).toEqual([
      { field: "regionCode", reason: expect.stringMatching(/start with 35/) },
    ]);
    expect((await call("POST", "/departments", { token: p.admin, json: body("350000") })).status).toBe(400);
    const code = uniqueCode("DUP");
    expect((await call("POST", "/departments", { token: p.admin, json: body("350100", code) })).status).toBe(
      201,
    );
    expect((await call("POST", "/departments", { token: p.admin, json: body("350200", code) })).status).toBe(
      409,
    );
    const auditor = (await createToken(get().db, { departmentId: p.dept.id, role: "auditor", label: "a" }))
      .token;
    expect((await call("POST", "/departments", { token: auditor, json: body("350300") })).status).toBe(403);
    // Nothing half-made: the refused ones do not show up.
    const list = await call("GET", "/departments", { token: auditor });
    expect(list.data.items.map((d: { regionCode: string }) => d.regionCode)).toEqual(["350000", "350100"]);
  });

  it("sortes department create --parent applies the same rule", async () => {
    const db = get().db;
    const p = await province();
    const d = await departmentCreateCommand(db, {
      code: uniqueCode("XM"),
      name: "厦门市市场监督管理局",
      regionCode: "350200",
      parentCode: p.dept.code,
    });
    expect(d).toMatchObject({ parentId: p.dept.id, level: "city" });
    await expect(
      departmentCreateCommand(db, {
        code: uniqueCode(),
        name: "x",
        regionCode: "440100",
        parentCode: p.dept.code,
      }),
    ).rejects.toBeInstanceOf(Invalid);
  });
});
