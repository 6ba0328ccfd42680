/**
 * Service draw benchmark (issue 4 / issue 7; not a test; prints figures):
 *   tsx bench/draw.ts [--sizes 1000000,10000000] [--pool 500] [--rates 300,300,300,300]
 *                     [--conflicts-bp 100] [--algorithm sortes-draw/v2] [--no-naive] [--keep-db]
 *   tsx bench/draw-child.ts --redraw ROUND    (again on a kept database: DATABASE_URL = its URL)
 * BENCH_DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
 * each run creates its own database there and drops it.
 *
 * Setup (not timed as the draw): a round in `revealed` state whose eligible set of N
 * synthetic credit codes in 4 strata is generated in SQL (leaf order computed, not
 * sorted), committed by the service's own commit-side code (v2: chunk hashes in SQL;
 * timed separately), a pool of inspectors and conflicts for 1 % of the entities.
 * Then drawRound — selection, teams, persisting selections and assignments, signing
 * and storing the proof, the ledger entry and the transition — runs in a fresh child
 * process (as in a service process: its peak RSS is the draw's, not the setup's), and in
 * the same run the unverifiable baseline users would otherwise pick (`ORDER BY random()
 * LIMIT k` per stratum, persisted) on the same rows. Neither gets a warmer table than the
 * other: the eligible rows are read once before either runs, and the order alternates by
 * size (the first size runs the baseline first).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { openDatabase } from "../src/db/client.js";
import { attachRoundTable, createRoundTable } from "../src/db/round-partitions.js";
import { createDepartment } from "../src/departments/departments.js";
import {
  ALGORITHM_ID,
  type Commitment,
  CURRENT_ALGORITHM,
  commitmentHashHex,
  conflictDigest,
  conflictSetRoot,
  contributorCommitment,
  FAILURE_POLICY,
  fromHex,
  type InspectorRecord,
  inspectorPoolRoot,
  merkleEmptyRoot,
  sampleSize,
  toHex,
  validateCommitment,
} from "../src/draw-engine/index.js";
import { eligibleRootAndCounts } from "../src/draws/eligible.js";
import { commitEligibleChunks } from "../src/draws/eligible-chunks.js";
import { installNodeHashing } from "../src/draws/node-hash-link.js";
import { roundContributors, rounds } from "../src/draws/schema.js";
import { mb, runDrawChild } from "./draw-child.js";
import { withFreshDatabase } from "./fresh-database.js";
import { naiveDraw } from "./naive-draw.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const sizes = arg("sizes", "1000000").split(",").map(Number);
const poolSize = Number(arg("pool", "500"));
const STRATA = ["A", "B", "C", "D"];
const rates = arg("rates", "300,300,300,300").split(",").map(Number);
const conflictsBp = Number(arg("conflicts-bp", "100"));
const algorithm = arg("algorithm", CURRENT_ALGORITHM);
const naive = !process.argv.includes("--no-naive");

const results: Record<string, unknown>[] = [];

async function main() {
  const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  // A fresh database per run (--keep-db leaves it for --redraw).
  await withFreshDatabase(base, "sortes_bench_draw", (url) => run(url), process.argv.includes("--keep-db"));
}

async function run(url: string) {
  installNodeHashing();
  const database = await openDatabase({ url, max: 4 });
  const db = database.db;
  console.log(
    `PostgreSQL (fresh database); ${algorithm}; pool ${poolSize} inspectors; rates ${rates.join("/")} bp for ${STRATA.join("/")}; conflicts for ${conflictsBp / 100} % of entities`,
  );
  for (const [sizeIndex, n] of sizes.entries()) {
    const dept = await createDepartment(db, {
      code: `BENCH-${randomUUID().slice(0, 8)}`,
      name: "bench",
      regionCode: "350100",
    });
    const roundId = randomUUID();
    // Two contributors: the service draws no round whose entropy one party holds (draw-spec §8.5).
    const nonces = [randomBytes(32), randomBytes(32)];
    const pool: InspectorRecord[] = Array.from({ length: poolSize }, () => ({
      id: randomUUID(),
      department: "BENCH",
      qualifications: ["食品安全"],
      validFrom: "2020-01-01",
      validUntil: "2030-12-31",
    }));
    await db.insert(rounds).values({
      id: roundId,
      departmentId: dept.id,
      title: `bench ${n}`,
      planYear: 2026,
      itemVersionId: randomUUID(),
      teamSize: 2,
      windowFrom: "2026-07-01",
      windowUntil: "2026-08-31",
      revealDeadline: new Date(Date.now() + 3600_000),
    });
    let t = performance.now();
    // Entity i is in stratum i mod 4 with id 91350100 ‖ i (one length), so leaf order is stratum,
    // then i: leaf L of stratum s (starting at start_s) is entity i = 4·(L − start_s) + s. Rows
    // are written in leaf order, as the service's commit writes them (physical order = leaf order).
    const per = STRATA.map((_, s) => Math.floor((n - s + STRATA.length - 1) / STRATA.length));
    const startOf = per.map((_, s) => per.slice(0, s).reduce((a, b) => a + b, 0));
    // As the commit does (src/draws/eligible.ts): into the round's fresh table, indexed after the
    // load and attached as its partition, in one transaction.
    let loadSeconds = 0;
    await db.transaction(async (tx) => {
      const table = sql.raw(await createRoundTable(tx, "round_eligible", roundId));
      for (const [s, name] of STRATA.entries()) {
        await tx.execute(sql`
          insert into ${table} (round_id, stratum, entity_id, leaf_index)
          select ${roundId}, ${name}, '91350100' || lpad((4 * r + ${s})::text, 10, '0'), ${startOf[s]!}::int + r
          from generate_series(0, ${per[s]! - 1}) r`);
      }
      loadSeconds = (performance.now() - t) / 1000;
      await attachRoundTable(tx, "round_eligible", roundId);
    });
    const indexSeconds = (performance.now() - t) / 1000 - loadSeconds;
    console.log(
      `\nN = ${n.toLocaleString("en")}: eligible set generated in SQL in ${loadSeconds.toFixed(2)} s, indexed + analyzed + attached in ${indexSeconds.toFixed(2)} s`,
    );
    t = performance.now();
    const el =
      algorithm === ALGORITHM_ID
        ? await eligibleRootAndCounts(db, roundId)
        : await commitEligibleChunks(db, roundId);
    const commitSeconds = (performance.now() - t) / 1000;
    console.log(`  commit side: eligible root of ${el.size} entities in ${commitSeconds.toFixed(2)} s`);
    // Conflicts: 1 % of the entities (every 100th) with one inspector each.
    const conflicts: string[] = [];
    const step = Math.max(1, Math.round(10000 / Math.max(1, conflictsBp)));
    if (conflictsBp > 0)
      for (let i = 0; i < n; i += step)
        conflicts.push(
          toHex(conflictDigest(pool[i % poolSize]!.id, `91350100${String(i).padStart(10, "0")}`)),
        );
    conflicts.sort();
    const committedAt = `${new Date().toISOString().slice(0, 19)}Z`;
    const commitment: Commitment = validateCommitment({
      algorithm,
      roundId,
      committedAt,
      roster: { revision: "2026-06", root: toHex(merkleEmptyRoot()) },
      filter: "{}",
      eligible: {
        root: el.root,
        strata: STRATA.map((s, i) => ({ stratum: s, count: el.counts.get(s) ?? 0, rateBp: rates[i] ?? 300 })),
        exclusions: [],
      },
      floor: { minTotalBp: 300, legalBasis: null },
      teams: {
        size: 2,
        qualification: "食品安全",
        window: { from: "2026-07-01", until: "2026-08-31" },
        jointDepartments: [],
      },
      inspectors: { root: toHex(inspectorPoolRoot(pool)), count: pool.length },
      conflicts: {
        root: toHex(conflictSetRoot(conflicts.map((d) => fromHex(d, 32)))),
        count: conflicts.length,
      },
      entropy: {
        contributors: nonces.map((n, i) => ({
          name: `bench-${i + 1}`,
          commitment: toHex(contributorCommitment(n)),
        })),
        beacon: null,
        revealDeadline: `${new Date(Date.now() + 3600_000).toISOString().slice(0, 19)}Z`,
        failurePolicy: FAILURE_POLICY,
      },
    });
    await db
      .update(rounds)
      .set({
        status: "revealed",
        commitment: JSON.stringify(commitment),
        commitmentHash: commitmentHashHex(commitment),
        committedAt: new Date(committedAt),
        inspectorPool: pool,
        conflictDigests: conflicts,
      })
      .where(sql`id = ${roundId}`);
    await db.insert(roundContributors).values(
      nonces.map((n, i) => ({
        departmentId: dept.id,
        roundId,
        position: i,
        name: `bench-${i + 1}`,
        credentialHash: "-",
        commitment: commitment.entropy.contributors[i]?.commitment,
        nonce: toHex(n),
        revealedAt: new Date(),
      })),
    );
    // Warm both contestants alike: one read of the round's eligible rows and their index.
    await db.execute(sql`select count(*), max(leaf_index) from round_eligible where round_id = ${roundId}`);
    const ks = STRATA.map((s, i) => ({ stratum: s, k: sampleSize(el.counts.get(s) ?? 0, rates[i] ?? 300) }));
    const naiveFirst = naive && sizeIndex % 2 === 0;
    let naiveSeconds: number | null = naiveFirst ? (await naiveDraw(db, roundId, ks)).seconds : null;
    const child = runDrawChild(url, dept.id, roundId);
    const secs = child.seconds;
    console.log(
      `  draw (fresh process): ${secs.toFixed(3)} s — ${child.selected} selected, ${child.teams} teams, persisted and signed; RSS at start ${mb(child.rssStart)}, peak ${mb(child.maxRss)}`,
    );
    for (const [p, s] of Object.entries(child.phases)) console.log(`    ${p} ${s.toFixed(3)} s`);
    if (naive && !naiveFirst) naiveSeconds = (await naiveDraw(db, roundId, ks)).seconds;
    if (naiveSeconds !== null)
      console.log(
        `  baseline ORDER BY random() LIMIT k per stratum, persisted (run ${naiveFirst ? "before" : "after"} the draw): ${naiveSeconds.toFixed(3)} s — Sortes/naive = ${(secs / naiveSeconds).toFixed(2)}`,
      );
    results.push({
      n,
      algorithm,
      drawSeconds: secs,
      phases: child.phases,
      rssAtStartMB: child.rssStart / 2 ** 20,
      peakRssMB: child.maxRss / 2 ** 20,
      commitSeconds,
      eligibleWriteSeconds: loadSeconds + indexSeconds,
      naiveSeconds,
      naiveRanFirst: naiveFirst,
      ratioToNaive: naiveSeconds ? secs / naiveSeconds : null,
    });
  }
  await database.close();
  console.log(
    `RESULT ${JSON.stringify({ scenario: "draw", results, maxRssMB: process.resourceUsage().maxRSS / 1024 })}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
