/**
 * A staff member's first sign-in through the console, as a person does it: opening a console
 * page while signed out leads to the sign-in form; the one-time password (the accounts the
 * tests create use FIRST_PASSWORD) must be replaced before the page asked for opens.
 */
import type { Page } from "playwright-core";

export const FIRST_PASSWORD = "first-password-0001";
export const SECOND_PASSWORD = "second-password-0002";

/** Opens `${origin}/console${path}` signed out, signs in as `login`, changes the password, ends on the page. */
export async function firstSignIn(page: Page, origin: string, path: string, login: string): Promise<void> {
  await page.goto(`${origin}/console${path}`);
  await page.waitForURL(/\/console\/login\?next=/);
  await page.getByLabel("账号").fill(login);
  await page.getByLabel("密码").fill(FIRST_PASSWORD);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.waitForURL(/\/console\/password/);
  await page.getByLabel("当前密码").fill(FIRST_PASSWORD);
  await page.getByLabel("新密码", { exact: true }).fill(SECOND_PASSWORD);
  await page.getByLabel("再次输入新密码").fill(SECOND_PASSWORD);
  await page.locator('[data-action="change-password"]').click();
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  await page.waitForURL(new RegExp(`/console${path === "/" ? "/?" : escaped}$`));
}
