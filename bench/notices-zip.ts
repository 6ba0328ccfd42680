/**
 * The per-round notice ZIP (GET /rounds/{id}/notices.zip) of a demo-size round: time to the
 * last byte and this process's peak RSS while streaming it, against its RSS just before.
 *
 *   DATABASE_URL=… DATA_DIR=… npx tsx src/cli/demo.ts --entities 40000 --no-serve
 *   DATABASE_URL=… DATA_DIR=… npx tsx bench/notices-zip.ts [--runs 3]
 *
 * Reads the admin token and round id from DATA_DIR/demo-state.json; the request goes through
 * the real app in-process (no socket) and the body is consumed chunk by chunk, not kept.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { unzipSync } from "fflate";
import pino from "pino";
import { parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";

const { values: args } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const config = parseConfig({ ...process.env, CRON_ENABLED: "false", LOG_LEVEL: "silent" });
const state = JSON.parse(readFileSync(join(config.DATA_DIR, "demo-state.json"), "utf8"));
const roundId = state.steps.round.roundId as string;
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, "pglite") });
const { app } = createApp({ database, config, log: pino({ level: "silent" }), version: "bench" });
const mb = (n: number) => Math.round(n / 1048576);

for (let run = 1; run <= Number(args.runs); run++) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const t0 = performance.now();
  const res = await app.request(`/rounds/${roundId}/notices.zip`, {
    headers: { authorization: `Bearer ${state.adminToken}` },
  });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let first = 0;
  // The last run keeps the bytes to count the files; the timed runs only count them.
  const keep: Uint8Array[] = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    const chunk = r.value;
    if (!first) first = performance.now() - t0;
    bytes += chunk.length;
    if (run === Number(args.runs)) keep.push(chunk);
  }
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  let files = "";
  if (keep.length) {
    const all = new Uint8Array(bytes);
    let at = 0;
    for (const c of keep) {
      all.set(c, at);
      at += c.length;
    }
    files = ` files=${Object.keys(unzipSync(all)).length}`;
  }
  console.log(
    `run ${run}: ${Math.round(ms)} ms (first byte ${Math.round(first)} ms), ${mb(bytes)} MB zip, RSS before ${mb(before)} MB, peak ${mb(peak)} MB (+${mb(peak - before)} MB)${files}`,
  );
}
await database.close();
