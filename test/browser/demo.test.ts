/**
 * `npm run demo` end to end on a small department: seeding twice adds nothing
 * the second time, and the seeded round verifies in the browser.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { queryRows } from "../../src/db/rows.js";
import { createApp } from "../../src/http/app.js";
import { testConfig } from "../helpers/app.js";
import { browserTestsEnabled, chromiumAvailable, launchChromium } from "./chromium.js";
import { listen } from "./serve.js";

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), "sortes-demo-"));

async function demo(): Promise<string> {
  // The embedded database, whatever the caller's environment says.
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "src/cli/demo.ts", "--entities", "1500", "--inspectors", "60", "--no-serve"],
    {
      env: {
        ...env,
        DATA_DIR: dataDir,
        CRON_ENABLED: "false",
        LOG_LEVEL: "silent",
      },
    },
  );
  return stdout;
}

async function counts() {
  const database = await openDatabase({ dataDir: join(dataDir, "pglite") });
  try {
    const [row] = await queryRows<Record<string, number>>(
      database.db,
      sql`select (select count(*)::int from departments) as departments,
                 (select count(*)::int from entities) as entities,
                 (select count(*)::int from inspectors) as inspectors,
                 (select count(*)::int from conflicts) as conflicts,
                 (select count(*)::int from rounds) as rounds,
                 (select count(*)::int from assignments) as assignments,
                 (select count(*)::int from publications) as publications`,
    );
    return row!;
  } finally {
    await database.close();
  }
}

describe.runIf(browserTestsEnabled || chromiumAvailable())("npm run demo", () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("seeds once, re-runs without duplicating, and its round verifies in Chromium", async () => {
    const first = await demo();
    expect(first).toMatch(/✓ findings \(\d+ ms\)/);
    const before = await counts();
    expect(before).toMatchObject({
      departments: 1,
      entities: 1500,
      inspectors: 60,
      conflicts: 5,
      rounds: 1,
      publications: 3,
    });
    expect(before.assignments).toBeGreaterThan(0);

    const second = await demo();
    expect(second).toContain("✓ round (already done)");
    expect(second).not.toMatch(/\(\d+ ms\)/);
    expect(await counts()).toEqual(before);

    const state = JSON.parse(readFileSync(join(dataDir, "demo-state.json"), "utf8"));
    const database = await openDatabase({ dataDir: join(dataDir, "pglite") });
    const { app } = createApp({
      database,
      config: testConfig(),
      log: pino({ level: "silent" }),
      version: "t",
    });
    const server = await listen(app.fetch);
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${server.origin}/zh/rounds/${state.steps.round.roundId}`);
      await page.getByRole("button", { name: /Verify in browser/ }).click();
      await page.waitForSelector("[data-verify][data-result]", { timeout: 120_000 });
      expect(await page.getAttribute("[data-verify]", "data-result")).toBe("pass");
    } finally {
      await browser.close();
      await server.close();
      await database.close();
    }
  }, 600_000);
});
