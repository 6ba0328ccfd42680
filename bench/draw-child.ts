/**
 * The draw benchmark's child process (bench/draw.ts): one drawRound on a revealed round in a
 * fresh Node process — the service's situation, so its peak RSS is the draw's — printing its
 * figures as one line. Also `--redraw ROUND` (DATABASE_URL = a database kept with
 * `bench/draw.ts --keep-db`): puts a drawn benchmark round back to `revealed` and draws it
 * again, for profiling (BENCH_CHILD_NODE_ARGS="--cpu-prof …", BENCH_MEMORY=1).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { drawAndAssign } from "../src/assignments/draw-and-assign.js";
import { parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { queryRows } from "../src/db/rows.js";
import { toHex } from "../src/draw-engine/index.js";
import { installNodeHashing } from "../src/draws/node-hash-link.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};

export const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

export interface ChildResult {
  seconds: number;
  phases: Record<string, number>;
  selected: number;
  teams: number;
  rssStart: number;
  maxRss: number;
}

/** Runs drawRound in a fresh Node process (the service's situation) and returns its figures. */
export function runDrawChild(url: string | undefined, departmentId: string, roundId: string): ChildResult {
  if (!url)
    throw new Error(
      "the draw benchmark needs DATABASE_URL (PostgreSQL): a child process cannot share an in-memory PGlite",
    );
  const run = spawnSync(
    process.execPath,
    [
      // e.g. BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the draw alone
      ...(process.env.BENCH_CHILD_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      "--import",
      "tsx",
      "bench/draw-child.ts",
      "--child",
      "--department",
      departmentId,
      "--round",
      roundId,
    ],
    { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  if (process.env.BENCH_MEMORY) process.stderr.write(run.stderr);
  const line = run.stdout.split("\n").find((l) => l.startsWith("CHILD "));
  if (run.status !== 0 || !line) throw new Error(`draw child failed: ${run.stderr || run.stdout}`);
  return JSON.parse(line.slice(6)) as ChildResult;
}

/** Child mode: one drawRound on an existing revealed round; prints its figures as one line. */
async function drawInChild(): Promise<void> {
  installNodeHashing();
  const rssStart = process.memoryUsage().rss;
  const database = await openDatabase({ url: process.env.DATABASE_URL as string, max: 4, migrate: false });
  const config = parseConfig({
    ...process.env,
    SIGNING_KEY_HEX: toHex(randomBytes(32)),
    LOG_LEVEL: "silent",
  });
  const phases: Record<string, number> = {};
  const t = performance.now();
  const r = await drawAndAssign(
    database.db,
    config,
    { departmentId: arg("department", ""), roundId: arg("round", ""), actor: "bench" },
    {
      phase: (name, ms) => {
        phases[name] = ms / 1000;
        if (process.env.BENCH_MEMORY) {
          const m = process.memoryUsage();
          console.error(
            `${name}: maxRSS so far ${mb(process.resourceUsage().maxRSS * 1024)} rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} external ${mb(m.external)} buffers ${mb(m.arrayBuffers)}`,
          );
        }
      },
    },
  );
  const seconds = (performance.now() - t) / 1000;
  await database.close();
  const out: ChildResult = {
    seconds,
    phases,
    selected: "selected" in r ? (r.selected as number) : 0,
    teams: "teams" in r ? (r.teams as number) : 0,
    rssStart,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  console.log(`CHILD ${JSON.stringify(out)}`);
}

/**
 * `--redraw ROUND`: puts an already drawn benchmark round back to `revealed` (its draw's rows
 * removed) and draws it again in a fresh process — for profiling a 10 M draw without
 * regenerating 10 M rows. Benchmark databases only: it rewrites a round's history.
 */
async function redraw(roundId: string): Promise<void> {
  const url = process.env.DATABASE_URL as string;
  const database = await openDatabase({ url, max: 1 });
  const db = database.db;
  const [round] = await queryRows<{ department_id: string; title: string }>(
    db,
    sql`select department_id, title from rounds where id = ${roundId}`,
  );
  if (!round?.title.startsWith("bench ")) throw new Error(`${roundId} is not a benchmark round`);
  await db.transaction(async (tx) => {
    for (const table of ["round_selected", "assignments", "round_proof_parts", "round_proofs"])
      await tx.execute(sql`delete from ${sql.identifier(table)} where round_id = ${roundId}`);
    await tx.execute(sql`delete from round_transitions where round_id = ${roundId} and to_status = 'drawn'`);
    await tx.execute(sql`update rounds set status = 'revealed', seed = null where id = ${roundId}`);
  });
  await database.close();
  const child = runDrawChild(url, round.department_id, roundId);
  console.log(
    `redraw: ${child.seconds.toFixed(3)} s; RSS at start ${mb(child.rssStart)}, peak ${mb(child.maxRss)}`,
  );
  for (const [p, s] of Object.entries(child.phases)) console.log(`    ${p} ${s.toFixed(3)} s`);
}

if (process.argv.includes("--child") || process.argv.includes("--redraw")) {
  (process.argv.includes("--child") ? drawInChild() : redraw(arg("redraw", ""))).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
