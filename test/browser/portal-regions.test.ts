/**
 * The public portal lists departments by region (issue 14, Done-when): in Chromium a member of
 * the public opens "按地区选择", picks the province, the city and the county by clicking — no
 * department code typed — and the county's page shows its plan progress exactly as the public
 * progress API gives it (published findings only; a draft plan year is not offered).
 */
import { mkdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/types.js";
import { createDepartment } from "../../src/departments/departments.js";
import { createPlan } from "../../src/plans/plans.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, SIGNING_KEY_HEX } from "../draws/helpers.js";
import { drawnRoundTeam, fileSignedFinding, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { uniqueCode } from "../helpers/db.js";
import { openTestPglite } from "../helpers/pglite-image.js";
import { type Browser, browserTestsEnabled, chromiumAvailable, launchChromium } from "./chromium.js";
import { listen, type Served } from "./serve.js";

const run = browserTestsEnabled || chromiumAvailable();

describe.runIf(run)("portal: departments by region in Chromium", { timeout: 120_000 }, () => {
  let database: Database;
  let served: Served;
  let browser: Browser;
  const names = {
    province: `福建省市场监督管理局${uniqueCode("")}`,
    city: "福州市市场监督管理局",
    county: "",
  };
  let countyCode = "";
  let itemCode = "";

  beforeAll(async () => {
    database = await openTestPglite();
    const { app, call } = testApp(database, { SIGNING_KEY_HEX, DATA_DIR: tempDataDir() });
    const db = database.db;
    const province = await createDepartment(db, {
      code: uniqueCode("FJ"),
      name: names.province,
      regionCode: "350000",
    });
    const city = await createDepartment(db, {
      code: uniqueCode("FZ"),
      name: names.city,
      regionCode: "350100",
      parentId: province.id,
    });
    // The county: a roster, an approved 2026 plan, a drawn round with a published finding and a
    // second round committed; a 2027 plan still in draft.
    const fx = await roundFixture(db, { entities: 60, inspectors: 6 });
    names.county = fx.department.name;
    countyCode = fx.department.code;
    itemCode = fx.itemCode;
    await db.execute(
      sql`update departments set region_code = '350102', parent_id = ${city.id} where id = ${fx.department.id}`,
    );
    const drawn = await drawnRoundTeam(db, call, fx);
    const { findingId } = await fileSignedFinding(call, drawn);
    expect((await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin })).status).toBe(
      201,
    );
    await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    await createPlan(db, fx.department.id, 2027, {
      title: "2027年度抽查计划（草案）",
      roundsPerYear: 2,
      ratesBp: { A: 300, B: 500, C: 1000, D: 3000 },
      cooldownDays: 0,
      maxInspectionsPerEntityPerYear: null,
      notes: "",
      items: [{ itemCode: fx.itemCode, roundsPerYear: null, ratesBp: null }],
    });
    served = await listen(app.fetch);
    mkdirSync("test-artifacts", { recursive: true });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await database?.close();
  });

  it("a member of the public clicks province → city → county and sees the plan progress", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${served.origin}/zh`);
    await page.getByRole("link", { name: "按地区选择", exact: true }).first().click();
    await expect.poll(() => page.url()).toContain("/zh/departments");
    await page.getByRole("link", { name: names.province }).click();
    await page.getByRole("link", { name: names.city }).click();
    await page.getByRole("link", { name: names.county }).click();
    await expect.poll(() => page.url()).toContain(`/zh/departments/${countyCode}`);
    expect(await page.locator("h1").textContent()).toBe(names.county);
    // The breadcrumb names the whole chain.
    const crumbs = await page.locator("nav.breadcrumb li").allTextContents();
    expect(crumbs).toEqual(["按地区选择", names.province, names.city, names.county]);

    const api = await (
      await fetch(`${served.origin}/public/departments/${countyCode}/plans/2026/progress`)
    ).json();
    const item = api.items[0];
    expect(item).toMatchObject({
      roundsPlanned: 2,
      roundsCommitted: 2,
      roundsDrawn: 1,
      entitiesInspected: 1,
    });
    const row = page.locator(`tr[data-item="${itemCode}"]`);
    expect((await row.locator("td.rounds").textContent())?.trim()).toBe("2 / 2 / 1 / 0");
    expect((await row.locator("td.entities").textContent())?.trim()).toBe(
      `${item.eligibleEntities} / ${item.entitiesDrawn} / 1`,
    );
    expect(await page.locator("h2#progress-h").textContent()).toBe("2026年度抽查计划执行进度");
    // The draft 2027 plan is not offered.
    expect(await page.getByRole("link", { name: "2027" }).count()).toBe(0);
    await page.screenshot({ path: "test-artifacts/portal-department-progress.png", fullPage: true });

    // The same page in English, reached by the language switch.
    await page.getByRole("link", { name: "English" }).click();
    await expect.poll(() => page.url()).toContain(`/en/departments/${countyCode}`);
    expect(await page.locator("h2#progress-h").textContent()).toBe("Progress of the 2026 inspection plan");
    await page.close();
  });
});
