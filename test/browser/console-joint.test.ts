/**
 * Joint rounds (联合抽查) in the console, in Chromium: the lead's admin creates a round in the
 * wizard inviting two departments picked by name (typed, never a code), B's admin opens
 * 联合抽查邀请, joins with B's own published item and a contributor (the invite link shown
 * once), the lead sees B joined and withdraws the other invitation. The server state is
 * checked afterwards. Small fixtures: the real-size joint round is joint-round-e2e.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { eq } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/auth/accounts.js";
import { departments } from "../../src/departments/schema.js";
import { jointInvitationRows } from "../../src/draws/joint.js";
import { roundFixture } from "../draws/fixture.js";
import { testApp } from "../helpers/app.js";
import { describeOnOneDriver } from "../helpers/db.js";
import { chooseOption } from "./antd-select.js";
import { type Browser, browserTestsEnabled, chromiumAvailable, launchChromium, PHONE } from "./chromium.js";
import { firstSignIn } from "./first-sign-in.js";
import { widerThanScreen } from "./page-width.js";
import { listen, type Served } from "./serve.js";

const run = browserTestsEnabled || chromiumAvailable();
if (!run) describe.skip("joint rounds in the console: skipped, no Chromium at /usr/bin/chromium", () => {});

type Fixture = Awaited<ReturnType<typeof roundFixture>>;
const ARTIFACTS = "test-artifacts";

(run ? describeOnOneDriver : () => {})("joint rounds in the console (Chromium)", (get, driver) => {
  let browser: Browser;
  /** B's own browser (one profile holds one session cookie); closed here too should the test fail. */
  let bBrowser: Browser | undefined;
  let served: Served;
  let call: ReturnType<typeof testApp>["call"];
  const tag = randomBytes(3).toString("hex");
  const depts: Record<"lead" | "b" | "c", Fixture & { login: string; name: string }> = {} as never;

  beforeAll(async () => {
    const db = get().db;
    for (const [key, name] of [
      ["lead", `牵头市场监管局${tag}`],
      ["b", `协办消防支队${tag}`],
      ["c", `协办税务分局${tag}`],
    ] as const) {
      const fx = await roundFixture(db, { entities: 60, inspectors: 4 });
      await db.update(departments).set({ name }).where(eq(departments.id, fx.department.id));
      const login = `joint-${key}-${driver}-${tag}`;
      await createAccount(db, {
        departmentId: fx.department.id,
        login,
        displayName: `${key} 管理员`,
        role: "admin",
        password: "first-password-0001",
      });
      depts[key] = { ...fx, login, name };
    }
    const app = testApp(get());
    call = app.call;
    served = await listen((req) => app.app.fetch(req));
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await bBrowser?.close();
    await browser?.close();
    await served?.close();
  });

  async function signIn(context: BrowserContext, login: string, path: string): Promise<Page> {
    const page = await context.newPage();
    await firstSignIn(page, served.origin, path, login);
    return page;
  }

  it("the lead invites B and C by name, B joins on its invitations page, the lead withdraws C", {
    timeout: 180_000,
  }, async () => {
    const { lead, b, c } = depts;
    const errors: Error[] = [];
    const leadPage = await signIn(browser.context, lead.login, "/rounds/new");
    leadPage.on("pageerror", (e) => errors.push(e));

    // Wizard: title, item, two departments found by typing part of their names, team of 3.
    await leadPage.getByLabel("任务名称").fill("食品经营和消防安全联合抽查");
    await chooseOption(leadPage, leadPage.getByLabel("抽查事项"), { text: lead.itemCode });
    const picker = leadPage.getByLabel("联合抽查：邀请其他部门");
    for (const d of [b, c]) {
      // Found by typing part of the name, e.g. 消防支队…
      await chooseOption(leadPage, picker, { text: d.name }, { search: d.name.slice(2) });
    }
    await leadPage.keyboard.press("Escape");
    await leadPage.getByLabel("检查组人数").fill("3");
    await leadPage.locator('[data-check="entropy"][data-ok="true"]').waitFor();
    await leadPage.locator('[data-action="create-round"]:not([disabled])').click();
    await leadPage.waitForURL(/\/console\/rounds\/[0-9a-f-]{36}$/);
    const roundId = leadPage.url().split("/").pop() as string;
    const panel = leadPage.getByTestId("joint-departments");
    await panel.locator(`[data-department-state="${b.department.code}"]`).getByText("等待加入").waitFor();
    await panel.locator(`[data-department-state="${c.department.code}"]`).getByText("等待加入").waitFor();

    // B's admin: the invitation is on 联合抽查邀请 (from the side menu); join with B's own item.
    // (A browser of its own: one profile holds one session cookie.)
    bBrowser = await launchChromium();
    const bPage = await signIn(bBrowser.context, b.login, "/");
    bPage.on("pageerror", (e) => errors.push(e));
    await bPage.getByRole("menuitem", { name: "联合抽查邀请" }).click();
    await bPage.waitForURL(/\/console\/joint-rounds$/);
    const row = bPage.getByRole("row", { name: /食品经营和消防安全联合抽查/ });
    await row.getByText(lead.name).waitFor();
    await row.getByText("待答复").waitFor();
    await row.locator('[data-action="join"]').click();
    const dialog = bPage.getByRole("dialog");
    await chooseOption(bPage, dialog.getByLabel("本部门的抽查事项"), { text: b.itemCode });
    const contributors = dialog.getByLabel("本部门的随机数贡献者（可选）");
    await contributors.fill("消防支队");
    await contributors.press("Enter");
    await bPage.locator("#join-submit").click();
    const link = bPage.locator('[data-invite="消防支队"]');
    await link.waitFor();
    expect(await link.textContent()).toMatch(/\/console\/contribute#src_/);
    await bPage.locator('[data-action="joined-done"]').click();
    await row.getByText("已加入").waitFor();

    // The lead sees B joined (the draft is polled) and withdraws C's invitation.
    await panel.locator(`[data-department-state="${b.department.code}"]`).getByText("已加入").waitFor();
    await panel.locator(`[data-action="withdraw-${c.department.code}"]`).click();
    await leadPage.locator(".ant-popconfirm .ant-btn-primary").click();
    await panel.locator(`[data-department-state="${c.department.code}"]`).waitFor({ state: "detached" });

    // The server: B joined with its item and contributor, C is no longer invited.
    const members = await jointInvitationRows(get().db, roundId);
    expect(members.map((m) => m.code)).toEqual([b.department.code]);
    expect(members[0]).toMatchObject({ itemVersionId: b.item.id });
    expect(members[0]!.joinedAt).not.toBeNull();
    const view = await call("GET", `/rounds/${roundId}`, { token: lead.tokens.admin });
    expect(view.data).toMatchObject({ status: "draft", teamSize: 3 });
    expect(view.data.departments).toMatchObject([
      { code: lead.department.code, role: "lead" },
      { code: b.department.code, role: "member", joined: true, declined: false },
    ]);
    expect(view.data.contributors.map((x: { name: string }) => x.name)).toEqual([
      "市场监督管理局",
      "公证处",
      "消防支队",
    ]);
    expect((await call("GET", "/joint-rounds", { token: c.tokens.admin })).data.items).toEqual([]);

    // Both pages at desktop width and on a 375 px phone: nothing wider than the screen, and a
    // screenshot of each for a person to look at (test-artifacts/).
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [name, page] of [
      ["console-joint-round", leadPage],
      ["console-joint-invitations", bPage],
    ] as const) {
      await page.screenshot({ path: `${ARTIFACTS}/${name}-desktop-${driver}.png`, fullPage: true });
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(300); // antd's responsive layout reacts to the resize
      await page.screenshot({ path: `${ARTIFACTS}/${name}-phone-${driver}.png`, fullPage: true });
      expect(await widerThanScreen(page), name).toEqual([]);
    }
    // B's admin opening the lead's round sees who commits, not a commit button the server refuses.
    await bPage.goto(`${served.origin}/console/rounds/${roundId}`);
    await bPage.locator('[data-note="lead-admin-only"]').getByText(lead.name).waitFor();
    await bPage.screenshot({
      path: `${ARTIFACTS}/console-joint-round-member-phone-${driver}.png`,
      fullPage: true,
    });
    expect(await bPage.locator('[data-action="commit-round"]').count()).toBe(0);
    expect(await leadPage.locator('[data-action="commit-round"]').count()).toBe(1);
    // The wizard's first step (with the department picker) fits the phone too.
    await leadPage.goto(`${served.origin}/console/rounds/new`);
    await leadPage.getByLabel("联合抽查：邀请其他部门").waitFor();
    await leadPage.screenshot({
      path: `${ARTIFACTS}/console-joint-create-phone-${driver}.png`,
      fullPage: true,
    });
    expect(await widerThanScreen(leadPage), "create").toEqual([]);
    expect(errors).toEqual([]);
  });
});
