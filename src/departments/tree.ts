/**
 * The department tree (province → city → county). A department reads (never writes) what lies
 * below it; see read-scope.ts for how routes use that. Levels come from the region code
 * (region.ts), so they cannot disagree with it.
 */
import { asc, inArray, sql } from "drizzle-orm";
import { createAccount } from "../auth/accounts.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { Invalid } from "../errors.js";
import { createDepartment, type DepartmentInput, getDepartment } from "./departments.js";
import { levelOf, regionUnderReason } from "./region.js";
import { departments } from "./schema.js";

type DepartmentRow = typeof departments.$inferSelect;

/** What the API answers for a department. */
export function departmentView(row: DepartmentRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    regionCode: row.regionCode,
    parentId: row.parentId,
    level: levelOf(row.regionCode),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Ids of `rootId` and every department below it. */
export async function subtreeIds(db: Db, rootId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive tree as (
          select id from departments where id = ${rootId}
          union all
          select d.id from departments d join tree t on d.parent_id = t.id
        ) select id from tree`,
  );
  return rows.map((r) => r.id);
}

/** `rootId`'s department and everything below it, by region code then code. */
export async function listSubtree(db: Db, rootId: string) {
  const ids = await subtreeIds(db, rootId);
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(departments)
    .where(inArray(departments.id, ids))
    .orderBy(asc(departments.regionCode), asc(departments.code));
  return rows.map(departmentView);
}

export interface SubordinateInput extends DepartmentInput {
  /** Optional first admin account of the new department (one-time password returned once). */
  admin?: { login: string; displayName: string };
}

/**
 * An admin creates a department directly below its own. The region code must lie under the
 * parent's (region.ts); the new department starts empty, with an admin account when asked
 * (nobody above may write in it, so someone inside must be able to sign in).
 */
export async function createSubordinate(db: Db, parentId: string, input: SubordinateInput) {
  const code = input.code.trim();
  const name = input.name.trim();
  return db.transaction(async (tx) => {
    const parent = await getDepartment(tx, parentId);
    const errors = [];
    if (code === "") errors.push({ field: "code", reason: "required" });
    if (name === "") errors.push({ field: "name", reason: "required" });
    const regionReason = regionUnderReason(parent.regionCode, input.regionCode);
    if (regionReason) errors.push({ field: "regionCode", reason: regionReason });
    if (errors.length) throw new Invalid("invalid subordinate department", errors);
    const row = await createDepartment(tx, { code, name, regionCode: input.regionCode, parentId });
    const admin = input.admin
      ? await createAccount(tx, {
          departmentId: row.id,
          login: input.admin.login,
          displayName: input.admin.displayName,
          role: "admin",
        })
      : null;
    return {
      ...departmentView(row),
      ...(admin
        ? { admin: { login: admin.account.login, oneTimePassword: admin.oneTimePassword as string } }
        : {}),
    };
  });
}

/** Ids of the departments above `id`, nearest first (the chain a template can come down). */
export async function ancestorIds(db: Db, id: string): Promise<string[]> {
  const rows = await queryRows<{ id: string; depth: number }>(
    db,
    sql`with recursive up as (
          select parent_id as id, 1 as depth from departments where id = ${id}
          union all
          select d.parent_id, up.depth + 1 from departments d join up on d.id = up.id
        ) select id, depth from up where id is not null order by depth`,
  );
  return rows.map((r) => r.id);
}
