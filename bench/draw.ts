/**
 * Service draw benchmark (not a test; prints figures):
 *   tsx bench/draw.ts [--sizes 1000000,10000000] [--pool 200] [--rates 300,300,500,1000,1000] [--verify]
 * Uses DATABASE_URL (PostgreSQL) when set, else an in-memory PGlite.
 *
 * Setup (not timed as the draw): a round in `revealed` state whose eligible set of N
 * synthetic ids is generated in SQL, hashed to its Merkle root by the service's streaming
 * code (timed separately: the commit-side cost), and a pool of inspectors. Then
 * drawRound — SQL tickets + per-stratum top-k, assignTeams, persisting selections and
 * assignments, signing and storing the proof — is timed, with the process's peak RSS.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { createDepartment } from "../src/departments/departments.js";
import {
  ALGORITHM_ID,
  type Commitment,
  commitmentHashHex,
  contributorCommitment,
  FAILURE_POLICY,
  type InspectorRecord,
  inspectorPoolRoot,
  merkleEmptyRoot,
  toHex,
  validateCommitment,
} from "../src/draw-engine/index.js";
import { drawRound } from "../src/draws/draw.js";
import { eligibleRootAndCounts, LEAF_ORDER_SQL } from "../src/draws/eligible.js";
import { useNodeHashing } from "../src/draws/node-hash-link.js";
import { roundContributors, rounds } from "../src/draws/schema.js";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const sizes = arg("sizes", "1000000").split(",").map(Number);
const poolSize = Number(arg("pool", "200"));
const STRATA = ["A", "B", "C", "D", "unrated"];
const rates = arg("rates", "300,300,500,1000,1000").split(",").map(Number);

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

async function main() {
  useNodeHashing();
  const url = process.env.DATABASE_URL;
  const database = await openDatabase(url ? { url, max: 4 } : { dataDir: "memory://" });
  const db = database.db;
  const config = parseConfig({
    ...process.env,
    SIGNING_KEY_HEX: toHex(randomBytes(32)),
    LOG_LEVEL: "silent",
  });
  console.log(
    `driver: ${url ? "postgres" : "pglite"}; pool ${poolSize} inspectors; rates ${rates.join("/")} bp for ${STRATA.join("/")}`,
  );
  for (const n of sizes) {
    const dept = await createDepartment(db, {
      code: `BENCH-${randomUUID().slice(0, 8)}`,
      name: "bench",
      regionCode: "350100",
    });
    const roundId = randomUUID();
    const nonce = randomBytes(32);
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
    await db.execute(sql`
      insert into round_eligible (round_id, stratum, entity_id, leaf_index)
      select ${roundId}, stratum, entity_id, (row_number() over (order by ${LEAF_ORDER_SQL}) - 1)::int
      from (select (array['A','B','C','D','unrated'])[1 + (i % 5)] as stratum,
                   '91350100' || lpad(i::text, 10, '0') as entity_id
            from generate_series(1, ${n}) i) g`);
    await db.execute(sql`analyze round_eligible`);
    console.log(
      `\nN = ${n.toLocaleString("en")}: eligible set generated in SQL in ${((performance.now() - t) / 1000).toFixed(2)} s`,
    );
    t = performance.now();
    const el = await eligibleRootAndCounts(db, roundId);
    console.log(
      `  commit side: streamed Merkle root of ${el.size} leaves in ${((performance.now() - t) / 1000).toFixed(2)} s`,
    );
    const committedAt = `${new Date().toISOString().slice(0, 19)}Z`;
    const commitment: Commitment = validateCommitment({
      algorithm: ALGORITHM_ID,
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
      conflicts: { root: toHex(merkleEmptyRoot()), count: 0 },
      entropy: {
        contributors: [{ name: "bench", commitment: toHex(contributorCommitment(nonce)) }],
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
        conflictDigests: [],
      })
      .where(sql`id = ${roundId}`);
    await db.insert(roundContributors).values({
      departmentId: dept.id,
      roundId,
      position: 0,
      name: "bench",
      credentialHash: "-",
      commitment: commitment.entropy.contributors[0]?.commitment,
      nonce: toHex(nonce),
      revealedAt: new Date(),
    });
    peakRss = process.memoryUsage().rss;
    const rssBefore = peakRss;
    t = performance.now();
    const phases: string[] = [];
    const r = await drawRound(
      db,
      config,
      { departmentId: dept.id, roundId, actor: "bench" },
      { phase: (name, ms) => phases.push(`${name} ${(ms / 1000).toFixed(2)} s`) },
    );
    const secs = (performance.now() - t) / 1000;
    console.log(
      `  draw: ${secs.toFixed(2)} s — ${"selected" in r ? r.selected : "?"} selected, ${"teams" in r ? r.teams : "?"} teams, persisted and signed; RSS before ${mb(rssBefore)}, peak ${mb(peakRss)}`,
    );
    for (const p of phases) console.log(`    ${p}`);
  }
  clearInterval(sampler);
  await database.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
