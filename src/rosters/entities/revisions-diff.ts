/**
 * Difference between two frozen revisions of one department: entities added, removed and
 * changed (any committed field differs), keyset-paginated by credit code. Computed in SQL with
 * a full join over the revisions' primary-key order, so a page costs a bounded scan.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "../../db/rows.js";
import type { Db } from "../../db/types.js";
import { decodeCursor, encodeCursor } from "./entities.js";
import { ENTITY_DATA_COLUMNS, getRevision } from "./revisions.js";

export const diffQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  change: z.enum(["added", "removed", "changed"]).optional(),
});
export type DiffQuery = z.infer<typeof diffQuery>;

const snapshot = z.record(z.string(), z.unknown()).nullable();
export const diffView = z
  .object({
    from: z.string().uuid(),
    to: z.string().uuid(),
    summary: z.object({ added: z.number().int(), removed: z.number().int(), changed: z.number().int() }),
    items: z.array(
      z.object({
        creditCode: z.string(),
        change: z.enum(["added", "removed", "changed"]),
        changedFields: z.array(z.string()),
        before: snapshot,
        after: snapshot,
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "RevisionDiff" });
export type DiffView = z.infer<typeof diffView>;

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const VALUE_COLUMNS = ENTITY_DATA_COLUMNS.filter((c) => c !== "credit_code");
const tuple = (alias: string) => sql.raw(`(${VALUE_COLUMNS.map((c) => `${alias}.${c}`).join(", ")})`);

function camelRecord(row: Record<string, unknown> | string | null): Record<string, unknown> | null {
  if (row === null) return null;
  const obj = typeof row === "string" ? (JSON.parse(row) as Record<string, unknown>) : row;
  const out: Record<string, unknown> = {};
  for (const c of ENTITY_DATA_COLUMNS) out[camel(c)] = obj[c] ?? null;
  return out;
}

/** Entities that differ going from revision `fromId` to revision `toId` (both of `departmentId`). */
export async function diffRevisions(
  db: Db,
  departmentId: string,
  fromId: string,
  toId: string,
  q: DiffQuery,
): Promise<DiffView> {
  // Both must belong to the caller's department (404 otherwise).
  await getRevision(db, departmentId, fromId);
  await getRevision(db, departmentId, toId);
  const joined = sql`(select * from revision_entities where revision_id = ${fromId}) a
    full join (select * from revision_entities where revision_id = ${toId}) b on a.credit_code = b.credit_code`;
  const kind = sql`case when a.credit_code is null then 'added' when b.credit_code is null then 'removed' else 'changed' end`;
  const differs = sql`(a.credit_code is null or b.credit_code is null or ${tuple("a")} is distinct from ${tuple("b")})`;

  const [summary] = await queryRows<{
    added: string | number;
    removed: string | number;
    changed: string | number;
  }>(
    db,
    sql`select count(*) filter (where a.credit_code is null) as added,
               count(*) filter (where b.credit_code is null) as removed,
               count(*) filter (where a.credit_code is not null and b.credit_code is not null) as changed
        from ${joined} where ${differs}`,
  );
  const after =
    q.cursor === undefined
      ? sql``
      : sql`and coalesce(a.credit_code, b.credit_code) > ${decodeCursor(q.cursor)}`;
  const only = q.change === undefined ? sql`` : sql`and ${kind} = ${q.change}`;
  const rows = await queryRows<{
    code: string;
    change: "added" | "removed" | "changed";
    before: Record<string, unknown> | string | null;
    after: Record<string, unknown> | string | null;
  }>(
    db,
    sql`select coalesce(a.credit_code, b.credit_code) as code, ${kind} as change,
               case when a.credit_code is null then null else to_jsonb(a) end as before,
               case when b.credit_code is null then null else to_jsonb(b) end as after
        from ${joined} where ${differs} ${after} ${only}
        order by coalesce(a.credit_code, b.credit_code) limit ${q.limit + 1}`,
  );
  const page = rows.slice(0, q.limit);
  const items = page.map((r) => {
    const before = camelRecord(r.before);
    const afterRec = camelRecord(r.after);
    const changedFields =
      before && afterRec
        ? VALUE_COLUMNS.map(camel).filter((f) => JSON.stringify(before[f]) !== JSON.stringify(afterRec[f]))
        : [];
    return { creditCode: r.code, change: r.change, changedFields, before, after: afterRec };
  });
  const last = page[page.length - 1];
  return {
    from: fromId,
    to: toId,
    summary: {
      added: Number(summary?.added ?? 0),
      removed: Number(summary?.removed ?? 0),
      changed: Number(summary?.changed ?? 0),
    },
    items,
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.code) : null,
  };
}
