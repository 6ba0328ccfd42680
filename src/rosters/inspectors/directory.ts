/**
 * The public 执法人员名录 (RULES §7: the inspector list is public before it is used) and the
 * certificate check a firm makes at the door. Only what identifies an inspector's authority
 * leaves here — name, post, 执法证号, enforcement types, certificate validity — never the
 * district, history or anything else the roster holds. The selects name their columns, so a
 * column added to the roster later stays private until someone decides otherwise.
 */
import { and, asc, count, eq, type SQL, sql } from "drizzle-orm";
import { shanghaiDate } from "../../calendar/dates.js";
import type { Db } from "../../db/types.js";
import { NotFound } from "../../errors.js";
import { toHalfWidth } from "../columns.js";
import { inspectors } from "./inspectors.schema.js";
import { certifiedOn } from "./inspectors-query.js";

export const DIRECTORY_PAGE_SIZE = 50;

export interface DirectoryEntry {
  name: string;
  post: string | null;
  certificateNo: string;
  enforcementTypes: string[];
  validUntil: string;
}

const entryColumns = {
  name: inspectors.name,
  post: inspectors.post,
  certificateNo: inspectors.certificateNo,
  enforcementTypes: inspectors.qualifications,
  validUntil: inspectors.certValidUntil,
};

/** What a visitor types: full-width digits and letters (phone keyboards) made half-width, trimmed. */
export const normaliseCertificateNo = (raw: string) => toHalfWidth(raw).trim();

/**
 * Active inspectors whose certificate is valid on `today` (a Shanghai date), by certificate
 * number; `q` matches part of a name or the start of a certificate number.
 */
export async function inspectorDirectory(
  db: Db,
  departmentId: string,
  o: { q?: string; page: number; today?: string },
): Promise<{ items: DirectoryEntry[]; total: number; page: number; pageSize: number }> {
  const today = o.today ?? shanghaiDate(new Date());
  const where: SQL[] = [
    eq(inspectors.departmentId, departmentId),
    eq(inspectors.status, "active"),
    certifiedOn(today),
  ];
  const q = o.q?.trim();
  if (q) {
    where.push(
      sql`(strpos(${inspectors.name}, ${q}) > 0 or starts_with(${inspectors.certificateNo}, ${normaliseCertificateNo(q)}))`,
    );
  }
  const [items, [total]] = await Promise.all([
    db
      .select(entryColumns)
      .from(inspectors)
      .where(and(...where))
      .orderBy(asc(sql`${inspectors.certificateNo} collate "C"`))
      .limit(DIRECTORY_PAGE_SIZE)
      .offset((o.page - 1) * DIRECTORY_PAGE_SIZE),
    db
      .select({ n: count() })
      .from(inspectors)
      .where(and(...where)),
  ]);
  return { items, total: total?.n ?? 0, page: o.page, pageSize: DIRECTORY_PAGE_SIZE };
}

export type CertificateStatus = "valid" | "expired" | "not-yet-valid" | "suspended" | "left";

/**
 * Whether a certificate number belongs to an inspector of the department who may inspect
 * today. An unknown number is 404; a known one answers with its status, so the firm learns
 * that the card shown at the door is expired or withdrawn rather than merely "not found".
 */
export async function checkCertificate(db: Db, departmentId: string, certificateNo: string, today?: string) {
  const day = today ?? shanghaiDate(new Date());
  const [row] = await db
    .select({
      name: inspectors.name,
      status: inspectors.status,
      validFrom: inspectors.certValidFrom,
      validUntil: inspectors.certValidUntil,
    })
    .from(inspectors)
    .where(
      and(
        eq(inspectors.departmentId, departmentId),
        eq(inspectors.certificateNo, normaliseCertificateNo(certificateNo)),
      ),
    );
  if (!row) throw new NotFound("no inspector of this department holds this certificate number");
  const status: CertificateStatus =
    row.status !== "active"
      ? row.status
      : row.validUntil < day
        ? "expired"
        : row.validFrom !== null && row.validFrom > day
          ? "not-yet-valid"
          : "valid";
  return { valid: status === "valid", name: row.name, status, validUntil: row.validUntil };
}
