/**
 * Reading the working entity roster: keyset-paginated list with filters, and one entity by code.
 * Every query is scoped to the caller's department.
 */
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/types.js";
import { Invalid, NotFound } from "../../errors.js";
import { checkCreditCode, normaliseCode } from "../credit-code.js";
import { entities } from "./entities.schema.js";
import { RISK_CLASSES } from "./entity-row.js";

export const entityView = z
  .object({
    creditCode: z.string(),
    codeKind: z.enum(["uscc", "legacy"]),
    codeFlag: z.string().nullable(),
    name: z.string(),
    legalRepresentative: z.string(),
    address: z.string(),
    registrationAuthority: z.string(),
    entityType: z.string().nullable(),
    industry: z.string().nullable(),
    regionCode: z.string().nullable(),
    registrationStatus: z.string().nullable(),
    riskClass: z.enum(RISK_CLASSES).nullable(),
    naturalPerson: z.boolean(),
    complaintCount: z.number().int(),
    lastInspected: z.string().nullable(),
    updatedAt: z.string().optional(),
  })
  .meta({ id: "Entity" });
export type EntityView = z.infer<typeof entityView>;

export const entityListQuery = z.object({
  type: z.string().min(1).max(100).optional(),
  region: z.string().min(1).max(12).optional(),
  risk: z.enum(RISK_CLASSES).optional(),
  status: z.string().min(1).max(50).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type EntityListQuery = z.infer<typeof entityListQuery>;

/** Opaque cursor: the last credit code of the previous page, base64url. */
export function encodeCursor(code: string): string {
  return Buffer.from(code, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): string {
  const code = Buffer.from(cursor, "base64url").toString("utf8");
  if (code.length === 0 || code.length > 64)
    throw new Invalid("invalid cursor", [{ field: "cursor", reason: "not a cursor from a previous page" }]);
  return code;
}

type EntityRecord = typeof entities.$inferSelect;

export function toEntityView(r: EntityRecord): EntityView {
  const { departmentId: _d, updatedAt, ...rest } = r;
  return { ...rest, updatedAt: updatedAt.toISOString() };
}

export async function listEntities(
  db: Db,
  departmentId: string,
  q: EntityListQuery,
): Promise<{ items: EntityView[]; nextCursor: string | null }> {
  const where: SQL[] = [eq(entities.departmentId, departmentId)];
  if (q.type !== undefined) where.push(eq(entities.entityType, q.type));
  if (q.region !== undefined) where.push(eq(entities.regionCode, q.region));
  if (q.risk !== undefined) where.push(eq(entities.riskClass, q.risk));
  if (q.status !== undefined) where.push(eq(entities.registrationStatus, q.status));
  if (q.cursor !== undefined) where.push(gt(entities.creditCode, decodeCursor(q.cursor)));
  const rows = await db
    .select()
    .from(entities)
    .where(and(...where))
    .orderBy(asc(entities.creditCode))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toEntityView),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.creditCode) : null,
  };
}

export async function getEntity(db: Db, departmentId: string, code: string): Promise<EntityView> {
  // The same normalisation as the import (case, full-width, 08594815-8 → 085948158 …).
  const checked = checkCreditCode(code);
  const creditCode = checked.kind === "invalid" ? normaliseCode(code) : checked.code;
  const [row] = await db
    .select()
    .from(entities)
    .where(and(eq(entities.departmentId, departmentId), eq(entities.creditCode, creditCode)));
  if (!row) throw new NotFound(`no entity with credit code ${creditCode}`);
  return toEntityView(row);
}
