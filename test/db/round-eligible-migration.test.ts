/**
 * Migration 0029 moves existing eligible sets into per-round partitions of round_eligible:
 * a database migrated up to 0028 with two rounds' rows is migrated on, and each round's rows
 * come out in a partition of their own, keys intact, the DEFAULT partition empty.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { describeMigration, type Query } from "./migration-case.js";

const ROUNDS = [randomUUID(), randomUUID()];

/** Rows of two rounds written before 0029 (foreign keys off: no rounds rows needed for this). */
async function seed(q: Query) {
  await q("set session_replication_role = replica");
  for (const [i, r] of ROUNDS.entries()) {
    const n = i === 0 ? 300 : 7;
    await q(`insert into round_eligible (round_id, stratum, entity_id, leaf_index)
             select '${r}', 'A', 'E' || lpad(g::text, 6, '0'), g from generate_series(0, ${n - 1}) g`);
  }
  await q("set session_replication_role = origin");
}

async function check(q: Query) {
  const rows =
    await q(`select tableoid::regclass::text as part, round_id::text as round_id, count(*)::int as n
                        from round_eligible group by 1, 2 order by 3 desc`);
  expect(rows).toEqual(
    ROUNDS.map((r, i) => ({
      part: `round_eligible_${r.replaceAll("-", "")}`,
      round_id: r,
      n: i === 0 ? 300 : 7,
    })),
  );
  const [dflt] = await q("select count(*)::int as n from round_eligible_default");
  expect(dflt?.n).toBe(0);
  const kind = await q("select relkind::text as k from pg_class where relname = 'round_eligible'");
  expect(kind).toEqual([{ k: "p" }]);
  // The keys hold: a duplicate leaf of a migrated round is refused.
  await expect(q(`insert into round_eligible values ('${ROUNDS[1]}', 'A', 'X', 0)`)).rejects.toThrow(
    /duplicate key|unique/,
  );
  const old = await q(
    "select count(*)::int as n from pg_class where relname = 'round_eligible_unpartitioned'",
  );
  expect(old[0]?.n).toBe(0);
}

describeMigration(
  "migration 0029 moves eligible sets into per-round partitions",
  "0029_round_eligible_partitioned_by_round",
  seed,
  check,
);
