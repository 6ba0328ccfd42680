/**
 * Per-round partitions of the tables a round writes once (issue 15 item 2).
 *
 * `round_eligible` is partitioned by LIST (round_id) (migration 0029). The commit writes a
 * round's eligible set into a fresh table with no index, builds the indexes the parent has
 * after the load (sorted builds instead of one B-tree insertion per row), analyzes it and
 * ATTACHes it as the round's partition — all inside the commit's transaction, so a failure
 * leaves no partition behind. The fresh table carries the partition bound as a CHECK
 * constraint, checked row by row as the rows arrive, so ATTACH skips its own scan; only the
 * DEFAULT partition (rows written any other way: fixtures, tools) is scanned, under an
 * exclusive lock held to the end of the transaction — keep it empty in production.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./types.js";

export type RoundTable = "round_eligible";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkedId(roundId: string): string {
  if (!UUID.test(roundId)) throw new Error(`not a round id: ${roundId}`);
  return roundId;
}

/** The parent's unique constraints, rebuilt on each fresh table once it is loaded. */
const KEYS: Record<RoundTable, (t: string) => string[]> = {
  round_eligible: (t) => [
    `alter table ${t} add constraint ${t}_pk primary key (round_id, entity_id)`,
    `alter table ${t} add constraint ${t}_leaf_uq unique (round_id, leaf_index)`,
  ],
};

/** The round's own partition of `table` (`round_eligible_<round id without dashes>`). */
export function roundPartitionName(table: RoundTable, roundId: string): string {
  return `${table}_${checkedId(roundId).replaceAll("-", "")}`;
}

/**
 * Creates the round's fresh (unattached, unindexed) table and returns its name. Call inside
 * the transaction that fills it and then calls attachRoundTable.
 */
export async function createRoundTable(db: Db, table: RoundTable, roundId: string): Promise<string> {
  const id = checkedId(roundId);
  const name = roundPartitionName(table, id);
  await db.execute(sql.raw(`create table ${name} (like ${table} including defaults)`));
  await db.execute(sql.raw(`alter table ${name} add constraint ${name}_bound check (round_id = '${id}')`));
  return name;
}

/** Indexes the loaded table, analyzes it and attaches it as the round's partition. */
export async function attachRoundTable(db: Db, table: RoundTable, roundId: string): Promise<void> {
  const id = checkedId(roundId);
  const name = roundPartitionName(table, id);
  for (const ddl of KEYS[table](name)) await db.execute(sql.raw(ddl));
  // Statistics of this round only (ANALYZE of the parent would sample every round's rows).
  await db.execute(sql.raw(`analyze ${name}`));
  await db.execute(sql.raw(`alter table ${table} attach partition ${name} for values in ('${id}')`));
  // The partition bound says the same from now on.
  await db.execute(sql.raw(`alter table ${name} drop constraint ${name}_bound`));
}
