/**
 * Per-department partitions of the tables a draw writes and later rounds read back
 * (issue 15 item 2): `assignments` and `round_selected` are partitioned by LIST
 * (department_id) (migration 0030). Every cross-round read (cool-down and yearly-cap history
 * at each commit, plan progress and warnings, an inspector's assignments) is scoped to one
 * department, so it is pruned to that department's partition.
 *
 * A department's partitions are created before its first draw, in a short transaction of
 * their own (ensureRoundPartitions, called by drawRound before the draw's transaction):
 * CREATE TABLE … PARTITION OF takes an ACCESS EXCLUSIVE lock on the parent, which inside the
 * draw's transaction (seconds for a large round) would block every department's reads of the
 * table. Concurrent creators (two first draws at once) serialize on one transaction-scoped
 * advisory lock and re-check under it, so the second finds the tables there. Rows written for
 * a department without partitions (fixtures, tools) land in the DEFAULT partitions and move
 * into its own when they are created.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "./rows.js";
import type { Db } from "./types.js";

export type DepartmentTable = "assignments" | "round_selected";

const TABLES: DepartmentTable[] = ["assignments", "round_selected"];

/** Key of the advisory lock held while partitions are created ('sortes-dp' in ASCII). */
const LOCK_KEY = 0x736f727465732d64n;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkedId(departmentId: string): string {
  if (!UUID.test(departmentId)) throw new Error(`not a department id: ${departmentId}`);
  return departmentId;
}

/** The department's own partition of `table` (`assignments_<department id without dashes>`). */
export function departmentPartitionName(table: DepartmentTable, departmentId: string): string {
  return `${table}_${checkedId(departmentId).replaceAll("-", "")}`;
}

async function missing(db: Db, names: string[]): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    // pg_class read with the statement's snapshot, not to_regclass: that goes through the
    // backend's catalog cache, which can still hold "no such table" from before another
    // transaction created it (seen with concurrent first draws on PostgreSQL).
    sql`select n as name from unnest(${`{${names.join(",")}}`}::text[]) n
        where not exists (select 1 from pg_class c
                          where c.relname = n and c.relnamespace = 'public'::regnamespace)`,
  );
  return rows.map((r) => r.name);
}

/** Creates the departments' partitions of both tables where missing (in its own transaction). */
export async function ensureDepartmentPartitions(db: Db, departmentIds: string[]): Promise<void> {
  const wanted = new Map<string, { table: DepartmentTable; id: string }>();
  for (const id of departmentIds)
    for (const table of TABLES) wanted.set(departmentPartitionName(table, id), { table, id });
  if (wanted.size === 0 || (await missing(db, [...wanted.keys()])).length === 0) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY.toString()}::bigint)`);
    for (const name of await missing(tx, [...wanted.keys()])) {
      const { table, id } = wanted.get(name)!;
      // Created detached: rows of the department already in the DEFAULT partition (written
      // before it had partitions) move in first, as ATTACH refuses a DEFAULT holding any.
      await tx.execute(sql.raw(`create table ${name} (like ${table} including defaults)`));
      await tx.execute(
        sql.raw(`with moved as (delete from ${table}_default where department_id = '${id}' returning *)
                 insert into ${name} select * from moved`),
      );
      await tx.execute(sql.raw(`alter table ${table} attach partition ${name} for values in ('${id}')`));
    }
  });
}

/** The partitions a round's draw writes to: its department's and its joint members'. */
export async function ensureRoundPartitions(db: Db, roundId: string): Promise<void> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select department_id::text as id from rounds where id = ${roundId}
        union select department_id::text from round_joint_departments where round_id = ${roundId}`,
  );
  await ensureDepartmentPartitions(
    db,
    rows.map((r) => r.id),
  );
}
