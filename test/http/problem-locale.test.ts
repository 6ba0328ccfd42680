/**
 * Problems in the caller's language (issue 12): `Accept-Language: zh-CN` gets the Chinese
 * title of the error class, the common details and zod's Chinese field messages; no header
 * (or English preferred) keeps the English problem. And the operator role: the workflow's
 * writes are open to it, the department's administration is not.
 */
import { describe, expect, it } from "vitest";
import { problemLocale } from "../../src/http/problem-locale.js";
import { newAccount, PASSWORD, sessionApp } from "../auth/session-app.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

const ZH = { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" };
const HAN = /[\u4e00-\u9fff]/;

describe("problemLocale", () => {
  it("follows the q-values between Chinese and English, English by default", () => {
    expect(problemLocale("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(problemLocale("zh-TW")).toBe("zh-CN");
    expect(problemLocale("en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(problemLocale("fr, zh;q=0.5")).toBe("zh-CN");
    expect(problemLocale("zh;q=0, en;q=0.1")).toBe("en");
    expect(problemLocale("fr")).toBe("en");
    expect(problemLocale(undefined)).toBe("en");
  });
});

describeEachDriver("problem+json in the caller's language", (get) => {
  it("answers 401, 403 and 404 with Chinese titles and details when asked", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);

    const anonymous = await call("GET", "/rounds", { headers: ZH });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toContain("application/problem+json");
    expect(anonymous.headers.get("content-language")).toBe("zh-CN");
    expect(anonymous.headers.get("vary")).toContain("Accept-Language");
    expect(anonymous.data).toMatchObject({
      title: "需要登录",
      detail: "请先登录（或使用 API 令牌）",
      status: 401,
    });

    const auditor = await call("POST", "/checklist/X-1/publish", { token: tokens.auditor, headers: ZH });
    expect(auditor.status).toBe(403);
    expect(auditor.data.title).toBe("无权操作");
    expect(auditor.data.detail).toMatch(/^纪检（只读）角色无权执行此操作/);

    const missing = await call("GET", "/checklist/NO-SUCH-ITEM", { token: tokens.admin, headers: ZH });
    expect(missing.status).toBe(404);
    expect(missing.data).toMatchObject({ title: "未找到", detail: "检查事项 NO-SUCH-ITEM 不存在" });

    // The same refusal without the header (or with English preferred) stays in English.
    const englishHeaders: Record<string, string>[] = [{}, { "accept-language": "en-US,en;q=0.9,zh;q=0.8" }];
    for (const headers of englishHeaders) {
      const english = await call("GET", "/rounds", { headers });
      expect(english.data.title).toBe("Authentication required");
      expect(english.headers.get("content-language")).toBe("en");
    }
  });

  it("writes validation errors' field messages in Chinese, keeping the fields", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    const body = { login: "", displayName: "张三", role: "chief", password: "short" };
    const zh = await call("POST", "/accounts", { token: tokens.admin, json: body, headers: ZH });
    expect(zh.status).toBe(400);
    expect(zh.data.title).toBe("输入无效");
    expect(zh.data.detail).toBe("请求体无效，请检查标出的字段");
    const fields = zh.data.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["body.login", "body.role"]));
    for (const e of zh.data.errors) expect(e.reason, e.field).toMatch(HAN);

    const en = await call("POST", "/accounts", { token: tokens.admin, json: body });
    expect(en.data.title).toBe("Invalid input");
    expect(en.data.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    for (const e of en.data.errors) expect(e.reason, e.field).not.toMatch(HAN);
  });

  it("explains a refused sign-in and a write without the CSRF header in Chinese", async () => {
    const { db } = get();
    const { department } = await newDepartment(db);
    const { login } = await newAccount(db, department.id, "admin");
    const { browser } = sessionApp(get());
    const b = browser();
    const wrong = await b.call("POST", "/auth/sign-in", {
      json: { login, password: "not the password" },
      headers: ZH,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.data).toMatchObject({ title: "需要登录", detail: "账号或密码错误" });

    expect((await b.signIn(login, PASSWORD)).status).toBe(200);
    const noCsrf = await b.call("POST", "/auth/sign-out", { csrf: false, headers: ZH });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.data.title).toBe("跨站请求被拒绝");
    expect(noCsrf.data.detail).toMatch(/x-csrf-token/);
  });
});

describeEachDriver("operator role", (get) => {
  it("does the workflow's writes but not the department's administration", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    const item = {
      code: "OP-ITEM",
      inspectingBody: "市场监管局",
      name: "经办人事项",
      legalBasis: "《条例》第一条",
      content: "检查内容",
      methods: ["written"],
    };
    const created = await call("POST", "/checklist", { token: tokens.operator, json: item });
    expect(created.status, created.text).toBe(201);
    const published = await call("POST", "/checklist/OP-ITEM/publish", { token: tokens.operator });
    expect(published.status, published.text).toBeLessThan(300);
    expect((await call("GET", "/audit", { token: tokens.operator })).status).toBe(200);

    const account = { login: "op-made", displayName: "x", role: "admin", password: "long-enough-password" };
    const refused: [string, string, unknown?][] = [
      ["POST", "/accounts", account],
      ["GET", "/accounts"],
      ["POST", "/tokens", { role: "admin", label: "escalate" }],
      ["GET", "/tokens"],
      ["GET", "/notifications/webhooks"],
      ["POST", "/departments", { code: "SUB", name: "下级", regionCode: "350102" }],
    ];
    for (const [method, path, json] of refused) {
      const r = await call(method, path, { token: tokens.operator, json });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.data.detail).toMatch(/^role operator may not/);
    }
    // An admin can make an operator account, and the role is what it says.
    const made = await call("POST", "/accounts", {
      token: tokens.admin,
      json: { login: "op-account", displayName: "经办人", role: "operator" },
    });
    expect(made.status, made.text).toBe(201);
    expect(made.data.account.role).toBe("operator");
  });
});
