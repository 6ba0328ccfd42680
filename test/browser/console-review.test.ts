/**
 * The console's dashboard, assignments board and findings review in Chromium, on a round drawn
 * through the service over a real-size roster (40 000 entities): the dashboard's charts render
 * (canvas) and its numbers are the API's; on the board an admin accepts an inspected party's
 * recusal request and the substitute appears in the team; in findings one finding is approved
 * (the public finding page then shows it) and another withheld with a reason (the public page
 * keeps answering "not found"). Saves docs/images/console-dashboard.png when it is missing or
 * UPDATE_SCREENSHOTS=1.
 */
import { existsSync, mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/auth/accounts.js";
import { roundFixture } from "../draws/fixture.js";
import { SIGNING_KEY_HEX } from "../draws/helpers.js";
import { drawnRoundTeam, drawnTeamFixture, fileSignedFinding, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeOnOneDriver } from "../helpers/db.js";
import { type Browser, browserTestsEnabled, chromiumAvailable, launchChromium } from "./chromium.js";
import { listen, type Served } from "./serve.js";

const ENTITIES = 40_000;
const SCREENSHOT = "docs/images/console-dashboard.png";
const run = browserTestsEnabled || chromiumAvailable();

if (!run)
  describe.skip("console dashboard, board and findings in Chromium: skipped, no Chromium at /usr/bin/chromium", () => {});

type Call = ReturnType<typeof testApp>["call"];

/**
 * Client-side navigation inside the loaded console (react-router follows popstate): the bundle
 * is loaded once, as a person moving between pages would have it.
 */
async function navigate(page: Page, path: string) {
  await page.evaluate((p) => {
    history.pushState(null, "", p);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

(run ? describeOnOneDriver : () => {})("console dashboard, board and findings in Chromium", (get, driver) => {
  let browser: Browser;
  let served: Served;
  let call: Call;
  let admin: string;
  let roundId: string;
  let page: Page;
  /** The team a firm asks to recuse a member of (the board's first team), and that member. */
  let recusal: { entityId: string; inspectorId: string; requestId: string };
  let approveId: string;
  let withholdId: string;
  const errors: Error[] = [];
  const login = `chief-${driver}-${Date.now()}`;

  beforeAll(async () => {
    const db = get().db;
    const started = performance.now();
    // Rates of 3 % per class keep the draw near the floor a real department draws.
    const fx = await roundFixture(db, {
      entities: ENTITIES,
      inspectors: 12,
      rates: { A: 300, B: 300, C: 300, D: 300 },
    });
    const api = testApp(get(), { SIGNING_KEY_HEX, DATA_DIR: tempDataDir() });
    call = api.call;
    admin = fx.tokens.admin;
    const drawn = await drawnRoundTeam(db, call, fx);
    roundId = drawn.roundId;
    const teams = drawn.proof.finalTeams as { entityId: string; members: string[] }[];

    // The board's first team (draw order) gets the recusal request, so it is on the first page.
    const board = await call("GET", `/rounds/${roundId}/board?limit=1`, { token: admin });
    const first = board.data.items[0] as { entityId: string; inspectorId: string };
    const asked = await call("POST", `/public/rounds/${roundId}/recusal-requests`, {
      json: {
        entityId: first.entityId,
        inspectorId: first.inspectorId,
        category: "former-employment",
        statement: "该检查人员两年前在本公司任职",
        contact: "13800000000",
      },
    });
    expect(asked.status, asked.text).toBe(201);
    recusal = { ...first, requestId: asked.data.id };

    // Two other teams file findings: one to approve, one to withhold.
    const others = teams.flatMap((t, i) => (t.entityId === first.entityId ? [] : [i]));
    const team = (i: number) => drawnTeamFixture(db, call, fx.department.id, roundId, others[i]);
    approveId = (await fileSignedFinding(call, await team(0))).findingId;
    withholdId = (await fileSignedFinding(call, await team(1))).findingId;
    // A signed tree head for the ledger panel.
    expect((await call("POST", "/ledger/sth", { token: admin })).status).toBe(201);

    await createAccount(db, {
      departmentId: fx.department.id,
      login,
      displayName: "林科长",
      role: "admin",
      password: "first-password-0001",
    });
    served = await listen((req) => api.app.fetch(req));
    browser = await launchChromium({ viewport: { width: 1440, height: 1000 } });
    // Signed in through the API (the sign-in pages have their own test); the one-time password
    // is replaced the same way.
    const req = browser.context.request;
    const signed = await req.post(`${served.origin}/auth/sign-in`, {
      data: { login, password: "first-password-0001" },
    });
    expect(signed.status()).toBe(200);
    const changed = await req.post(`${served.origin}/auth/password`, {
      data: { current: "first-password-0001", next: "second-password-0002" },
      headers: { "x-csrf-token": (await signed.json()).csrfToken },
    });
    expect(changed.status(), await changed.text()).toBe(204);
    page = await browser.context.newPage();
    page.on("pageerror", (e) => errors.push(e));
    console.log(
      `[${driver}] fixture: ${ENTITIES} entities, ${teams.length} teams drawn, ` +
        `${Math.round(performance.now() - started)} ms`,
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("dashboard: the charts render and the numbers are the API's", { timeout: 60_000 }, async () => {
    const progress = (await call("GET", "/plans/2026/progress", { token: admin })).data as {
      items: { itemCode: string; entitiesDrawn: number; eligibleEntities: number; roundsDrawn: number }[];
    };
    expect(progress.items).toHaveLength(1);
    const item = progress.items[0]!;
    expect(item.eligibleEntities).toBe(ENTITIES);
    await page.goto(`${served.origin}/console/?year=2026`);
    for (const chart of ["rounds", "coverage", "risk"])
      await page.locator(`[data-chart="${chart}"] canvas`).first().waitFor();
    const row = page.locator(`[data-progress-item="${item.itemCode}"]`);
    expect(await row.locator('[data-field="entities"]').textContent()).toBe(
      `${item.entitiesDrawn}/${item.eligibleEntities}`,
    );
    expect(await row.locator('[data-field="rounds"]').textContent()).toBe(`${item.roundsDrawn}/2`);
    const head = await page.locator('[data-field="tree-size"]').textContent();
    expect(Number(head)).toBeGreaterThan(0);
    // Both findings are due within 20 working days of 2026-01-12: long overdue on the test's today.
    const due = page.locator('[data-section="due"] [data-due-state="overdue"]');
    await due.first().waitFor();
    expect(await due.count()).toBe(2);
    if (!existsSync(SCREENSHOT) || process.env.UPDATE_SCREENSHOTS === "1") {
      mkdirSync("docs/images", { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }
  });

  it("board: accepting a recusal request puts the substitute in the team", { timeout: 60_000 }, async () => {
    await navigate(page, `/console/rounds/${roundId}/board`);
    const request = page.locator(`[data-recusal-request="${recusal.requestId}"]`);
    await request.locator('[data-request-status="pending"]').waitFor();
    await request.locator('[data-action="accept-recusal"]').click();
    await page.getByLabel("决定说明").fill("理由成立，同意回避");
    await page.locator('[data-action="confirm-decision"]').click();
    await request.locator('[data-request-status="accepted"]').waitFor();

    const subs = (await call("GET", `/rounds/${roundId}/substitutions`, { token: admin })).data.items as {
      entityId: string;
      recused: string;
      substitute: string | null;
    }[];
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ entityId: recusal.entityId, recused: recusal.inspectorId });
    const team = page.locator(`[data-team="${recusal.entityId}"]`);
    await team.locator(`[data-member="${recusal.inspectorId}"][data-member-status="recused"]`).waitFor();
    const substitute = team.locator(`[data-member="${subs[0]!.substitute}"]`);
    await substitute.waitFor();
    expect(await substitute.locator(`[data-substitute-for="${recusal.inspectorId}"]`).count()).toBe(1);
  });

  it("findings: approve publishes, withholding keeps the finding off the portal", {
    timeout: 60_000,
  }, async () => {
    await page.getByRole("menuitem", { name: "检查结果" }).click();
    // Overdue first, and both are overdue: the page says so.
    await page.locator("[data-overdue-count='2']").waitFor();

    await page.locator(`[data-finding="${approveId}"]`).click();
    await page.locator(`[data-review="${approveId}"] [data-action="approve"]`).click();
    await page.locator('[data-action="confirm-approve"]').click();
    await page.locator(`[data-finding="${approveId}"]`).waitFor({ state: "detached" });
    const published = await call("GET", `/public/findings/${approveId}`);
    expect(published.status, published.text).toBe(200);

    await page.locator(`[data-finding="${withholdId}"]`).click();
    await page.locator(`[data-review="${withholdId}"] [data-action="withhold"]`).click();
    await page.locator('[data-field="withhold-reason"]').click();
    await page.getByTitle("涉及个人隐私").click();
    await page.getByLabel("内部记录（决定依据）").fill("涉及当事人家庭住址等个人信息");
    await page.locator('[data-action="confirm-withhold"]').click();
    await page.locator(`[data-finding="${withholdId}"]`).waitFor({ state: "detached" });

    // The published tab lists the approved one, the withheld tab the other with its reason.
    await page.locator('[data-tab="published"]').click();
    await page.locator(`[data-finding="${approveId}"]`).waitFor();
    await page.locator('[data-tab="withheld"]').click();
    const withheld = page.locator(`[data-finding="${withholdId}"]`);
    await withheld.waitFor();
    expect(await withheld.textContent()).toContain("涉及个人隐私");
    const queue = await call("GET", "/publication/findings?state=withheld", { token: admin });
    expect(queue.data.items.map((i: { id: string }) => i.id)).toEqual([withholdId]);
    expect(queue.data.items[0].withheld).toMatchObject({ reason: "personal_privacy" });

    // The portal: the approved finding's page shows it, the withheld one's does not exist.
    const portal = await browser.context.newPage();
    const shown = await portal.goto(`${served.origin}/zh/results/${approveId}`);
    expect(shown?.status()).toBe(200);
    expect(await portal.locator("body").textContent()).toContain("进货查验记录不全");
    await portal.goto(`${served.origin}/zh/results/${withholdId}`);
    expect(await portal.locator("body").textContent()).not.toContain("进货查验记录不全");
    expect((await call("GET", `/public/findings/${withholdId}`)).status).toBe(404);
    await portal.close();
    expect(errors).toEqual([]);
  });
});
