/**
 * Roles in the console, in Chromium (issue 12, Done-when 2): an auditor and an inspector (each
 * of its own department) sign in and find every admin action absent from the UI AND refused
 * by the server — the write APIs are called from the page with the session cookie and the
 * CSRF token, as a tampered page would, and answer 403 …/forbidden; an operator sees the
 * workflow but not the administration. A write with the cookie but without x-csrf-token is
 * refused (403 …/csrf) and changes nothing. The board's and findings' decisions (recusal
 * requests, approve / withhold, correction requests) are the operator's as much as the admin's,
 * as the server's access lists say: the operator sees and uses them, the auditor sees none.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/auth/accounts.js";
import { accounts } from "../../src/auth/accounts.schema.js";
import type { Role } from "../../src/auth/tokens.js";
import type { Db } from "../../src/db/types.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { roundFixture } from "../draws/fixture.js";
import { SIGNING_KEY_HEX } from "../draws/helpers.js";
import { drawnRoundTeam, drawnTeamFixture, fileSignedFinding, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeOnOneDriver, newDepartment } from "../helpers/db.js";
import { type Browser, browserTestsEnabled, chromiumAvailable, launchChromium } from "./chromium.js";
import { listen, type Served } from "./serve.js";

const run = browserTestsEnabled || chromiumAvailable();
if (!run) describe.skip("console roles in Chromium: skipped, no Chromium at /usr/bin/chromium", () => {});

const PASSWORD = "role-test-password-01";
const id = randomUUID();

/** Every write only an admin (or the workflow's operator) may do: [method, path, body]. */
const ADMIN_WRITES: [string, string, unknown][] = [
  ["POST", "/accounts", { login: "intruder", displayName: "x", role: "admin" }],
  ["POST", `/accounts/${id}/password`, {}],
  ["POST", `/accounts/${id}/disable`, undefined],
  ["POST", "/departments", { code: "SUB-X", name: "下级", regionCode: "350102" }],
  ["POST", "/tokens", { role: "admin", label: "escalate" }],
  ["POST", "/notifications/webhooks", { url: "https://example.org/hook" }],
  ["POST", "/checklist", { code: "X", name: "x" }],
  ["POST", "/plans", { year: 2030 }],
  ["POST", "/rounds", { title: "x" }],
  ["POST", "/entities/revisions", { label: "x" }],
  ["POST", `/rounds/${id}/commit`, undefined],
  ["POST", `/rounds/${id}/draw`, undefined],
  ["POST", `/findings/${id}/approve`, undefined],
  ["POST", `/recusal-requests/${id}/decision`, { accept: true }],
  ["POST", `/findings/${id}/withhold`, { reason: "privacy", note: "x" }],
  ["POST", `/findings/${id}/retract`, { reason: "revoked", explanation: "x" }],
  ["POST", `/correction-requests/${id}/resolve`, { status: "rejected", outcome: "x" }],
];
/** Reads that are the administration's own. */
const ADMIN_READS = ["/accounts", "/tokens", "/notifications/webhooks"];
/** The workflow's pages (menu text, card title) and the data-action of each write button on them. */
const WORKFLOW_PAGES = [
  { menu: "检查事项", title: "抽查事项清单", actions: ["new-item"] },
  { menu: "名录库", title: "名录库", actions: ["upload-entities", "upload-inspectors", "freeze"] },
  {
    menu: "年度计划",
    title: "年度抽查计划",
    actions: ["new-plan", "edit-plan", "approve-plan", "amend-plan"],
  },
  { menu: "抽查任务", title: "抽查任务", actions: ["new-round"] },
];
/** Menu entries of the administration, by their text. */
const ADMIN_MENU = ["账号与部门", "Webhook"];

async function account(db: Db, departmentId: string, role: Role, inspectorId?: string) {
  const login = `${role}-${randomBytes(4).toString("hex")}`;
  const { account: a } = await createAccount(db, {
    departmentId,
    login,
    displayName: `测试${role}`,
    role,
    inspectorId,
    password: PASSWORD,
  });
  // The one-time-password step is console-admin.test.ts's; here the person has set theirs.
  await db.update(accounts).set({ mustChangePassword: false }).where(eq(accounts.id, a.id));
  return login;
}

/** Signs in through the sign-in page; `next` skips the dashboard's charts, which this test does not need. */
async function signIn(page: Page, origin: string, login: string, next?: string) {
  await page.context().clearCookies();
  await page.goto(`${origin}/console/login${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await page.getByLabel("账号").fill(login);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: /登\s*录/ }).click();
}

type Call = { method: string; path: string; body?: unknown; withCsrf?: boolean };

/**
 * Calls the API from the page, as its own code would: same origin, the session cookie and
 * (unless withCsrf is false) the CSRF token the session answer gives.
 */
function callsFromPage(page: Page, calls: Call[]) {
  return page.evaluate(async (calls) => {
    const session = await fetch("/auth/session");
    const csrf = session.ok ? (await session.json()).csrfToken : null;
    const out = [];
    for (const { method, path, body, withCsrf = true } of calls) {
      const headers: Record<string, string> = { "accept-language": "zh-CN" };
      if (withCsrf && csrf) headers["x-csrf-token"] = csrf;
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const problem = await res.json().catch(() => null);
      out.push({
        status: res.status,
        type: problem?.type as string | undefined,
        title: problem?.title as string,
      });
    }
    return out;
  }, calls);
}

async function callFromPage(page: Page, method: string, path: string, body?: unknown, withCsrf = true) {
  const [r] = await callsFromPage(page, [{ method, path, body, withCsrf }]);
  return r!;
}

async function expectAdminRefused(page: Page, who: string, writes = ADMIN_WRITES) {
  const calls = [
    ...writes.map(([method, path, body]) => ({ method, path, body })),
    ...ADMIN_READS.map((path) => ({ method: "GET", path })),
  ];
  const answers = await callsFromPage(page, calls);
  calls.forEach((c, i) => {
    const what = `${who}: ${c.method} ${c.path}`;
    expect(answers[i]?.status, what).toBe(403);
    expect(answers[i]?.type, what).toMatch(/\/forbidden$/);
    expect(answers[i]?.title, what).toBe("无权操作");
  });
}

/** Opens a console page from the side menu (no reload) and waits for its card title. */
async function openFromMenu(page: Page, entry: string, title: string) {
  await page.getByTestId("console-nav").getByRole("menuitem", { name: entry }).click();
  await page.locator(".ant-card-head-title", { hasText: title }).first().waitFor();
  // Its data has loaded (a button that depends on it would show by now).
  await page.waitForFunction(() => !document.querySelector(".ant-spin-spinning, .ant-skeleton-active"));
}

async function menuTexts(page: Page): Promise<string[]> {
  await page.getByTestId("console-nav").waitFor();
  return (await page.getByTestId("console-nav").getByRole("menuitem").allTextContents()).map((s) => s.trim());
}

/**
 * The decisions on the board and findings pages (the server admits admin and operator): the
 * data-action buttons shown for a pending recusal request, a pending finding and a pending
 * correction request.
 */
async function decisionButtons(
  page: Page,
  origin: string,
  wf: { roundId: string; requestId: string; pendingId: string },
) {
  const count = (sel: string) => page.locator(sel).count();
  await page.goto(`${origin}/console/rounds/${wf.roundId}/board`);
  const request = page.locator(`[data-recusal-request="${wf.requestId}"]`);
  await request.locator('[data-request-status="pending"]').waitFor();
  const recusal = [
    await count('[data-action="accept-recusal"]'),
    await count('[data-action="reject-recusal"]'),
  ];
  await page.goto(`${origin}/console/findings`);
  await page.locator(`[data-finding="${wf.pendingId}"]`).click();
  await page.locator(`[data-review="${wf.pendingId}"]`).waitFor();
  const finding = [await count('[data-action="approve"]'), await count('[data-action="withhold"]')];
  await page.goto(`${origin}/console/findings?tab=corrections`);
  await page.getByText("整改期限应为三月底").waitFor();
  const correction = await count('[data-action="resolve-correction"]');
  return { recusal, finding, correction };
}

(run ? describeOnOneDriver : () => {})("console roles in Chromium", (get, driver) => {
  let browser: Browser;
  let served: Served;
  let page: Page;
  const logins = {} as Record<"auditor" | "operator" | "inspector", string>;
  /** A drawn round of the auditor's and operator's department: a pending recusal request, a
   * pending finding, and a published one with a pending correction request. */
  const wf = {} as { roundId: string; requestId: string; pendingId: string; correctionId: string };

  beforeAll(async () => {
    const { db } = get();
    const a = await roundFixture(db, { entities: 200, inspectors: 8 });
    logins.auditor = await account(db, a.department.id, "auditor");
    logins.operator = await account(db, a.department.id, "operator");
    const b = await newDepartment(db);
    const inspector = await createInspector(
      db,
      b.department.id,
      {
        name: "李检查",
        certificateNo: `R-${driver}-${randomBytes(4).toString("hex")}`,
        certValidUntil: "2030-12-31",
        qualifications: ["食品安全"],
      },
      { tokenId: null, role: null },
    );
    logins.inspector = await account(db, b.department.id, "inspector", inspector.id);
    const { app, call } = testApp(get(), { SIGNING_KEY_HEX, DATA_DIR: tempDataDir() });
    const drawn = await drawnRoundTeam(db, call, a);
    wf.roundId = drawn.roundId;
    const teams = drawn.proof.finalTeams as { entityId: string; members: string[] }[];
    const first = (await call("GET", `/rounds/${wf.roundId}/board?limit=1`, { token: a.tokens.admin })).data
      .items[0] as { entityId: string; inspectorId: string };
    const asked = await call("POST", `/public/rounds/${wf.roundId}/recusal-requests`, {
      json: {
        entityId: first.entityId,
        inspectorId: first.inspectorId,
        category: "former-employment",
        statement: "该检查人员两年前在本公司任职",
        contact: "13800000000",
      },
    });
    expect(asked.status, asked.text).toBe(201);
    wf.requestId = asked.data.id;
    const others = teams.flatMap((t, i) => (t.entityId === first.entityId ? [] : [i]));
    const team = (i: number) => drawnTeamFixture(db, call, a.department.id, wf.roundId, others[i]);
    wf.pendingId = (await fileSignedFinding(call, await team(0))).findingId;
    const publishedId = (await fileSignedFinding(call, await team(1))).findingId;
    const approved = await call("POST", `/findings/${publishedId}/approve`, { token: a.tokens.admin });
    expect(approved.status, approved.text).toBeLessThan(300);
    const corr = await call("POST", `/public/findings/${publishedId}/corrections`, {
      json: { message: "整改期限应为三月底" },
    });
    expect(corr.status, corr.text).toBe(201);
    wf.correctionId = corr.data.id;
    served = await listen((req) => app.fetch(req));
    browser = await launchChromium();
    page = await browser.context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("an auditor reads the console, sees no admin action, and the server refuses them", {
    timeout: 60_000,
  }, async () => {
    await signIn(page, served.origin, logins.auditor, "/checklist");
    await page.waitForURL(/\/console\/checklist$/);
    await page.getByTestId("signed-in").getByText("纪检（只读）").waitFor();
    const menu = await menuTexts(page);
    expect(menu).toContain("审计日志");
    for (const entry of ADMIN_MENU) expect(menu).not.toContain(entry);

    // The workflow pages open read-only: none of their write buttons. Pages whose menu line has
    // not landed are skipped (the menu is the auditor's only way there besides typing the URL).
    await page.locator(".ant-card-head-title", { hasText: "抽查事项清单" }).first().waitFor();
    for (const p of WORKFLOW_PAGES.filter((p) => menu.includes(p.menu))) {
      await openFromMenu(page, p.menu, p.title);
      for (const action of p.actions) {
        expect(await page.locator(`[data-action="${action}"]`).count(), `${p.menu}: ${action}`).toBe(0);
      }
    }
    // Nor the board's and findings' decisions, which the server keeps for admin and operator.
    expect(await decisionButtons(page, served.origin, wf)).toEqual({
      recusal: [0, 0],
      finding: [0, 0],
      correction: 0,
    });
    // The audit log is theirs to read, with the chain status.
    await openFromMenu(page, "审计日志", "审计日志");
    await page.locator('[data-chain="ok"]').waitFor();
    // The administration's pages answer 403 even when typed into the address bar.
    for (const path of ["/console/accounts", "/console/webhooks"]) {
      await page.goto(served.origin + path);
      await page.getByText("您的账号无权访问此页面").waitFor();
      expect(await page.locator('[data-action="create-account"]').count()).toBe(0);
    }
    await expectAdminRefused(page, "auditor");
  });

  it("an inspector lands on the phone workspace and is refused the department console", {
    timeout: 60_000,
  }, async () => {
    await signIn(page, served.origin, logins.inspector);
    await page.waitForURL(/\/console\/m$/);
    for (const path of ["/console/", "/console/accounts", "/console/audit"]) {
      await page.goto(served.origin + path);
      await page.getByText("您的账号无权访问此页面").waitFor();
      expect(await page.getByTestId("console-nav").count()).toBe(0);
    }
    await expectAdminRefused(page, "inspector");
    expect((await callFromPage(page, "GET", "/audit")).status).toBe(403);
  });

  it("an operator has the workflow's menu but not the administration's", { timeout: 60_000 }, async () => {
    await signIn(page, served.origin, logins.operator, "/checklist");
    await page.waitForURL(/\/console\/checklist$/);
    const menu = await menuTexts(page);
    expect(menu).toEqual(expect.arrayContaining(["检查事项", "审计日志"]));
    // The workflow's buttons are the operator's (and so the selectors above are real).
    await openFromMenu(page, "检查事项", "抽查事项清单");
    expect(await page.locator('[data-action="new-item"]').count()).toBe(1);
    await openFromMenu(page, "抽查任务", "抽查任务");
    expect(await page.locator('[data-action="new-round"]').count()).toBe(1);
    for (const entry of ADMIN_MENU) expect(menu).not.toContain(entry);
    await page.goto(`${served.origin}/console/accounts`);
    await page.getByText("您的账号无权访问此页面").waitFor();
    await expectAdminRefused(page, "operator", ADMIN_WRITES.slice(0, 6));
  });

  it("an operator decides recusal requests, findings and correction requests, as the server allows", {
    timeout: 90_000,
  }, async () => {
    await signIn(page, served.origin, logins.operator, "/checklist");
    await page.waitForURL(/\/console\/checklist$/);
    expect(await decisionButtons(page, served.origin, wf)).toEqual({
      recusal: [1, 1],
      finding: [1, 1],
      correction: 1,
    });

    // And uses them: the correction request (this page) …
    await page.locator('[data-action="resolve-correction"]').click();
    await page.getByLabel("处理情况（公开）").fill("已核实，整改期限更正为2026-03-31");
    await page.getByRole("button", { name: /提\s*交/ }).click();
    await page.getByText("已处理，结果已公开。").waitFor();
    // It leaves the pending list (the inbox's default filter).
    await page.getByRole("cell", { name: "整改期限应为三月底" }).waitFor({ state: "detached" });
    // … the pending finding …
    await page.goto(`${served.origin}/console/findings`);
    await page.locator(`[data-finding="${wf.pendingId}"]`).click();
    await page.locator(`[data-review="${wf.pendingId}"] [data-action="approve"]`).click();
    // The server's answer is checked first, so a refused approval fails with its problem text
    // instead of a timeout waiting for the row to leave (CI once saw only the timeout).
    const [approved] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === "POST" && r.url().endsWith(`/findings/${wf.pendingId}/approve`),
      ),
      page.locator('[data-action="confirm-approve"]').click(),
    ]);
    expect(approved.status(), await approved.text()).toBe(201);
    await page.locator(`[data-finding="${wf.pendingId}"]`).waitFor({ state: "detached" });
    expect((await callFromPage(page, "GET", `/public/findings/${wf.pendingId}`)).status).toBe(200);
    // … and the recusal request.
    await page.goto(`${served.origin}/console/rounds/${wf.roundId}/board`);
    const request = page.locator(`[data-recusal-request="${wf.requestId}"]`);
    await request.locator('[data-action="accept-recusal"]').click();
    await page.getByLabel("决定说明").fill("理由成立，同意回避");
    await page.locator('[data-action="confirm-decision"]').click();
    await request.locator('[data-request-status="accepted"]').waitFor();
  });

  it("refuses a signed-in write without the x-csrf-token header", { timeout: 60_000 }, async () => {
    await signIn(page, served.origin, logins.auditor, "/checklist");
    await page.waitForURL(/\/console\/checklist$/);
    const forged = await callFromPage(page, "POST", "/auth/sign-out", undefined, false);
    expect(forged).toMatchObject({ status: 403, title: "跨站请求被拒绝" });
    expect(forged.type).toMatch(/\/csrf$/);
    // Nothing happened: the session is still live.
    expect((await callFromPage(page, "GET", "/auth/session")).status).toBe(200);
    const forgedChange = await callFromPage(
      page,
      "POST",
      "/auth/password",
      { current: PASSWORD, next: "forged-password-0001" },
      false,
    );
    expect(forgedChange.status).toBe(403);
    expect(forgedChange.type).toMatch(/\/csrf$/);
    // The same write with the token goes through.
    expect((await callFromPage(page, "POST", "/auth/sign-out")).status).toBeLessThan(300);
    expect((await callFromPage(page, "GET", "/auth/session")).status).toBe(401);
  });
});
