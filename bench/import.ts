/**
 * Entity-roster import benchmark (issue 7): rows/s and peak RSS for both drivers, against
 * `psql \copy` of the same file into a bare table on the same PostgreSQL.
 *
 *   tsx bench/import.ts --rows 1000000 [--seed bench] [--drivers postgres,pglite]
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/sortes_bench; created if
 * missing). Each driver's import runs in its own child process so its peak RSS is its own.
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
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase } from "../src/db/client.js";
import { createDepartment } from "../src/departments/departments.js";
import { importEntityFile } from "../src/rosters/entities-import.js";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    seed: { type: "string", default: "bench" },
    drivers: { type: "string", default: "postgres,pglite" },
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
    const started = performance.now();
    const report = await importEntityFile(database, {
      departmentId: dept.id,
      source: createReadStream(file, { highWaterMark: 256 * 1024 }),
      format: "csv",
    });
    const seconds = (performance.now() - started) / 1000;
    if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
    if (database.raw.kind === "postgres") {
      // Leave the shared bench database small: the figures are taken, drop the rows.
      await database.raw.client`delete from entities where department_id = ${dept.id}`;
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
  execFileSync("psql", [
    url,
    "-qc",
    `drop table if exists bench_bare; create table bench_bare (${cols})`,
  ]);
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
  const results: Record<string, unknown>[] = [];
  const baseline = psqlCopy(file);
  results.push({ driver: "psql \\copy (bare table, baseline)", ...baseline, maxRssMb: null });
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
    results.push(JSON.parse(line));
    console.error(line);
  }
  console.log(
    `\nimport of ${rows} rows (${(statSync(file).size / 1e6).toFixed(0)} MB CSV), ${cpus().length} CPUs`,
  );
  console.log(
    "driver                               rows/s     seconds   peak RSS MB   vs \\copy   RSS at open MB",
  );
  for (const r of results) {
    const ratio = ((r.rowsPerSecond as number) / baseline.rowsPerSecond) * 100;
    console.log(
      `${String(r.driver).padEnd(36)} ${Math.round(r.rowsPerSecond as number)
        .toString()
        .padStart(
          8,
        )} ${(r.seconds as number).toFixed(1).padStart(10)} ${(r.maxRssMb === null ? "—" : Math.round(r.maxRssMb as number).toString()).padStart(13)} ${ratio.toFixed(0).padStart(8)} % ${(r.openRssMb === undefined ? "—" : Math.round(r.openRssMb as number).toString()).padStart(16)}`,
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
  writeFileSync(out, JSON.stringify({ scenario: "roster-import", rows, file, machine, results }, null, 2));
  console.log(`wrote ${out}`);
}

await main();
