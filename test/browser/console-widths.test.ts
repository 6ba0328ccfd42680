/**
 * Every department console page in Chromium, in Chinese, at a desktop width (1280×900) and on a
 * phone (375×812, touch), signed in as the department's admin over a drawn round with a filed
 * finding: no page may scroll sideways (the failures name the elements reaching past the edge),
 * and each page's screenshot is kept in test-artifacts/ to be looked at. The shell folds its side
 * menu below `md`; this checks that what every page puts inside it fits too.
 */
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/auth/accounts.js";
import { roundFixture } from "../draws/fixture.js";
import { SIGNING_KEY_HEX } from "../draws/helpers.js";
import { drawnRoundTeam, fileSignedFinding, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeOnOneDriver } from "../helpers/db.js";
import {
  type Browser,
  browserTestsEnabled,
  chromiumAvailable,
  launchChromium,
  launchPhoneChromium,
} from "./chromium.js";
import { FIRST_PASSWORD, firstSignIn } from "./first-sign-in.js";
import { widerThanScreen } from "./page-width.js";
import { listen, type Served } from "./serve.js";

const ARTIFACTS = "test-artifacts";
const SCREENS = { desktop: () => launchChromium(), phone: launchPhoneChromium };
const run = browserTestsEnabled || chromiumAvailable();

if (!run) describe.skip("console pages at two widths: skipped, no Chromium at /usr/bin/chromium", () => {});

(run ? describeOnOneDriver : () => {})(
  "console pages at desktop and phone widths in Chromium",
  (get, driver) => {
    let served: Served;
    let roundId: string;
    let departmentId: string;
    const browsers: Browser[] = [];

    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const db = get().db;
      const fx = await roundFixture(db, { entities: 60, inspectors: 4 });
      departmentId = fx.department.id;
      const api = testApp(get(), { SIGNING_KEY_HEX, DATA_DIR: tempDataDir() });
      const team = await drawnRoundTeam(db, api.call, fx);
      roundId = team.roundId;
      await fileSignedFinding(api.call, team);
      served = await listen((req) => api.app.fetch(req));
    }, 240_000);

    afterAll(async () => {
      for (const b of browsers) await b.close();
      await served?.close();
    });

    for (const [screen, launch] of Object.entries(SCREENS)) {
      it(`no console page is wider than the screen (${screen})`, { timeout: 180_000 }, async () => {
        // One admin account per screen: the first sign-in replaces its one-time password.
        const login = `admin-${screen}-${driver}-${Date.now()}`;
        await createAccount(get().db, {
          departmentId,
          login,
          displayName: "张科长",
          role: "admin",
          password: FIRST_PASSWORD,
        });
        const browser = await launch();
        browsers.push(browser);
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
          await page.screenshot({
            path: `${ARTIFACTS}/console-${screen}-${name}-${driver}.png`,
            fullPage: true,
          });
          wide[name] = await widerThanScreen(page);
        }
        expect(wide).toEqual(Object.fromEntries(Object.keys(pages).map((name) => [name, []])));
        expect(errors).toEqual([]);
      });
    }
  },
);
