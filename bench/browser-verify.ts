/**
 * How long in-browser verification of a large round takes in headless Chromium
 * (target for 1 000 000 entities: ≤ 5 s). The round is generated with the
 * engine in Node (node:crypto backend; cached in the OS temp dir between runs),
 * served by a Hono app with the portal mounted, and verified by clicking the
 * portal's button; the figure is the worker's own clock from request to
 * verdict (download + all eight steps), with per-step times.
 *
 *   npx tsx bench/browser-verify.ts [entities=1000000] [inspectors=60] [algorithm=sortes-draw/v2]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { installNodeSha256 } from "../src/cli/node-hash.js";
import { CURRENT_ALGORITHM, setSha256Backend } from "../src/draw-engine/index.js";
import type { AppEnv } from "../src/http/register.js";
import { STEP_IDS } from "../src/portal/client/verify-steps.js";
import { mountPortal } from "../src/portal/mount.js";
import { launchChromium } from "../test/browser/chromium.js";
import { buildRoundFixture, type RoundFixture, toNdjson } from "../test/browser/round-fixture.js";
import { listen } from "../test/browser/serve.js";

const size = Number(process.argv[2] ?? 1_000_000);
const inspectors = Number(process.argv[3] ?? 60);
const algorithm = process.argv[4] ?? CURRENT_ALGORITHM;

function fixture(): { proof: string; ndjson: string } {
  const cache = join(
    tmpdir(),
    `sortes-browser-verify-${algorithm.replace("/", "-")}-${size}-${inspectors}.json`,
  );
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, "utf8"));
  const t = performance.now();
  installNodeSha256();
  const f: RoundFixture = buildRoundFixture(size, { inspectors, algorithm });
  setSha256Backend();
  const out = { proof: JSON.stringify(f.proof), ndjson: f.ndjson || toNdjson(f.eligible) };
  writeFileSync(cache, JSON.stringify(out));
  console.log(`generated ${size} entities in ${Math.round(performance.now() - t)} ms (cached at ${cache})`);
  return out;
}

const { proof, ndjson } = fixture();
const app = new Hono<AppEnv>();
mountPortal(app);
app.get("/bench/proof.json", (c) => c.body(proof, 200, { "content-type": "application/json" }));
app.get("/bench/eligible.ndjson", (c) => c.body(ndjson, 200, { "content-type": "application/x-ndjson" }));
const server = await listen(app.fetch);
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  await page.goto(
    `${server.origin}/en/verify?proof=%2Fbench%2Fproof.json&eligible=%2Fbench%2Feligible.ndjson`,
  );
  // Warm the worker bundle into the cache so the figure measures verification, not the first asset fetch.
  await page.evaluate(async () => {
    await fetch(document.body.dataset.worker ?? "");
  });
  const wall = performance.now();
  await page.getByRole("button", { name: /Verify in browser/ }).click();
  await page.waitForSelector("[data-verify][data-result]", { timeout: 15 * 60_000 });
  const wallMs = Math.round(performance.now() - wall);
  const panel = page.locator("[data-verify]");
  const result = await panel.getAttribute("data-result");
  const ms = Number(await panel.getAttribute("data-ms"));
  const downloadMs = Number(await panel.getAttribute("data-download-ms"));
  const steps: string[] = [];
  for (const id of STEP_IDS) {
    const li = page.locator(`[data-step="${id}"]`);
    steps.push(`${id} ${await li.getAttribute("data-status")} ${await li.getAttribute("data-ms")} ms`);
  }
  console.log(
    `in-browser verification of ${size} entities (${inspectors} inspectors): ${result?.toUpperCase()}`,
  );
  console.log(
    `  worker: ${ms} ms total (download+parse ${downloadMs} ms); click→verdict ${wallMs} ms; target ≤ 5000 ms`,
  );
  console.log(`  steps: ${steps.join("; ")}`);
  console.log(
    `RESULT ${JSON.stringify({ scenario: "browser-verify", algorithm, entities: size, inspectors, result, workerMs: ms, downloadMs, clickToVerdictMs: wallMs, targetMs: 5000 })}`,
  );
  if (result !== "pass") process.exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
