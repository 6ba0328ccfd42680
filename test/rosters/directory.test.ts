/**
 * The public 执法人员名录 and certificate check over HTTP: only certified, active inspectors,
 * only the public fields, always the current roster (API writes and imports), and the
 * door check for valid, expired, suspended and unknown certificate numbers.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { importInspectorFile } from "../../src/rosters/imports/inspectors-import.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment, uniqueCode } from "../helpers/db.js";

const actor = { tokenId: null, role: null };

describeEachDriver("public inspector directory", (get) => {
  async function fixture() {
    const database = get();
    const app = testApp(database, { DATA_DIR: mkdtempSync(join(tmpdir(), "sortes-directory-")) });
    const dept = await newDepartment(database.db);
    const prefix = uniqueCode("C");
    const add = (name: string, suffix: string, o: Record<string, unknown> = {}) =>
      createInspector(
        database.db,
        dept.department.id,
        {
          name,
          post: "科员",
          certificateNo: `${prefix}-${suffix}`,
          certValidFrom: "2020-01-01",
          certValidUntil: "2099-12-31",
          qualifications: ["食品安全", "计量"],
          district: "鼓楼片区",
          ...o,
        },
        actor,
      );
    const valid = await add("林志明", "001");
    const second = await add("王芳", "002", { post: null, qualifications: [] });
    const expired = await add("陈过期", "003", { certValidUntil: "2021-06-30" });
    const future = await add("赵未起", "004", { certValidFrom: "2098-01-01" });
    const suspended = await add("周停职", "005");
    const s = await app.call("POST", `/inspectors/${suspended.id}/suspend`, {
      token: dept.tokens.admin,
      json: { reason: "停职审查" },
    });
    expect(s.status, s.text).toBe(200);
    return { ...app, ...dept, prefix, valid, second, expired, future, suspended };
  }

  it("lists certified, active inspectors with the public fields only", async () => {
    const fx = await fixture();
    const r = await fx.call("GET", `/public/inspectors?department=${fx.department.code}`);
    expect(r.status, r.text).toBe(200);
    expect(Object.keys(r.data).sort()).toEqual(["department", "items", "page", "pageSize", "total"]);
    expect(r.data.department).toEqual({ code: fx.department.code, name: fx.department.name });
    expect(r.data.items).toEqual([
      {
        name: "林志明",
        post: "科员",
        certificateNo: `${fx.prefix}-001`,
        enforcementTypes: ["食品安全", "计量"],
        validUntil: "2099-12-31",
      },
      {
        name: "王芳",
        post: null,
        certificateNo: `${fx.prefix}-002`,
        enforcementTypes: [],
        validUntil: "2099-12-31",
      },
    ]);
    expect(r.data.total).toBe(2);
    for (const item of r.data.items) {
      expect(Object.keys(item).sort()).toEqual([
        "certificateNo",
        "enforcementTypes",
        "name",
        "post",
        "validUntil",
      ]);
    }
    // Nothing else of the roster: no ids, district, status or history.
    for (const secret of [fx.valid.id, fx.second.id, "鼓楼片区", "2020-01-01", "active"]) {
      expect(r.text).not.toContain(secret);
    }
    // By department id too; q by part of a name or the start of a certificate number.
    const byId = await fx.call("GET", `/public/inspectors?department=${fx.department.id}`);
    expect(byId.data.items).toEqual(r.data.items);
    const byName = await fx.call(
      "GET",
      `/public/inspectors?department=${fx.department.code}&q=${encodeURIComponent("志明")}`,
    );
    expect(byName.data.items.map((i: { name: string }) => i.name)).toEqual(["林志明"]);
    const byCert = await fx.call(
      "GET",
      `/public/inspectors?department=${fx.department.code}&q=${fx.prefix}-00`,
    );
    expect(byCert.data.total).toBe(2);
    expect(
      (await fx.call("GET", `/public/inspectors?department=${fx.department.code}&page=2`)).data.items,
    ).toEqual([]);
    expect((await fx.call("GET", "/public/inspectors?department=NO-SUCH-DEPT")).status).toBe(404);
  });

  it("shows the current roster after API writes and after an import", async () => {
    const fx = await fixture();
    const path = `/public/inspectors?department=${fx.department.code}`;
    const names = async () =>
      ((await fx.call("GET", path)).data.items as { name: string }[]).map((i) => i.name).sort();
    expect(await names()).toEqual(["林志明", "王芳"].sort());
    const first = await fx.call("GET", path);
    const cached = await fx.call("GET", path, { headers: { "if-none-match": first.headers.get("etag")! } });
    expect(cached.status).toBe(304);

    const s = await fx.call("POST", `/inspectors/${fx.valid.id}/suspend`, {
      token: fx.tokens.admin,
      json: { reason: "停职审查" },
    });
    expect(s.status, s.text).toBe(200);
    expect(await names()).toEqual(["王芳"]);
    const reinstated = await fx.call("POST", `/inspectors/${fx.suspended.id}/reinstate`, {
      token: fx.tokens.admin,
      json: {},
    });
    expect(reinstated.status, reinstated.text).toBe(200);
    expect(await names()).toEqual(["周停职", "王芳"].sort());

    // An import writes after its request has answered (a job): it must drop the cached page
    // itself. Run as the job runs it, with no request around it.
    const csv = `姓名,职务,执法证号,证件有效期止,执法类型\n吴导入,副科长,${fx.prefix}-100,2099-12-31,食品安全\n`;
    const report = await importInspectorFile(get(), {
      departmentId: fx.department.id,
      source: (async function* () {
        yield Buffer.from(csv, "utf8");
      })(),
      format: "csv",
      actor,
    });
    expect(report.ok, JSON.stringify(report.errors)).toBe(true);
    await get().changes.sync(); // waits for notifications already sent; announces nothing itself
    const imported = (await fx.call("GET", path)).data.items as { name: string; post: string }[];
    expect(imported.find((i) => i.name === "吴导入")).toMatchObject({ post: "副科长" });
  });

  it("checks a certificate number: valid, expired, not yet valid, suspended, unknown", async () => {
    const fx = await fixture();
    const check = (no: string, dept = fx.department.code) =>
      fx.call("GET", `/public/inspectors/certificates/${encodeURIComponent(no)}?department=${dept}`);
    const dept = { code: fx.department.code, name: fx.department.name };

    const ok = await check(`${fx.prefix}-001`);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.data).toEqual({
      valid: true,
      name: "林志明",
      department: dept,
      status: "valid",
      validUntil: "2099-12-31",
    });
    // Typed on a phone with full-width characters, the number still matches.
    const wide = `${fx.prefix}-001`.replace(/[0-9A-Za-z-]/g, (ch) =>
      String.fromCharCode(ch.charCodeAt(0) + 0xfee0),
    );
    expect((await check(wide)).data.valid).toBe(true);

    expect((await check(`${fx.prefix}-003`)).data).toEqual({
      valid: false,
      name: "陈过期",
      department: dept,
      status: "expired",
      validUntil: "2021-06-30",
    });
    expect((await check(`${fx.prefix}-004`)).data).toMatchObject({ valid: false, status: "not-yet-valid" });
    expect((await check(`${fx.prefix}-005`)).data).toMatchObject({ valid: false, status: "suspended" });

    const unknown = await check(`${fx.prefix}-999`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/problem+json");
    // Another department's number is unknown here.
    const other = await newDepartment(get().db);
    expect((await check(`${fx.prefix}-001`, other.department.code)).status).toBe(404);
  });

  it("renders the portal page: the directory, the nav link and the certificate check (zh and en)", async () => {
    const fx = await fixture();
    const zh = await fx.call("GET", `/zh/inspectors?dept=${fx.department.code}`);
    expect(zh.status).toBe(200);
    expect(zh.headers.get("content-type")).toContain("text/html");
    expect(zh.text).toContain('<a href="/zh/inspectors" aria-current="page">执法人员名录</a>');
    expect(zh.text).toContain("共 2 人");
    for (const shown of ["林志明", `${fx.prefix}-001`, "食品安全、计量", "王芳", `${fx.prefix}-002`]) {
      expect(zh.text).toContain(shown);
    }
    for (const hidden of ["陈过期", "赵未起", "周停职", "鼓楼片区"]) expect(zh.text).not.toContain(hidden);
    expect(zh.text).toContain('name="cert"');

    const valid = await fx.call("GET", `/zh/inspectors?dept=${fx.department.code}&cert=${fx.prefix}-001`);
    expect(valid.text).toContain(`有效：林志明，${fx.department.name}执法人员，执法证有效期至 2099-12-31。`);
    const expired = await fx.call("GET", `/zh/inspectors?dept=${fx.department.code}&cert=${fx.prefix}-003`);
    expect(expired.text).toContain("无效：陈过期 的执法证已过有效期（有效期至 2021-06-30）");
    const unknown = await fx.call("GET", `/zh/inspectors?dept=${fx.department.code}&cert=NOPE-1`);
    expect(unknown.text).toContain(`${fx.department.name}的执法人员名录中没有执法证号“NOPE-1”`);

    const en = await fx.call(
      "GET",
      `/en/inspectors?dept=${fx.department.code}&q=${encodeURIComponent("王")}`,
    );
    expect(en.status).toBe(200);
    expect(en.text).toContain("Public inspector directory");
    expect(en.text).toContain("1 inspectors");
    expect(en.text).toContain("王芳");
    expect(en.text).not.toContain("林志明");
    // Without a department the page asks for one.
    expect((await fx.call("GET", "/zh/inspectors")).text).toContain("请先在首页输入部门代码");
  });
});
