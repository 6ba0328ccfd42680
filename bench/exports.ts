/**
 * Streamed exports over HTTP (issue 14, item 5): `tsx bench/exports.ts [--rows 1000000]`.
 *
 * On a fresh PostgreSQL database (BENCH_DATABASE_URL / DATABASE_URL server, dropped after) it
 * stores `--rows` findings of one department (ten rounds of one published checklist item,
 * inserted with generate_series), starts the service (`src/main.ts`) in a child process and
 * downloads GET /exports/findings.csv and /exports/findings.xlsx with an auditor token. For each:
 * seconds, rows/s, bytes, and the server process's peak RSS while it streamed (VmHWM, reset
 * before each download through /proc/PID/clear_refs, plus the largest VmRSS sampled every 50 ms).
 * Every row is counted: CSV lines as they arrive, the workbook's sheets read back with
 * Python's zipfile. Target: peak RSS < 300 MB. Prints one JSON line at the end.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { createToken } from "../src/auth/tokens.js";
import { createItem, publishItem } from "../src/checklist/items.js";
import { openDatabase } from "../src/db/client.js";
import { createDepartment } from "../src/departments/departments.js";
import { RESULT_CODES } from "../src/findings/result-codes.js";
import { withFreshDatabase } from "./fresh-database.js";
import { startBenchService } from "./service.js";

const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" } } });
const ROWS = Number(values.rows);
const ROUNDS = 10;
const RSS_TARGET_MB = 300;
const baseUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

function procStatus(pid: number, key: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

async function seed(url: string) {
  const database = await openDatabase({ url, max: 4 });
  try {
    const department = await createDepartment(database.db, {
      code: "BENCH-EXPORTS",
      name: "福州市市场监督管理局",
      regionCode: "350100",
    });
    const { token } = await createToken(database.db, {
      departmentId: department.id,
      role: "auditor",
      label: "bench",
    });
    await createItem(database.db, department.id, {
      code: "GS-01",
      inspectingBody: "福州市市场监督管理局",
      name: "企业公示信息抽查",
      legalBasis: "《企业信息公示暂行条例》第十四条",
      content: "年度报告公示信息、即时公示信息",
      methods: ["written", "on_site"],
      targetDescription: "",
      targetEntityTypes: [],
      targetIndustries: [],
      targetRegionCodes: [],
      requiredQualification: null,
      entityCount: null,
      defaultRateBp: null,
      defaultRoundsPerYear: null,
      legalOverride: null,
      notes: "",
    } as Parameters<typeof createItem>[2]);
    const item = await publishItem(database.db, department.id, "GS-01");
    await database.db.execute(sql`
      insert into rounds (department_id, title, plan_year, item_version_id, team_size, window_from,
                          window_until, reveal_deadline, status)
      select ${department.id}, '2026年度企业公示信息抽查 第' || r || '批', 2026, ${item.id}, 2,
             '2026-04-01', '2026-06-30', '2026-03-01T00:00:00Z', 'closed'
      from generate_series(1, ${ROUNDS}) r`);
    const codes = `{${RESULT_CODES.map((c) => `"${c}"`).join(",")}}`;
    await database.db.execute(sql`
      insert into findings (department_id, round_id, entity_id, entity_name, natural_person, result_code,
                            description, rectification_ordered, credit_listing, evidence_hashes, involves_minor,
                            trade_secret_fields, privacy_fields, decision_type, inspection_ended_on,
                            signed_head, filed_by_inspector_id)
      select ${department.id}, r.id, '91350100' || lpad(g::text, 10, '0'),
             '福州市鼓楼区测试商贸有限公司第' || g || '号', false,
             ((${codes}::text[])[1 + g % ${RESULT_CODES.length}])::finding_result_code,
             '检查情况', false, false, '{}', false, '{}', '{}', 'result', '2026-05-20',
             repeat('0', 64), '00000000-0000-4000-8000-000000000001'
      from generate_series(1, ${ROWS}) g
      join (select id, row_number() over (order by id) - 1 as n from rounds where department_id = ${department.id}) r
        on r.n = g % ${ROUNDS}`);
    await database.db.execute(sql`analyze findings`);
    return token;
  } finally {
    await database.close();
  }
}

interface Figures {
  format: "csv" | "xlsx";
  rows: number;
  seconds: number;
  rowsPerSec: number;
  bytes: number;
  peakRssMb: number;
  rssBeforeMb: number;
}

async function download(base: string, token: string, pid: number, format: "csv" | "xlsx", dir: string) {
  writeFileSync(`/proc/${pid}/clear_refs`, "5"); // resets VmHWM to the current RSS
  const rssBefore = procStatus(pid, "VmRSS");
  let sampled = rssBefore;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, procStatus(pid, "VmRSS"));
  }, 50);
  const started = performance.now();
  const res = await fetch(`${base}/exports/findings.${format}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`${format}: ${res.status} ${await res.text()}`);
  const file = join(dir, `findings.${format}`);
  let lines = 0;
  const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>);
  if (format === "csv")
    body.on("data", (b: Buffer) => {
      for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++;
    });
  await pipeline(body, createWriteStream(file));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const peak = Math.max(sampled, procStatus(pid, "VmHWM"));
  let rows = lines - 1;
  if (format === "xlsx") {
    // Read back entry by entry (Python's zipfile streams a member): data rows of every sheet.
    const count = spawnSync(
      "python3",
      [
        "-c",
        "import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1]);n=0\nfor name in z.namelist():\n  if name.startswith('xl/worksheets/sheet'):\n    n-=1\n    prev=b''\n    with z.open(name) as f:\n      for chunk in iter(lambda: f.read(1<<20), b''):\n        b=prev+chunk;n+=b.count(b'</row>');prev=b[-5:]\nprint(n)",
        file,
      ],
      { encoding: "utf8" },
    );
    if (count.status !== 0) throw new Error(`reading the workbook back failed: ${count.stderr}`);
    rows = Number(count.stdout.trim());
  }
  const f: Figures = {
    format,
    rows,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSec: Math.round(rows / seconds),
    bytes: statSync(file).size,
    peakRssMb: mb(peak),
    rssBeforeMb: mb(rssBefore),
  };
  rmSync(file);
  return f;
}

async function main() {
  await withFreshDatabase(
    baseUrl,
    "sortes_bench_exports",
    async (url) => {
      let t = performance.now();
      const token = await seed(url);
      console.log(`exports: ${ROWS} findings seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const dir = mkdtempSync(join(tmpdir(), "sortes-bench-exports-"));
      // As `npm start` does (startBenchService): a bounded old space makes V8 collect the export's
      // short-lived rows instead of letting the heap grow towards the machine-sized default limit (see README).
      const service = await startBenchService({
        databaseUrl: url,
        dataDir: dir,
        logFile: join(dir, "server.log"),
      });
      try {
        const base = service.base;
        const figures: Figures[] = [];
        for (const format of ["csv", "xlsx"] as const) {
          t = performance.now();
          const f = await download(base, token, service.child.pid!, format, dir);
          figures.push(f);
          console.log(
            `  ${format}: ${f.rows} rows in ${f.seconds} s = ${f.rowsPerSec} rows/s, ${mb(f.bytes)} MB; ` +
              `server RSS ${f.rssBeforeMb} MB before, peak ${f.peakRssMb} MB (target < ${RSS_TARGET_MB} MB)`,
          );
          if (f.rows !== ROWS) throw new Error(`${format}: expected ${ROWS} rows, counted ${f.rows}`);
        }
        const ok = figures.every((f) => f.peakRssMb < RSS_TARGET_MB);
        console.log(
          JSON.stringify({ scenario: "exports", rows: ROWS, figures, rssTargetMb: RSS_TARGET_MB, ok }),
        );
        if (!ok) process.exitCode = 1;
      } finally {
        await service.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    process.env.BENCH_KEEP === "1",
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
