/**
 * The inspector's phone workspace in a real browser (Debian's Chromium via playwright-core) at
 * a phone viewport (375×812, touch): on a round drawn through the service, an inspector with a
 * staff account signs in, replaces the one-time password, sees the assignment with the entity's
 * name and address, accepts, uploads a photo from the "camera" input and signs off — and the
 * server holds each of these. Nothing may be wider than the screen. Also measures the first load
 * of /console/login (navigation start to load event).
 */
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/auth/accounts.js";
import { roundFixture } from "../draws/fixture.js";
import { SIGNING_KEY_HEX } from "../draws/helpers.js";
import { drawnRoundTeam, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeOnOneDriver } from "../helpers/db.js";
import { chooseOption } from "./antd-select.js";
import {
  type Browser,
  browserTestsEnabled,
  chromiumAvailable,
  launchPhoneChromium,
  PHONE,
} from "./chromium.js";
import { listen, type Served } from "./serve.js";

const ARTIFACTS = "test-artifacts";
const run = browserTestsEnabled || chromiumAvailable();

/** A small real PNG, as a phone camera would hand over (smaller, but a valid image). */
function photo(): Buffer {
  const png = new PNG({ width: 32, height: 24 });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = (i * 7) % 256;
    png.data[i + 1] = 120;
    png.data[i + 2] = 200;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth);
}

if (!run)
  describe.skip("inspector workspace in Chromium: skipped, no Chromium at /usr/bin/chromium", () => {});

(run ? describeOnOneDriver : () => {})("inspector workspace at 375 px in Chromium", (get, driver) => {
  let browser: Browser;
  let served: Served;
  let fx: Awaited<ReturnType<typeof roundFixture>>;
  let team: Awaited<ReturnType<typeof drawnRoundTeam>>;
  let call: ReturnType<typeof testApp>["call"];
  const login = `inspector-${driver}-${Date.now()}`;
  const oneTime = "first-password-0001";
  const chosen = "my-own-password-0002";
  /** One phone session through the three steps below. */
  let page: Page;
  const errors: Error[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const db = get().db;
    fx = await roundFixture(db, { entities: 60, inspectors: 4 });
    const api = testApp(get(), { SIGNING_KEY_HEX, DATA_DIR: tempDataDir() });
    call = api.call;
    team = await drawnRoundTeam(db, call, fx);
    await createAccount(db, {
      departmentId: fx.department.id,
      login,
      displayName: "王检查员",
      role: "inspector",
      inspectorId: team.members[0]!.id,
      password: oneTime,
    });
    served = await listen((req) => api.app.fetch(req));
    browser = await launchPhoneChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("signs in, sees the assignment, accepts, uploads a photo and signs off", {
    timeout: 180_000,
  }, async () => {
    page = await browser.context.newPage();
    page.on("pageerror", (e) => errors.push(e));

    const res = await page.goto(`${served.origin}/console/login`, { waitUntil: "load" });
    expect(res?.status()).toBe(200);
    const load = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const assets = performance
        .getEntriesByType("resource")
        .filter((r) => r.name.includes("/console/assets/")) as PerformanceResourceTiming[];
      return {
        ms: nav.loadEventEnd - nav.startTime,
        files: assets.length,
        gzipBytes: assets.reduce((n, r) => n + r.encodedBodySize, 0),
      };
    });
    console.log(
      `[${driver}] first load of /console/login: ${Math.round(load.ms)} ms (navigation → load event), ` +
        `${load.files} asset files, ${(load.gzipBytes / 1024).toFixed(0)} KiB over the wire (gzip)`,
    );

    // A refusal shows the server's problem as it states it, in the console's language
    // (the client sends Accept-Language: zh-CN; the server's zh-CN title and detail).
    await page.getByLabel("账号").fill(login);
    await page.getByLabel("密码").fill("not-the-password");
    await page.getByRole("button", { name: /登\s*录/ }).click();
    const alert = page.locator("[data-problem-status]");
    await page.locator('[data-problem-status="401"]').waitFor();
    expect(await alert.textContent()).toContain("需要登录");
    expect(await alert.textContent()).toContain("账号或密码错误");

    await page.getByLabel("密码").fill(oneTime);
    await page.getByRole("button", { name: /登\s*录/ }).click();

    // A one-time password is replaced before anything else.
    await page.waitForURL(/\/console\/password/);
    await page.getByLabel("当前密码").fill(oneTime);
    await page.getByLabel("新密码", { exact: true }).fill(chosen);
    await page.getByLabel("再次输入新密码").fill(chosen);
    await page.locator('[data-action="change-password"]').click();

    await page.waitForURL(/\/console\/m$/);
    const entityName = `测试主体${team.team.entityId}`;
    const card = page.locator("[data-assignment]").filter({ hasText: entityName });
    await card.waitFor();
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain("福州市鼓楼区");
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${ARTIFACTS}/inspector-assignments-${driver}.png`, fullPage: true });

    await card.click();
    await page.waitForURL(/\/console\/m\/assignments\//);
    await page.locator('[data-field="address"]').waitFor();
    expect(await page.locator('[data-field="address"]').textContent()).toBe("福州市鼓楼区");
    expect(await page.getByText(entityName).count()).toBeGreaterThan(0);
    expect(await page.getByText("食品经营者检查").count()).toBeGreaterThan(0);

    await page.locator('[data-action="accept"]').click();
    await page.locator('[data-status="accepted"]').waitFor();

    // The phone camera input: image files, rear camera.
    const input = page.locator('input[type="file"]');
    expect(await input.getAttribute("accept")).toBe("image/*");
    expect(await input.getAttribute("capture")).toBe("environment");
    const png = photo();
    await input.setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: png });
    await page.locator('[data-event-kind="evidence_file"]').waitFor();

    await page.locator('[data-action="sign-off"]').click();
    await page.locator('[data-action="sign-off"][data-signed="true"]').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${ARTIFACTS}/inspector-assignment-${driver}.png`, fullPage: true });
    // The English switch: the same page in English, and back.
    await page.locator('[data-action="language"]').click();
    await page.getByText("Inspection record").waitFor();
    expect(await page.locator('[data-action="sign-off"]').textContent()).toContain("Signed off");
    await page.locator('[data-action="language"]').click();
    await page.getByText("检查记录").waitFor();
    expect(errors).toEqual([]);

    // The server holds what the phone did.
    const member = team.members[0]!;
    const mine = await call("GET", "/me/assignments", { token: member.token });
    const assignment = mine.data.items.find(
      (a: { roundId: string; entityId: string }) =>
        a.roundId === team.roundId && a.entityId === team.team.entityId,
    );
    expect(assignment.status).toBe("accepted");
    const timeline = await call("GET", `${team.base}/events`, { token: fx.tokens.admin });
    expect(timeline.status).toBe(200);
    expect(timeline.data.firstBrokenSeq).toBeNull();
    const evidence = timeline.data.items.find((e: { kind: string }) => e.kind === "evidence_file");
    expect(evidence.inspectorId).toBe(member.id);
    expect(evidence.evidence.sha256).toBe(createHash("sha256").update(png).digest("hex"));
    expect(evidence.evidence.mediaType).toBe("image/png");
    const stored = await call("GET", `${team.base}/evidence/${evidence.evidence.sha256}`, {
      token: fx.tokens.admin,
    });
    expect(stored.status).toBe(200);
    const signOff = timeline.data.items.at(-1);
    expect(signOff.kind).toBe("sign_off");
    expect(signOff.inspectorId).toBe(member.id);
  });

  it("files the finding with a national result code once every member signed off", {
    timeout: 120_000,
  }, async () => {
    // The teammate signs off on their own phone (here: with their own token).
    const other = await call("POST", `${team.base}/sign-off`, { token: team.members[1]!.token });
    expect(other.status, other.text).toBe(201);
    await page.reload();
    const form = page.locator("form").filter({ has: page.locator('[data-action="file-finding"]') });
    await chooseOption(page, form.locator(".ant-select"), { title: "发现问题已责令改正" });
    await form.getByLabel("情况描述").fill("进货查验记录不全，已当场责令整改");
    await form.getByRole("checkbox", { name: "已责令改正", exact: true }).check();
    await form.getByLabel("整改期限").fill("2027-01-15");
    await form.getByLabel("检查结束日期").fill("2026-03-30");
    await form.getByRole("checkbox", { name: /证据文件/ }).check();
    await form.locator('[data-action="file-finding"]').click();
    await page.locator("[data-finding]").waitFor();
    expect(await page.locator("[data-finding]").textContent()).toContain("发现问题已责令改正");

    const filed = await call("GET", `${team.base}/findings`, { token: fx.tokens.admin });
    expect(filed.data.items).toHaveLength(1);
    const finding = filed.data.items[0];
    expect(finding).toMatchObject({
      resultCode: "发现问题已责令改正",
      description: "进货查验记录不全，已当场责令整改",
      inspectionEndedOn: "2026-03-30",
      filedByInspectorId: team.members[0]!.id,
    });
    expect(finding.rectification.ordered).toBe(true);
    expect(finding.rectification.deadline).toBe("2027-01-15");
    expect(finding.evidenceHashes).toHaveLength(1);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PHONE.width);
  });

  it("declares a conflict on another assignment and sees the substitute", { timeout: 120_000 }, async () => {
    await page.goto(`${served.origin}/console/m`);
    const other = page
      .locator("[data-assignment]")
      .filter({ hasNotText: `测试主体${team.team.entityId}` })
      .first();
    await other.waitFor();
    const assignmentId = await other.getAttribute("data-assignment");
    await other.click();
    await page.locator('[data-action="conflict"]').click();
    const dialog = page.getByRole("dialog");
    await chooseOption(page, dialog.locator(".ant-select"), { title: "配偶" });
    await dialog.getByLabel("情况说明").fill("该单位负责人是本人配偶");
    // The server's answer first: a refusal fails with its problem text, not a 30 s timeout.
    const [declared] = await Promise.all([
      page.waitForResponse(
        (r) =>
          r.request().method() === "POST" && r.url().endsWith(`/me/assignments/${assignmentId}/conflict`),
      ),
      dialog.getByRole("button", { name: /提\s*交/ }).click(),
    ]);
    expect(declared.status(), await declared.text()).toBe(200);
    const shown = page.locator("[data-substitute]");
    await shown.waitFor();
    const substitute = await shown.getAttribute("data-substitute");
    expect(await page.locator('[data-status="recused"]').count()).toBeGreaterThan(0);

    const mine = await call("GET", "/me/assignments", { token: team.members[0]!.token });
    const recused = mine.data.items.find((a: { id: string }) => a.id === assignmentId);
    expect(recused.status).toBe("recused");
    const subs = await call("GET", `/rounds/${team.roundId}/substitutions`, { token: fx.tokens.admin });
    const sub = subs.data.items.find((x: { entityId: string }) => x.entityId === recused.entityId);
    expect(sub.recused).toBe(team.members[0]!.id);
    expect(sub.category).toBe("spouse");
    expect(substitute).toBe(sub.substitute ?? "");
    if (substitute) {
      // Shown by name: the substitute is the caller's teammate on the recused team now.
      const name = recused.teammates.find((m: { inspectorId: string }) => m.inspectorId === substitute)?.name;
      expect(await shown.textContent()).toContain(name);
    }
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${ARTIFACTS}/inspector-conflict-${driver}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
