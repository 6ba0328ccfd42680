/**
 * Import progress as a console sees it (issue 12): a 1 000 000-row entity file is uploaded to
 * the service (src/main.ts in a child process, fresh PostgreSQL database) over HTTP, and the job
 * is polled every 100 ms as the console's rosters page does (it polls every 500 ms). Reports:
 * how often the progress moved (interval between successive changes of `rows` seen by the
 * polls, and between the server's own `progressAt` stamps), the longest time a poll saw no
 * change while the job ran, and how long each poll took (the page stays responsive only if
 * these stay short while the import runs in the same process).
 *
 *   tsx bench/import-progress.ts [--rows 1000000] [--bad 0]
 *
 * BENCH_DATABASE_URL names the PostgreSQL server; a database is created and dropped.
 * Results: stdout and bench/results/import-progress-<timestamp>.json.
 */
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createToken } from "../src/auth/tokens.js";
import { openDatabase } from "../src/db/client.js";
import { createDepartment } from "../src/departments/departments.js";
import { csvChunks, ENTITY_HEADERS, entityRecords } from "../src/rosters/synthetic.js";
import { withFreshDatabase } from "./fresh-database.js";
import { startBenchService } from "./service.js";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "1000000" }, bad: { type: "string", default: "0" } },
});
const ROWS = Number(values.rows);
const BAD_EVERY = Number(values.bad);
const POLL_MS = 100;
const baseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const summary = (xs: number[]) => ({
  n: xs.length,
  p50: Math.round(quantile(xs, 0.5)),
  p95: Math.round(quantile(xs, 0.95)),
  max: Math.round(Math.max(0, ...xs)),
});

async function writeFile(path: string) {
  const records = function* () {
    let i = 0;
    for (const r of entityRecords({ count: ROWS, seed: "progress" })) {
      i++;
      // A broken region code every BAD_EVERY rows (0: a valid file).
      if (BAD_EVERY > 0 && i % BAD_EVERY === 0) r[7] = "35XX02";
      yield r;
    }
  };
  await pipeline(Readable.from(csvChunks(ENTITY_HEADERS, records())), createWriteStream(path));
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "sortes-progress-"));
  const file = join(dir, "entities.csv");
  await writeFile(file);
  const bytes = statSync(file).size;
  console.log(
    `file: ${ROWS} rows, ${(bytes / 2 ** 20).toFixed(1)} MB${BAD_EVERY ? `, a bad row every ${BAD_EVERY}` : ""}`,
  );
  const result = await withFreshDatabase(baseUrl, "bench_progress", async (url) => {
    const database = await openDatabase({ url, max: 2 });
    const dept = await createDepartment(database.db, {
      code: "BENCH-PROGRESS",
      name: "福州市市场监督管理局",
      regionCode: "350100",
    });
    const { token } = await createToken(database.db, {
      departmentId: dept.id,
      role: "admin",
      label: "bench",
    });
    await database.close();
    const service = await startBenchService({
      databaseUrl: url,
      dataDir: dir,
      logFile: join(dir, "server.log"),
    });
    try {
      const base = service.base;
      const auth = { authorization: `Bearer ${token}` };
      const t0 = performance.now();
      const posted = await fetch(`${base}/entities/imports`, {
        method: "POST",
        headers: { ...auth, "content-type": "text/csv" },
        body: Readable.toWeb(createReadStream(file)) as ReadableStream,
        duplex: "half",
      } as RequestInit);
      const job = (await posted.json()) as { id: string };
      const uploadMs = performance.now() - t0;
      const changes: { at: number; rows: number; phase: string | null; progressAt: string | null }[] = [];
      const pollMs: number[] = [];
      // Every distinct progressAt a poll saw: the server's heartbeat (≥ 1/s) moves it in every phase.
      const heartbeats: number[] = [];
      let state = "queued";
      let last: { rows: number; phase?: string | null; report?: { totalErrors: number; ms: number } } = {
        rows: -1,
      };
      while (state === "queued" || state === "running") {
        const started = performance.now();
        const r = await fetch(`${base}/entities/imports/${job.id}`, { headers: auth });
        const body = (await r.json()) as {
          state: string;
          rows: number;
          phase: string | null;
          progressAt: string | null;
          report?: { totalErrors: number; ms: number };
        };
        const now = performance.now();
        pollMs.push(now - started);
        state = body.state;
        if (body.state === "running" && (body.rows !== last.rows || body.phase !== last.phase))
          changes.push({ at: now, rows: body.rows, phase: body.phase, progressAt: body.progressAt });
        const stamp = body.progressAt ? Date.parse(body.progressAt) : Number.NaN;
        if (body.state === "running" && Number.isFinite(stamp) && stamp !== heartbeats.at(-1))
          heartbeats.push(stamp);
        last = body;
        await new Promise((res) => setTimeout(res, Math.max(0, POLL_MS - (performance.now() - started))));
      }
      const doneMs = performance.now() - t0;
      const seen = changes.slice(1).map((c, i) => c.at - changes[i]!.at);
      const stamps = changes
        .map((c) => (c.progressAt ? Date.parse(c.progressAt) : Number.NaN))
        .filter(Number.isFinite);
      const server = stamps.slice(1).map((s, i) => s - stamps[i]!);
      const firstRunning = changes[0]?.at ?? t0;
      return {
        rows: ROWS,
        bytes,
        badEvery: BAD_EVERY,
        state,
        totalErrors: last.report?.totalErrors ?? null,
        uploadMs: Math.round(uploadMs),
        totalMs: Math.round(doneMs),
        importMs: last.report?.ms ?? null,
        pollEveryMs: POLL_MS,
        progressChanges: changes.length,
        phasesSeen: [...new Set(changes.map((c) => c.phase))],
        /** Largest gap between successive progress stamps the polls saw, any phase. */
        maxHeartbeatGapMs: Math.max(0, ...heartbeats.slice(1).map((h, i) => h - heartbeats[i]!)),
        intervalSeenByPollsMs: summary(seen),
        intervalServerStampsMs: summary(server),
        /** From the last change of rows or phase to the job's end (the swap's commit). */
        tailAfterLastChangeMs: Math.round(t0 + doneMs - (changes.at(-1)?.at ?? firstRunning)),
        pollLatencyMs: summary(pollMs),
      };
    } finally {
      await service.stop();
    }
  });
  console.log(JSON.stringify(result, null, 2));
  mkdirSync("bench/results", { recursive: true });
  const out = `bench/results/import-progress-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${out}`);
}

await main();
