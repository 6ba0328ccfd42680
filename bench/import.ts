/**
 * Entity-roster import benchmark (issue 7): rows/s and peak RSS for both drivers, against
 * `psql \copy` of the same file into a bare table on the same PostgreSQL.
 *
 *   tsx bench/import.ts --rows 1000000 [--seed bench] [--drivers postgres,pglite] [--repeat N]
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sortes_bench; created if
 * missing). Each driver's import runs in its own child process so its peak RSS is its own.
 * With --repeat N the \copy baseline and each driver run alternately N times (the machine is
 * shared and its load swings; each import is compared with the \copy run just before it) and
 * the table shows medians. The child also reports its own CPU time (user+system), which the
 * load hurts less than wall time.
 * Results: a table on stdout and bench/results/import-<timestamp>.json.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase } from "../src/db/client.js";
import { createDepartment } from "../src/departments/departments.js";
import { importEntityFile } from "../src/rosters/imports/entities-import.js";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    seed: { type: "string", default: "bench" },
    drivers: { type: "string", default: "postgres,pglite" },
    repeat: { type: "string", default: "1" },
    child: { type: "string" },
    file: { type: "string" },
  },
});
const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/sortes_bench";

/** Child: import `file` once with one driver, print one JSON line. */
async function child(driver: string, file: string) {
  const dir = driver === "pglite" ? mkdtempSync(join(tmpdir(), "sortes-bench-pglite-")) : null;
  const database = await openDatabase(dir ? { dataDir: dir } : { url });
  try {
    // PGlite's WASM heap alone is large; record RSS before the import so its own share shows.
    const openRssMb = process.memoryUsage().rss / 2 ** 20;
    const dept = await createDepartment(database.db, {
      code: `BENCH-${Date.now()}`,
      name: "bench",
      regionCode: "350100",
    });
    if (database.raw.kind === "postgres") await database.raw.client.unsafe("vacuum entities");
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const report = await importEntityFile(database, {
      departmentId: dept.id,
      source: createReadStream(file, { highWaterMark: 256 * 1024 }),
      format: "csv",
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
    if (database.raw.kind === "postgres") {
      // Leave the bench database small: the figures are taken, drop the rows. VACUUM too:
      // autovacuum may be off (it is on this machine), and every later run would otherwise
      // insert into a table and indexes bloated by millions of dead rows (7 GB after 10 runs).
      await database.raw.client`delete from entities where department_id = ${dept.id}`;
      await database.raw.client.unsafe("vacuum entities");
    }
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      JSON.stringify({
        driver,
        rows: report.rows,
        seconds,
        rowsPerSecond: report.rows / seconds,
        maxRssMb,
        openRssMb,
        nodeCpuSeconds: (cpu.user + cpu.system) / 1e6,
        phases: report.phases,
      }),
    );
  } finally {
    await database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function ensureDatabase() {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = "/postgres";
  const admin = postgres(u.toString(), { max: 1, onnotice: () => {} });
  const [found] = await admin`select 1 from pg_database where datname = ${name}`;
  if (!found) await admin.unsafe(`create database "${name}"`);
  await admin.end();
}

function generate(rows: number, seed: string): string {
  const dir = join(tmpdir(), "sortes-bench");
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `entities-${rows}-${seed}`);
  const file = join(out, "entities.csv");
  if (!existsSync(file)) {
    mkdirSync(out, { recursive: true });
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/gen.ts",
        "--entities",
        String(rows),
        "--inspectors",
        "0",
        "--seed",
        seed,
        "--out",
        out,
      ],
      {
        stdio: "inherit",
      },
    );
  }
  return file;
}

/** Baseline: psql \copy of the same file into a bare 13-text-column table. */
function psqlCopy(file: string): { seconds: number; rowsPerSecond: number; rows: number } {
  const cols = Array.from({ length: 13 }, (_, i) => `c${i} text`).join(", ");
  execFileSync("psql", [url, "-qc", `drop table if exists bench_bare; create table bench_bare (${cols})`]);
  const started = performance.now();
  execFileSync("psql", [url, "-qc", `\\copy bench_bare from '${file}' with (format csv, header true)`]);
  const seconds = (performance.now() - started) / 1000;
  const rows = Number(
    execFileSync("psql", [url, "-tAc", "select count(*) from bench_bare"]).toString().trim(),
  );
  execFileSync("psql", [url, "-qc", "drop table bench_bare"]);
  return { seconds, rowsPerSecond: rows / seconds, rows };
}

async function main() {
  if (values.child) return child(values.child, values.file as string);
  const rows = Number(values.rows);
  await ensureDatabase();
  const file = generate(rows, values.seed);
  const runs: Record<string, unknown>[] = [];
  for (let rep = 0; rep < Number(values.repeat); rep++) {
    const baseline = psqlCopy(file);
    runs.push({ driver: "psql \\copy (bare table, baseline)", ...baseline, maxRssMb: null, ratio: 1 });
    console.error(`\\copy: ${Math.round(baseline.rowsPerSecond)} rows/s, load ${loadavg()[0]?.toFixed(1)}`);
    for (const driver of values.drivers.split(",")) {
      const r = spawnSync(
        process.execPath,
        ["--import", "tsx", "bench/import.ts", "--child", driver, "--file", file],
        {
          env: { ...process.env, BENCH_DATABASE_URL: url },
          encoding: "utf8",
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      const line = r.stdout.trim().split("\n").pop() ?? "";
      if (r.status !== 0 || !line.startsWith("{")) throw new Error(`${driver} run failed: ${r.stdout}`);
      const result = JSON.parse(line) as Record<string, unknown>;
      result.ratio = (result.rowsPerSecond as number) / baseline.rowsPerSecond;
      result.loadAverage = loadavg()[0];
      runs.push(result);
      console.error(line);
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const h = s.length >> 1;
    return s.length % 2 === 1 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
  };
  const results = [...new Set(runs.map((r) => r.driver as string))].map((driver) => {
    const mine = runs.filter((r) => r.driver === driver);
    const m = (k: string) => (mine[0]?.[k] == null ? null : median(mine.map((r) => r[k] as number)));
    return {
      driver,
      rowsPerSecond: m("rowsPerSecond") as number,
      seconds: m("seconds") as number,
      ratio: m("ratio") as number,
      maxRssMb: m("maxRssMb"),
      openRssMb: m("openRssMb"),
      nodeCpuSeconds: m("nodeCpuSeconds"),
    };
  });
  console.log(
    `\nimport of ${rows} rows (${(statSync(file).size / 1e6).toFixed(0)} MB CSV), ${cpus().length} CPUs, medians of ${values.repeat}`,
  );
  console.log(
    "driver                               rows/s     seconds   peak RSS MB   vs \\copy   RSS at open MB   node CPU s",
  );
  const fmt = (v: number | null, digits = 0) => (v === null ? "—" : v.toFixed(digits));
  for (const r of results) {
    console.log(
      `${r.driver.padEnd(36)} ${fmt(r.rowsPerSecond).padStart(8)} ${fmt(r.seconds, 1).padStart(10)} ${fmt(r.maxRssMb).padStart(13)} ${(r.ratio * 100).toFixed(0).padStart(8)} % ${fmt(r.openRssMb).padStart(16)} ${fmt(r.nodeCpuSeconds, 1).padStart(12)}`,
    );
  }
  mkdirSync(join("bench", "results"), { recursive: true });
  const out = join("bench", "results", `import-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  writeFileSync(
    out,
    JSON.stringify({ scenario: "roster-import", rows, file, machine, results, runs }, null, 2),
  );
  console.log(`wrote ${out}`);
}

await main();
