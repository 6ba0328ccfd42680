/**
 * Replacing a department's entity roster by swapping in a whole table (issue 15).
 *
 * `entities` is partitioned by department (migration 0024). A replace import COPYs the file
 * straight into a fresh table shaped like a partition (plus the file line of each row), builds
 * the primary key as its duplicate check, then — still inside the import's transaction — builds
 * the other indexes by sorting, analyzes it, and swaps it for the department's partition:
 * DETACH + DROP the old one, ATTACH the new one. Nothing is written row by row into an indexed
 * table, and readers see the old roster until the commit and the new one after it. A failed
 * import rolls back with its transaction (PostgreSQL) or drops the fresh table (PGlite); the
 * old partition is never touched before the swap.
 *
 * Rows of a department that never had its own partition (upsert imports, fixtures) sit in
 * `entities_default`; the swap deletes them there.
 */

import type { FreshStage, WriteInput } from "./import-pipeline.js";
import type { WriteCounts } from "./import-report.js";
import type { ImportTx } from "./import-staging.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkedId(departmentId: string): string {
  if (!UUID.test(departmentId)) throw new Error(`not a department id: ${departmentId}`);
  return departmentId;
}

/** The department's own partition of `entities`. */
export function entityPartitionName(departmentId: string): string {
  return `entities_${checkedId(departmentId).replaceAll("-", "")}`;
}

/** The partition holding the department's rows: its own, or `entities_default`. */
export async function departmentPartition(tx: ImportTx, departmentId: string): Promise<string> {
  const partition = entityPartitionName(departmentId);
  const [own] = await tx.query(
    `select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'entities'::regclass and c.relname = $1`,
    [partition],
  );
  return own ? partition : "entities_default";
}

/** The fresh table a replace import loads; its rows get the department id by default. */
export function freshEntityTable(departmentId: string): FreshStage {
  const id = checkedId(departmentId);
  return {
    create: (name) => [
      // NOT NULLs and defaults (updated_at, natural_person…) of the roster; no indexes yet.
      `create table ${name} (like entities including defaults)`,
      `alter table ${name} alter column department_id set default '${id}'`,
      // The partition bound, checked row by row as the rows arrive (no scan afterwards), lets
      // ATTACH skip its own scan of the table.
      `alter table ${name} add constraint ${name}_bound check (department_id = '${id}')`,
      `alter table ${name} add column line int not null`,
    ],
    // The partition's primary key doubles as the duplicate check (department_id is constant).
    uniqueKey: (name) =>
      `alter table ${name} add constraint ${name}_pk primary key (department_id, credit_code)`,
  };
}

/** Columns compared to tell an updated entity from an unchanged one. */
const VALUE_COLUMNS = [
  "code_kind",
  "code_flag",
  "name",
  "legal_representative",
  "address",
  "registration_authority",
  "entity_type",
  "industry",
  "region_code",
  "registration_status",
  "risk_class",
  "natural_person",
  "complaint_count",
  "last_inspected",
];

/** Columns the list filters and joins use (entities.ts, the freeze, the draw's sources). */
const ANALYZED_COLUMNS = [
  "department_id",
  "credit_code",
  "entity_type",
  "region_code",
  "risk_class",
  "registration_status",
];

const num = (v: unknown) => Number(v ?? 0);

/** What the swap changes, against the roster it replaces. */
async function countChanges(tx: ImportTx, input: WriteInput): Promise<WriteCounts> {
  const [old] = await tx.query<{ n: string | number }>(
    "select count(*) as n from entities where department_id = $1",
    [input.departmentId],
  );
  const before = num(old?.n);
  if (before === 0) return { inserted: input.rows, updated: 0, deleted: 0 };
  const cur = VALUE_COLUMNS.map((c) => `e.${c}`).join(", ");
  const neu = VALUE_COLUMNS.map((c) => `s.${c}`).join(", ");
  const [row] = await tx.query<{ inserted: string | number; updated: string | number }>(
    `select count(*) filter (where e.credit_code is null) as inserted,
            count(*) filter (where e.credit_code is not null and (${cur}) is distinct from (${neu})) as updated
       from ${input.stage} s
       left join entities e on e.department_id = $1 and e.credit_code = s.credit_code`,
    [input.departmentId],
  );
  const inserted = num(row?.inserted);
  return { inserted, updated: num(row?.updated), deleted: before - (input.rows - inserted) };
}

/**
 * Swaps the loaded table in as the department's partition. Call under the department's
 * roster lock, inside the import's transaction.
 */
export async function swapInEntities(tx: ImportTx, input: WriteInput): Promise<WriteCounts> {
  const { stage } = input;
  const id = checkedId(input.departmentId);
  const partition = entityPartitionName(id);
  input.onPhase?.("indexing");
  const counts = await countChanges(tx, input);

  // Everything that scans the new rows happens before any lock on `entities` is taken: the
  // indexes the parent has (sorted builds), the foreign key (adopted by ATTACH instead of
  // re-checked under the lock), and the planner statistics.
  await tx.run(`alter table ${stage} drop column line`);
  await tx.run(`alter table ${stage} alter column department_id drop default`);
  await tx.run(`create index ${stage}_type on ${stage} (department_id, entity_type, credit_code)`);
  await tx.run(`create index ${stage}_region on ${stage} (department_id, region_code, credit_code)`);
  await tx.run(
    `alter table ${stage} add constraint ${stage}_department_fk foreign key (department_id) references departments (id)`,
  );
  // Statistics only for the columns the roster's queries filter on: ANALYZE samples a fixed
  // 30 000 rows, and the long text columns made it ~4x slower than this.
  await tx.run(`analyze ${stage} (${ANALYZED_COLUMNS.join(", ")})`);

  // The swap itself: DETACH takes an exclusive lock on `entities` until the commit (a few
  // milliseconds from here). Waiting long for it would queue every roster reader behind us,
  // so give up instead; the import then fails and the old roster stays.
  input.onPhase?.("swapping");
  await tx.run("set local lock_timeout = '10s'");
  if ((await departmentPartition(tx, id)) === partition) {
    await tx.run(`alter table entities detach partition ${partition}`);
    await tx.run(`drop table ${partition}`);
  } else {
    await tx.run("delete from entities_default where department_id = $1", [id]);
  }
  await tx.run(`alter table ${stage} rename to ${partition}`);
  await tx.run(`alter table entities attach partition ${partition} for values in ('${id}')`);
  // The partition bound says the same from now on.
  await tx.run(`alter table ${partition} drop constraint ${stage}_bound`);
  return counts;
}
