/**
 * Entity-roster import benchmark (issue 7): rows/s and peak RSS for both drivers, against
 * `psql \copy` of the same file into a bare table on the same PostgreSQL.
 *
 *   tsx bench/import.ts --rows 1000000 [--seed bench] [--drivers postgres,pglite] [--repeat N]
 *                       [--bad-drivers postgres]
 *
 * BENCH_DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 * each run creates its own database there and drops it at the end. Each driver's import runs
 * in its own child process so its peak RSS is its own. Two files: the valid one, and the same
 * file with every 100th record made invalid (1 %), whose import must list every bad row with
 * its line (checked). With --repeat N the \copy baseline and the imports run alternately N times
 * (the machine is shared and its load swings; each import is compared with the \copy run just
 * before it) and the table shows medians. The child also reports its own CPU time
 * (user+system), which the load hurts less than wall time.
 * Results: a table on stdout and bench/results/import-<timestamp>.json.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client.js";
import { createDepartment } from "../src/departments/departments.js";
import { entityImportKind } from "../src/rosters/imports/entities-import.js";
import { runRosterImport } from "../src/rosters/imports/import-pipeline.js";
import { withFreshDatabase } from "./fresh-database.js";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    seed: { type: "string", default: "bench" },
    drivers: { type: "string", default: "postgres,pglite" },
    "bad-drivers": { type: "string", default: "postgres" },
    repeat: { type: "string", default: "1" },
    child: { type: "string" },
    file: { type: "string" },
    url: { type: "string" },
    "expect-bad": { type: "string" },
  },
});
const server = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Every 100th record of the bad file is invalid (its credit code). */
const BAD_EVERY = 100;

/**
 * Child: import `file` once with one driver, print one JSON line. With `expectBad`, the file
 * must be rejected listing exactly the bad rows' lines.
 */
async function child(driver: string, file: string, url: string, expectBad: number[] | null) {
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
    const cpu0 = process.cpuUsage();
    const report = await runRosterImport({
      database,
      kind: entityImportKind,
      departmentId: dept.id,
      source: createReadStream(file, { highWaterMark: 256 * 1024 }),
      format: "csv",
      // Every bad row listed, not the job report's first 100.
      maxErrors: expectBad === null ? 100 : Number.POSITIVE_INFINITY,
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (expectBad === null) {
      if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
    } else {
      const lines = report.errors.map((e) => e.line);
      if (report.ok || report.totalErrors !== expectBad.length || lines.join() !== expectBad.join())
        throw new Error(
          `bad file: expected ${expectBad.length} errors on their lines, got ${report.totalErrors}`,
        );
    }
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      JSON.stringify({
        driver: expectBad === null ? driver : `${driver}, 1 % bad rows`,
        rows: report.rows,
        errorsListed: report.errors.length,
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

/**
 * The valid file with every BAD_EVERY-th record's credit code made invalid, and the file lines
 * those records start on (records may span lines: quoted fields hold line breaks); cached.
 */
async function badCopy(file: string): Promise<{ file: string; badLines: number[] }> {
  const out = file.replace(/\.csv$/, `-bad${BAD_EVERY}.csv`);
  const linesFile = `${out}.lines.json`;
  if (existsSync(out) && existsSync(linesFile))
    return { file: out, badLines: JSON.parse(readFileSync(linesFile, "utf8")) as number[] };
  const badLines: number[] = [];
  const rewrite = async function* () {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
    let lineNo = 0;
    let record = -1; // the header is record 0
    let inQuotes = false;
    for await (const line of lines) {
      lineNo++;
      const startsRecord = !inQuotes;
      // An odd number of quote characters on a line opens or closes a quoted field.
      if ((line.split('"').length - 1) % 2 === 1) inQuotes = !inQuotes;
      if (startsRecord) record++;
      if (startsRecord && record > 0 && record % BAD_EVERY === 0) {
        badLines.push(lineNo);
        yield `NOT-A-CODE-${record}${line.slice(line.indexOf(","))}\n`;
      } else yield `${line}\n`;
    }
  };
  await pipeline(Readable.from(rewrite()), createWriteStream(out));
  writeFileSync(linesFile, JSON.stringify(badLines));
  return { file: out, badLines };
}

/** Baseline: psql \copy of the same file into a bare 13-text-column table. */
function psqlCopy(url: string, file: string): { seconds: number; rowsPerSecond: number; rows: number } {
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
  if (values.child) {
    const bad = values["expect-bad"];
    const expectBad = bad === undefined ? null : (JSON.parse(readFileSync(bad, "utf8")) as number[]);
    return child(values.child, values.file as string, values.url as string, expectBad);
  }
  await withFreshDatabase(server, "sortes_bench_import", run);
}

async function run(url: string) {
  const rows = Number(values.rows);
  const file = generate(rows, values.seed);
  const badFile = await badCopy(file);
  const runs: Record<string, unknown>[] = [];
  const imports = [
    ...values.drivers.split(",").map((driver) => ({ driver, file, expectBad: null as number[] | null })),
    ...values["bad-drivers"]
      .split(",")
      .filter(Boolean)
      .map((driver) => ({ driver, file: badFile.file, expectBad: badFile.badLines })),
  ];
  for (let rep = 0; rep < Number(values.repeat); rep++) {
    const baseline = psqlCopy(url, file);
    runs.push({ driver: "psql \\copy (bare table, baseline)", ...baseline, maxRssMb: null, ratio: 1 });
    console.error(`\\copy: ${Math.round(baseline.rowsPerSecond)} rows/s, load ${loadavg()[0]?.toFixed(1)}`);
    for (const { driver, file, expectBad } of imports) {
      const r = spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "bench/import.ts",
          "--child",
          driver,
          "--file",
          file,
          "--url",
          url,
          ...(expectBad === null ? [] : ["--expect-bad", `${badFile.file}.lines.json`]),
        ],
        { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
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
    JSON.stringify(
      {
        scenario: "roster-import",
        rows,
        file,
        badFile: { file: badFile.file, badRows: badFile.badLines.length },
        machine,
        results,
        runs,
      },
      null,
      2,
    ),
  );
  console.log(`wrote ${out}`);
}

await main();
