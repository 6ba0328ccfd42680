/**
 * Conflict-of-interest registry (回避, RULES §5). A conflict binds an inspector to an entity
 * (by credit code) for the half-open date range [validFrom, validUntil). Conflicts are
 * never deleted: ending one sets validUntil and records who ended it and why.
 */
import { and, asc, eq, gt, isNull, lte, or, type SQL } from "drizzle-orm";
import type { Db } from "../../db/types.js";
import { Conflict, Forbidden, Invalid, NotFound, Unprocessable } from "../../errors.js";
import { checkCreditCode } from "../credit-code.js";
import { getInspector } from "../inspectors/inspectors.js";
import { inspectors } from "../inspectors/inspectors.schema.js";
import type { Actor } from "../inspectors/inspectors-model.js";
import { conflicts } from "./conflicts.schema.js";

export const CONFLICT_CATEGORIES = conflicts.category.enumValues;
export const CONFLICT_SOURCES = conflicts.source.enumValues;
export type ConflictCategory = (typeof CONFLICT_CATEGORIES)[number];
export type ConflictSource = (typeof CONFLICT_SOURCES)[number];
export type ConflictRecord = typeof conflicts.$inferSelect;

/** An actor that may be an inspector token (bound to one inspector record). */
export type Declarer = Actor & { inspectorId?: string | null };

export interface CreateConflictInput {
  /** Required for admins; an inspector token declares for itself (defaults to its own id). */
  inspectorId?: string;
  entityCode: string;
  category: ConflictCategory;
  source?: ConflictSource;
  validFrom?: string;
  validUntil?: string | null;
  statement?: string | null;
}

/**
 * Today's date in China (UTC+8, no daylight saving since 1991): the default start of a
 * new conflict and the default end when ending one.
 */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Normalised credit code and its flag (legacy, failed checksum); Invalid with the checker's reason otherwise. */
export function conflictEntityCode(raw: string, field = "entityCode"): { code: string; flag: string | null } {
  const r = checkCreditCode(raw);
  if (r.kind === "invalid")
    throw new Invalid(`invalid entity code: ${r.reason}`, [{ field, reason: r.reason }]);
  return { code: r.code, flag: r.flag ?? null };
}

export async function createConflict(
  db: Db,
  departmentId: string,
  input: CreateConflictInput,
  by: Declarer,
): Promise<ConflictRecord> {
  let inspectorId = input.inspectorId;
  let source = input.source;
  if (by.role === "inspector") {
    // Self-declaration only: an inspector token speaks for its own record, as self-declared.
    if (!by.inspectorId) throw new Forbidden("this inspector token is not bound to an inspector");
    if (inspectorId !== undefined && inspectorId !== by.inspectorId) {
      throw new Forbidden("an inspector may declare conflicts only for themself");
    }
    if (source !== undefined && source !== "self-declared") {
      throw new Forbidden("an inspector may only self-declare conflicts");
    }
    inspectorId = by.inspectorId;
    source = "self-declared";
  }
  if (!inspectorId)
    throw new Invalid("inspectorId is required", [{ field: "inspectorId", reason: "required" }]);
  if (!source) throw new Invalid("source is required", [{ field: "source", reason: "required" }]);
  await getInspector(db, departmentId, inspectorId); // 404 for another department's inspector
  const { code, flag } = conflictEntityCode(input.entityCode);
  const validFrom = input.validFrom ?? todayInChina();
  const validUntil = input.validUntil ?? null;
  if (validUntil !== null && validUntil <= validFrom) {
    throw new Invalid("the conflict ends before it starts", [
      { field: "validUntil", reason: `must be after validFrom ${validFrom}` },
    ]);
  }
  const [row] = await db
    .insert(conflicts)
    .values({
      departmentId,
      inspectorId,
      entityCode: code,
      entityCodeFlag: flag,
      category: input.category,
      source,
      validFrom,
      validUntil,
      statement: input.statement?.trim() || null,
      createdByTokenId: by.tokenId,
      createdByRole: by.role,
    })
    .returning();
  if (!row) throw new Error("conflict insert returned no row");
  return row;
}

export async function getConflict(db: Db, departmentId: string, id: string): Promise<ConflictRecord> {
  const [row] = await db
    .select()
    .from(conflicts)
    .where(and(eq(conflicts.id, id), eq(conflicts.departmentId, departmentId)))
    .limit(1);
  if (!row) throw new NotFound(`conflict ${id} not found`);
  return row;
}

/** In force on `date`: validFrom ≤ date < validUntil (or no end). */
function inForceOn(date: string): SQL {
  return and(
    lte(conflicts.validFrom, date),
    or(isNull(conflicts.validUntil), gt(conflicts.validUntil, date)),
  )!;
}

export interface ListConflictsInput {
  inspectorId?: string;
  entityCode?: string;
  /** Only conflicts in force on this date. */
  activeOn?: string;
  cursor?: string;
  limit?: number;
}

/** The department's conflicts in creation order, filtered, one page at a time. */
export async function listConflicts(db: Db, departmentId: string, input: ListConflictsInput = {}) {
  const limit = input.limit ?? 100;
  const where: SQL[] = [eq(conflicts.departmentId, departmentId)];
  if (input.inspectorId) where.push(eq(conflicts.inspectorId, input.inspectorId));
  if (input.entityCode)
    where.push(eq(conflicts.entityCode, conflictEntityCode(input.entityCode, "query.entityCode").code));
  if (input.activeOn) where.push(inForceOn(input.activeOn));
  if (input.cursor !== undefined) {
    if (!/^[1-9][0-9]{0,15}$/.test(input.cursor)) {
      throw new Invalid("invalid cursor", [
        { field: "query.cursor", reason: "not a cursor from a previous page" },
      ]);
    }
    where.push(gt(conflicts.seq, Number(input.cursor)));
  }
  const rows = await db
    .select()
    .from(conflicts)
    .where(and(...where))
    .orderBy(asc(conflicts.seq))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? String(last.seq) : null };
}

/**
 * End a conflict: sets validUntil (default today in China) and records who and why.
 * An ended conflict cannot be ended again, and ending never extends a fixed term.
 */
export async function endConflict(
  db: Db,
  departmentId: string,
  id: string,
  input: { until?: string; reason?: string | null },
  by: Actor,
): Promise<ConflictRecord> {
  return db.transaction(async (tx) => {
    const [cur] = await tx
      .select()
      .from(conflicts)
      .where(and(eq(conflicts.id, id), eq(conflicts.departmentId, departmentId)))
      .for("update")
      .limit(1);
    if (!cur) throw new NotFound(`conflict ${id} not found`);
    if (cur.endedAt) throw new Conflict(`conflict ${id} was already ended on ${cur.validUntil}`);
    const until = input.until ?? todayInChina();
    if (until < cur.validFrom) {
      throw new Unprocessable("a conflict cannot end before it starts", [
        { field: "until", reason: `must not be before validFrom ${cur.validFrom}` },
      ]);
    }
    if (cur.validUntil !== null && until > cur.validUntil) {
      throw new Unprocessable("ending a conflict cannot extend it", [
        { field: "until", reason: `the conflict already ends on ${cur.validUntil}` },
      ]);
    }
    const [row] = await tx
      .update(conflicts)
      .set({
        validUntil: until,
        endedAt: new Date(),
        endedByTokenId: by.tokenId,
        endedByRole: by.role,
        endReason: input.reason?.trim() || null,
      })
      .where(eq(conflicts.id, id))
      .returning();
    if (!row) throw new Error("conflict update returned no row");
    return row;
  });
}

export interface ActiveConflict {
  conflictId: string;
  inspectorId: string;
  certificateNo: string;
  entityCode: string;
  category: ConflictCategory;
  source: ConflictSource;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every conflict in force on `date` (YYYY-MM-DD) in the department, whatever the
 * inspector's status — the draw excludes these (inspector, entity) pairs. Sorted by
 * certificate number, entity code, then conflict id in code-unit order (no locale).
 */
export async function activeConflictsAt(
  db: Db,
  departmentId: string,
  date: string,
): Promise<ActiveConflict[]> {
  const rows = await db
    .select({
      conflictId: conflicts.id,
      inspectorId: conflicts.inspectorId,
      certificateNo: inspectors.certificateNo,
      entityCode: conflicts.entityCode,
      category: conflicts.category,
      source: conflicts.source,
    })
    .from(conflicts)
    .innerJoin(inspectors, eq(inspectors.id, conflicts.inspectorId))
    .where(and(eq(conflicts.departmentId, departmentId), inForceOn(date)));
  return rows.sort(
    (a, b) =>
      cmp(a.certificateNo, b.certificateNo) ||
      cmp(a.entityCode, b.entityCode) ||
      cmp(a.conflictId, b.conflictId),
  );
}
