/**
 * The console for department staff in Chromium: an admin account signs in, replaces its
 * one-time password, lands on the department home (department name in the shell's header,
 * webhook entry in its side menu) and opens the webhook delivery log (empty for a new department: the table says so).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/auth/accounts.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { type Browser, browserTestsEnabled, chromiumAvailable, launchChromium } from "./chromium.js";
import { listen, type Served } from "./serve.js";

const run = browserTestsEnabled || chromiumAvailable();
if (!run)
  describe.skip("console admin pages in Chromium: skipped, no Chromium at /usr/bin/chromium", () => {});

(run ? describeEachDriver : () => {})("console admin pages in Chromium", (get, driver) => {
  let browser: Browser;
  let served: Served;
  const login = `admin-${driver}-${Date.now()}`;

  beforeAll(async () => {
    const { department } = await newDepartment(get().db);
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

  it("signs in to the department home and opens the webhook delivery log", { timeout: 90_000 }, async () => {
    const page = await browser.context.newPage();
    const errors: Error[] = [];
    page.on("pageerror", (e) => errors.push(e));
    await page.goto(`${served.origin}/console/webhooks`);
    // Signed out: the guard sends the person to sign in, and back here afterwards.
    await page.waitForURL(/\/console\/login\?next=/);
    await page.getByLabel("账号").fill(login);
    await page.getByLabel("密码").fill("first-password-0001");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    await page.waitForURL(/\/console\/password/);
    await page.getByLabel("当前密码").fill("first-password-0001");
    await page.getByLabel("新密码", { exact: true }).fill("second-password-0002");
    await page.getByLabel("再次输入新密码").fill("second-password-0002");
    await page.locator('[data-action="change-password"]').click();
    await page.waitForURL(/\/console\/webhooks$/);
    await page.getByText("Webhook 投递记录").waitFor();
    await page.locator(".ant-table-placeholder").waitFor();

    await page.goto(`${served.origin}/console/`);
    // The shell's header names the department; the admin's side menu offers the webhook log.
    await page.getByTestId("department-name").getByText("测试市场监督管理局").waitFor();
    expect(await page.getByRole("menuitem", { name: "Webhook" }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
