/**
 * First load of the console in headless Chromium: /console/login opened in a fresh browser
 * context (empty cache) against the real app over an in-memory PGlite, served from the cached
 * build in dist/console (built first if stale). Per run: first contentful paint, largest
 * contentful paint (the sign-in form), DOMContentLoaded and the load event, all from navigation
 * start, and the bytes over the wire (gzip); then the median of the runs, and one warm reload.
 *
 *   npx tsx bench/console-load.ts [runs=9]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { buildConsole } from "../src/cli/build-console.js";
import { openDatabase } from "../src/db/client.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from "../test/browser/chromium.js";
import { listen } from "../test/browser/serve.js";
import { testApp } from "../test/helpers/app.js";

const runs = Number(process.argv[2] ?? 9);

if (!chromiumAvailable()) {
  console.log(`console-load: skipped, no Chromium at ${CHROMIUM_PATH}`);
  process.exit(0);
}

interface Sample {
  fcp: number;
  lcp: number;
  domContentLoaded: number;
  load: number;
  formVisible: number;
  files: number;
  gzipBytes: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

await buildConsole({ quiet: true });
const database = await openDatabase({ dataDir: "memory://" });
const { app } = testApp(database);
const served = await listen((req) => app.fetch(req));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });

/** Reads the page's own timings once the sign-in form is on screen. */
async function measure(page: import("playwright-core").Page): Promise<Sample> {
  await page.getByLabel("账号").waitFor();
  const formVisible = await page.evaluate(() => performance.now());
  await page.waitForLoadState("load");
  return page.evaluate(
    ({ formVisible }) =>
      new Promise<Sample>((resolve) => {
        let lcp = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) lcp = Math.max(lcp, e.startTime);
        }).observe({ type: "largest-contentful-paint", buffered: true });
        setTimeout(() => {
          const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
          const all = [nav, ...performance.getEntriesByType("resource")] as PerformanceResourceTiming[];
          resolve({
            fcp,
            lcp,
            domContentLoaded: nav.domContentLoadedEventEnd,
            load: nav.loadEventEnd,
            formVisible,
            files: all.length,
            gzipBytes: all.reduce((n, r) => n + r.transferSize, 0),
          });
        }, 100);
      }),
    { formVisible },
  );
}

const samples: Sample[] = [];
let warm: Sample | null = null;
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${served.origin}/console/login`);
  samples.push(await measure(page));
  if (i === runs - 1) {
    await page.reload();
    warm = await measure(page);
  }
  await context.close();
}
await browser.close();
await served.close();
await database.close();

const keys = ["fcp", "lcp", "formVisible", "domContentLoaded", "load"] as const;
const result = {
  scenario: "console-load",
  runs,
  machine: { cpus: cpus().length, loadavg: loadavg().map((x) => Math.round(x * 100) / 100) },
  medianMs: Object.fromEntries(keys.map((k) => [k, Math.round(median(samples.map((s) => s[k])))])),
  minMs: Object.fromEntries(keys.map((k) => [k, Math.round(Math.min(...samples.map((s) => s[k])))])),
  maxMs: Object.fromEntries(keys.map((k) => [k, Math.round(Math.max(...samples.map((s) => s[k])))])),
  coldTransfer: { files: samples[0]?.files, kib: Math.round((samples[0]?.gzipBytes ?? 0) / 1024) },
  warmReloadMs: warm ? Object.fromEntries(keys.map((k) => [k, Math.round(warm[k])])) : null,
  warmTransferKib: warm ? Math.round(warm.gzipBytes / 1024) : null,
};
console.log(
  `console first load (/console/login, fresh context, median of ${runs}): ` +
    `FCP ${result.medianMs.fcp} ms, LCP ${result.medianMs.lcp} ms, sign-in form visible ${result.medianMs.formVisible} ms, ` +
    `DOMContentLoaded ${result.medianMs.domContentLoaded} ms, load event ${result.medianMs.load} ms; ` +
    `${result.coldTransfer.files} files, ${result.coldTransfer.kib} KiB over the wire`,
);
console.log(JSON.stringify(result, null, 2));
const dir = join(import.meta.dirname, "results");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, `console-load-${new Date().toISOString().replace(/[:.]/g, "-")}.json`),
  `${JSON.stringify(result, null, 2)}\n`,
);
