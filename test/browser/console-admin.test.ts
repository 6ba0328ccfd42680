/**
 * The console for department staff in Chromium: an admin account signs in, replaces its
 * one-time password, lands on the department home (department name in the shell's header,
 * webhook entry in its side menu), opens the webhook delivery log (empty for a new department:
 * the table says so), then on 账号与部门 creates an operator account (one-time password shown
 * once) and a subordinate department.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, listAccounts } from "../../src/auth/accounts.js";
import { testApp } from "../helpers/app.js";
import { describeOnOneDriver, newDepartment } from "../helpers/db.js";
import { type Browser, browserTestsEnabled, chromiumAvailable, launchChromium } from "./chromium.js";
import { firstSignIn } from "./first-sign-in.js";
import { listen, type Served } from "./serve.js";

const run = browserTestsEnabled || chromiumAvailable();
if (!run)
  describe.skip("console admin pages in Chromium: skipped, no Chromium at /usr/bin/chromium", () => {});

(run ? describeOnOneDriver : () => {})("console admin pages in Chromium", (get, driver) => {
  let browser: Browser;
  let served: Served;
  const login = `admin-${driver}-${Date.now()}`;
  let departmentId: string;

  beforeAll(async () => {
    const { department } = await newDepartment(get().db);
    departmentId = department.id;
    await createAccount(get().db, {
      departmentId: department.id,
      login,
      displayName: "张科长",
      role: "admin",
      password: "first-password-0001",
    });
    const { app } = testApp(get());
    served = await listen((req) => app.fetch(req));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("signs in, opens the webhook delivery log, creates an account and a subordinate department", {
    timeout: 90_000,
  }, async () => {
    const page = await browser.context.newPage();
    const errors: Error[] = [];
    page.on("pageerror", (e) => errors.push(e));
    // Signed out: the guard sends the person to sign in, and back here afterwards.
    await firstSignIn(page, served.origin, "/webhooks", login);
    await page.getByText("Webhook 投递记录").waitFor();
    await page.locator(".ant-table-placeholder").waitFor();

    await page.goto(`${served.origin}/console/`);
    // The shell's header names the department; the admin's side menu offers the webhook log.
    await page.getByTestId("department-name").getByText("测试市场监督管理局").waitFor();
    expect(await page.getByRole("menuitem", { name: "Webhook" }).count()).toBe(1);

    // 账号与部门: a new operator account gets a one-time password shown once; a subordinate
    // department is created below this one (region 350102 under 350100).
    await page.getByRole("menuitem", { name: "账号与部门" }).click();
    await page.locator('[data-action="create-account"]').click();
    const form = page.getByTestId("account-form");
    await form.getByLabel("账号").fill(`op-${login}`);
    await form.getByLabel("姓名").fill("李经办");
    await page.getByRole("button", { name: /创\s*建/ }).click();
    const otp = (await page.getByTestId("one-time-password").textContent())?.trim() ?? "";
    expect(otp.length).toBeGreaterThanOrEqual(10);
    await page.getByRole("button", { name: "已记下" }).click();
    await page.getByRole("cell", { name: "李经办" }).waitFor();
    const made = (await listAccounts(get().db, departmentId)).find((a) => a.login === `op-${login}`);
    expect(made).toMatchObject({ role: "operator", mustChangePassword: true, displayName: "李经办" });

    await page.locator('[data-action="create-department"]').click();
    const dialog = page.getByTestId("department-form");
    await dialog.getByLabel("部门名称").fill("测试区市场监督管理局");
    await dialog.getByLabel("部门编码").fill(`SUB-${driver}-${Date.now()}`);
    await dialog.getByLabel("行政区划").fill("350102");
    await page.locator('[data-action="save-department"]').click();
    await page.getByRole("cell", { name: "测试区市场监督管理局" }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
