/**
 * Every department console page at a phone's width (375×812, touch) in Chromium, signed in as
 * the department's admin over a drawn round with a filed finding: no page may scroll sideways
 * (the failures name the elements reaching past the edge), and each page's screenshot is kept
 * in test-artifacts/ to be looked at. The shell folds its side menu below `md`; this checks that
 * what every page puts inside it fits too.
 */
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/auth/accounts.js";
import { roundFixture } from "../draws/fixture.js";
import { SIGNING_KEY_HEX } from "../draws/helpers.js";
import { drawnRoundTeam, fileSignedFinding, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeOnOneDriver } from "../helpers/db.js";
import { type Browser, browserTestsEnabled, chromiumAvailable, launchChromium } from "./chromium.js";
import { FIRST_PASSWORD, firstSignIn } from "./first-sign-in.js";
import { widerThanScreen } from "./page-width.js";
import { listen, type Served } from "./serve.js";

const ARTIFACTS = "test-artifacts";
const PHONE = { width: 375, height: 812 };
const run = browserTestsEnabled || chromiumAvailable();

if (!run) describe.skip("console pages at 375 px: skipped, no Chromium at /usr/bin/chromium", () => {});

(run ? describeOnOneDriver : () => {})("console pages at 375 px in Chromium", (get, driver) => {
  let browser: Browser;
  let served: Served;
  let roundId: string;
  const login = `phone-admin-${driver}-${Date.now()}`;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const db = get().db;
    const fx = await roundFixture(db, { entities: 60, inspectors: 4 });
    const api = testApp(get(), { SIGNING_KEY_HEX, DATA_DIR: tempDataDir() });
    const team = await drawnRoundTeam(db, api.call, fx);
    roundId = team.roundId;
    await fileSignedFinding(api.call, team);
    await createAccount(db, {
      departmentId: fx.department.id,
      login,
      displayName: "张科长",
      role: "admin",
      password: FIRST_PASSWORD,
    });
    served = await listen((req) => api.app.fetch(req));
    browser = await launchChromium({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("no console page is wider than the screen", { timeout: 180_000 }, async () => {
    const page = await browser.context.newPage();
    const errors: Error[] = [];
    page.on("pageerror", (e) => errors.push(e));
    await firstSignIn(page, served.origin, "/", login);
    const pages: Record<string, string> = {
      home: "/",
      rosters: "/rosters",
      checklist: "/checklist",
      plans: "/plans",
      rounds: "/rounds",
      "round-new": "/rounds/new",
      round: `/rounds/${roundId}`,
      board: `/rounds/${roundId}/board`,
      findings: "/findings",
      audit: "/audit",
      accounts: "/accounts",
      webhooks: "/webhooks",
      "joint-rounds": "/joint-rounds",
    };
    const wide: Record<string, string[]> = {};
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(`${served.origin}/console${path}`);
      // Rendered: the lazy page loaded, its queries answered and no spinner left.
      await page.waitForLoadState("networkidle");
      await page.locator(".ant-spin-spinning").first().waitFor({ state: "detached" });
      await page.screenshot({ path: `${ARTIFACTS}/console-phone-${name}-${driver}.png`, fullPage: true });
      wide[name] = await widerThanScreen(page);
    }
    expect(wide).toEqual(Object.fromEntries(Object.keys(pages).map((name) => [name, []])));
    expect(errors).toEqual([]);
  });
});
