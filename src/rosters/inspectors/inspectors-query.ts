/**
 * Reading the inspector roster: filtered, cursor-paginated lists, the change history, and
 * the inspectors a draw may use on a given date.
 */
import { and, arrayContains, asc, eq, gte, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/types.js";
import { Invalid } from "../../errors.js";
import { getInspector } from "./inspectors.js";
import { inspectorHistory, inspectors } from "./inspectors.schema.js";
import { type Inspector, type InspectorStatus, toInspector } from "./inspectors-model.js";

export interface ListInspectorsInput {
  status?: InspectorStatus;
  district?: string;
  /** Only inspectors qualified for this enforcement type / checklist matter. */
  qualification?: string;
  /** Only inspectors whose certificate is valid on this date (YYYY-MM-DD). */
  certifiedOn?: string;
  /** Opaque cursor from the previous page. */
  cursor?: string;
  limit?: number;
}

// Pages are ordered by certificate number in byte order (COLLATE "C"), the same on every
// driver and locale; the cursor is the last certificate number seen.
const byCertificate = sql`${inspectors.certificateNo} collate "C"`;

function encodeCursor(certificateNo: string): string {
  return Buffer.from(certificateNo, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string {
  const s = Buffer.from(cursor, "base64url").toString("utf8");
  if (s === "" || encodeCursor(s) !== cursor) {
    throw new Invalid("invalid cursor", [
      { field: "query.cursor", reason: "not a cursor from a previous page" },
    ]);
  }
  return s;
}

/** Certificate valid on `date` (YYYY-MM-DD): within its from/until days. */
export function certifiedOn(date: string): SQL {
  // `and` only returns undefined when given no conditions.
  return and(
    gte(inspectors.certValidUntil, date),
    or(isNull(inspectors.certValidFrom), lte(inspectors.certValidFrom, date)),
  )!;
}

export async function listInspectors(
  db: Db,
  departmentId: string,
  input: ListInspectorsInput = {},
): Promise<{ items: Inspector[]; nextCursor: string | null }> {
  const limit = input.limit ?? 100;
  const where: SQL[] = [eq(inspectors.departmentId, departmentId)];
  if (input.status) where.push(eq(inspectors.status, input.status));
  if (input.district) where.push(eq(inspectors.district, input.district));
  if (input.qualification) where.push(arrayContains(inspectors.qualifications, [input.qualification]));
  if (input.certifiedOn) where.push(certifiedOn(input.certifiedOn));
  if (input.cursor) where.push(sql`${byCertificate} > ${decodeCursor(input.cursor)}`);
  const rows = await db
    .select()
    .from(inspectors)
    .where(and(...where))
    .orderBy(asc(byCertificate))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map(toInspector);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > limit && last ? encodeCursor(last.certificateNo) : null };
}

/** Every change to one inspector, oldest first. */
export async function getInspectorHistory(db: Db, departmentId: string, inspectorId: string) {
  await getInspector(db, departmentId, inspectorId); // 404 across departments
  return db
    .select({
      version: inspectorHistory.version,
      action: inspectorHistory.action,
      actorTokenId: inspectorHistory.actorTokenId,
      actorRole: inspectorHistory.actorRole,
      reason: inspectorHistory.reason,
      changedFields: inspectorHistory.changedFields,
      before: inspectorHistory.before,
      after: inspectorHistory.after,
      at: inspectorHistory.at,
    })
    .from(inspectorHistory)
    .where(
      and(eq(inspectorHistory.departmentId, departmentId), eq(inspectorHistory.inspectorId, inspectorId)),
    )
    .orderBy(asc(inspectorHistory.version));
}

/**
 * Inspectors a draw may put on a team on `date` (RULES §4: only holders of a valid
 * certificate inspect): status active and certificate valid that day. Sorted by
 * certificate number in code-unit order so callers get a stable, locale-free order.
 */
/** The whole roster of a department (every status), by certificate number in byte order. */
export async function departmentInspectors(db: Db, departmentId: string): Promise<Inspector[]> {
  const rows = await db
    .select()
    .from(inspectors)
    .where(eq(inspectors.departmentId, departmentId))
    .orderBy(byCertificate);
  return rows.map(toInspector);
}

export async function certifiedInspectorsAt(
  db: Db,
  departmentId: string,
  date: string,
): Promise<Inspector[]> {
  const rows = await db
    .select()
    .from(inspectors)
    .where(
      and(eq(inspectors.departmentId, departmentId), eq(inspectors.status, "active"), certifiedOn(date)),
    );
  return rows
    .map(toInspector)
    .sort((a, b) => (a.certificateNo < b.certificateNo ? -1 : a.certificateNo > b.certificateNo ? 1 : 0));
}
