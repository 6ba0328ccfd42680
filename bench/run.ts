/**
 * One entry point for the benchmarks: `npm run bench` (full sizes) or `npm run bench -- --quick`.
 * Runs each scenario's own script in a child process (so each has its own peak RSS), prints its
 * output as it goes, and writes bench/results/<timestamp>.json with machine facts and every
 * scenario's output and exit status. Each scenario measures its own baseline in the same run
 * where it has one (import: `psql \copy`); see bench/README.md for what the figures mean.
 *
 * PostgreSQL comes from BENCH_DATABASE_URL (a server URL; defaulting to the local server): the
 * import and draw scenarios create their own database on it and drop it afterwards.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, only: { type: "string" } },
});
const quick = values.quick ?? false;
const databaseUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Scenario {
  name: string;
  args: string[];
  env?: Record<string, string>;
}

const scenarios: Scenario[] = [
  {
    name: "engine",
    args: ["bench/engine.ts", "--sizes", quick ? "200000" : "1000000,10000000"],
  },
  {
    name: "import",
    // The valid file on PostgreSQL and on PGlite, the 1 %-bad file on PostgreSQL, against \copy.
    args: ["bench/import.ts", "--rows", quick ? "50000" : "1000000", "--drivers", "postgres,pglite"],
    env: { BENCH_DATABASE_URL: databaseUrl },
  },
  {
    name: "draw",
    args: ["bench/draw.ts", "--sizes", quick ? "100000" : "1000000,10000000", "--pool", "500"],
    env: { BENCH_DATABASE_URL: databaseUrl },
  },
  {
    // Public read API and /me/assignments under autocannon, against src/main.ts in a child process.
    name: "api",
    args: ["bench/api.ts", ...(quick ? ["--quick"] : [])],
    env: { DATABASE_URL: databaseUrl },
  },
  {
    name: "verify",
    args: [
      "bench/verify.ts",
      "--entities",
      quick ? "100000" : "1000000",
      "--inspectors",
      "500",
      "--repeat",
      "3",
    ],
  },
  {
    // `sortes verify` as whole processes: the compiled CLI (bin/sortes.mjs), and tsx for comparison.
    name: "verify-process",
    args: ["bench/verify-process.ts", "--entities", quick ? "100000" : "1000000", "--repeat", "5"],
  },
  {
    // In-browser verification in headless Chromium (Debian's package; skipped when absent).
    name: "browser",
    args: ["bench/browser-verify.ts", quick ? "100000" : "1000000", "60"],
  },
  {
    // The console's first load (/console/login) in headless Chromium, fresh context per run; median.
    name: "console-load",
    args: ["bench/console-load.ts", quick ? "5" : "9"],
  },
  {
    // Cosigning latency with three `sortes witness serve` processes; size added by cosignatures.
    name: "witness",
    args: ["bench/witness.ts", "--checkpoints", quick ? "100" : "500", "--per", "10"],
  },
];

scenarios.push({
  // Notification outbox: events/s delivered to a local webhook receiver, latency p50/p99.
  name: "outbox",
  args: ["bench/outbox.ts", "--events", quick ? "2000" : "20000", "--latency-events", quick ? "500" : "2000"],
  env: { DATABASE_URL: databaseUrl },
});

scenarios.push({
  // Streamed exports over HTTP: rows/s and the server's peak RSS for a CSV and an XLSX download.
  name: "exports",
  args: ["bench/exports.ts", "--rows", quick ? "50000" : "1000000"],
  env: { DATABASE_URL: databaseUrl },
});

scenarios.push({
  // Public reads served by a hot standby vs by the primary (its own throwaway pair of clusters).
  name: "replica-reads",
  args: ["bench/replica-reads.ts", ...(quick ? ["--quick"] : [])],
});

scenarios.push({
  // Roster import progress as the console polls it: how often rows-read moves on a 1 000 000-row
  // upload over HTTP, and how long a poll takes while the import runs in the same process.
  name: "import-progress",
  args: ["bench/import-progress.ts", "--rows", quick ? "100000" : "1000000"],
  env: { BENCH_DATABASE_URL: databaseUrl },
});

const selected = values.only ? scenarios.filter((s) => values.only?.split(",").includes(s.name)) : scenarios;
const results = [];
for (const s of selected) {
  console.log(`\n=== ${s.name}: tsx ${s.args.join(" ")}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ["--import", "tsx", ...s.args], {
    env: { ...process.env, ...(s.env ?? {}) },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
  process.stdout.write(run.stdout ?? "");
  if (run.status !== 0) process.stderr.write(run.stderr ?? "");
  results.push({
    scenario: s.name,
    command: `tsx ${s.args.join(" ")}`,
    exitCode: run.status,
    seconds: (Date.now() - started) / 1000,
    output: (run.stdout ?? "").split("\n").filter(Boolean),
  });
}

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  memoryBytes: totalmem(),
  loadAverage: loadavg(),
};
mkdirSync(join("bench", "results"), { recursive: true });
const file = join("bench", "results", `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, `${JSON.stringify({ quick, machine, results }, null, 2)}\n`);
console.log(`\nwrote ${file}`);
const failed = results.filter((r) => r.exitCode !== 0).map((r) => r.scenario);
if (failed.length) {
  console.error(`failed scenarios: ${failed.join(", ")}`);
  process.exitCode = 1;
}
