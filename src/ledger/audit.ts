/**
 * Audit trail: every mutating request, hash-chained per department. Each row's hash is
 * SHA-256 over the canonical JSON of its fields, which include the previous row's hash, so
 * editing, deleting or reordering a row breaks the chain at that row. Appends serialise on
 * a per-department advisory lock, so concurrent requests cannot fork the chain.
 */
import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { auditAnchors } from "./audit-anchor.js";
import { canonicalJson, sha256Hex } from "./canonical.js";
import { auditEntries } from "./schema.js";

const AUDIT_LOCK_CLASS = 7_243_103;
export const AUDIT_GENESIS = "0".repeat(64);

export interface AuditInput {
  departmentId: string;
  tokenId: string | null;
  role: string;
  /** Method and route pattern, e.g. "DELETE /tokens/:id". */
  action: string;
  /** The concrete path acted on, e.g. "/tokens/6f…". */
  target: string;
  requestId: string;
  status: number;
  at?: Date;
}

type AuditRow = typeof auditEntries.$inferSelect;

/** The hashed fields, in canonical JSON; `at` is ISO-8601 UTC with milliseconds. */
export function auditHash(r: Omit<AuditRow, "hash">): string {
  return sha256Hex(
    canonicalJson({
      v: 1,
      departmentId: r.departmentId,
      seq: r.seq,
      at: r.at.toISOString(),
      tokenId: r.tokenId,
      role: r.role,
      action: r.action,
      target: r.target,
      requestId: r.requestId,
      status: r.status,
      prevHash: r.prevHash,
    }),
  );
}

export async function recordAudit(db: Db, input: AuditInput) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_CLASS}, hashtext(${input.departmentId}))`);
    const [last] = await tx
      .select({ seq: auditEntries.seq, hash: auditEntries.hash })
      .from(auditEntries)
      .where(eq(auditEntries.departmentId, input.departmentId))
      .orderBy(sql`${auditEntries.seq} desc`)
      .limit(1);
    // Millisecond precision: exactly what timestamptz stores and toISOString() prints back.
    const at = new Date(Math.floor((input.at ?? new Date()).getTime()));
    const row = {
      departmentId: input.departmentId,
      seq: (last?.seq ?? 0) + 1,
      at,
      tokenId: input.tokenId,
      role: input.role,
      action: input.action,
      target: input.target,
      requestId: input.requestId,
      status: input.status,
      prevHash: last?.hash ?? AUDIT_GENESIS,
    };
    const hash = auditHash(row);
    await tx.insert(auditEntries).values({ ...row, hash });
    return { ...row, hash };
  });
}

function view(r: AuditRow) {
  return { ...r, at: r.at.toISOString() };
}

export async function listAudit(db: Db, departmentId: string, after: number, limit: number) {
  const rows = await db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.departmentId, departmentId), gt(auditEntries.seq, after)))
    .orderBy(asc(auditEntries.seq))
    .limit(limit);
  return rows.map(view);
}

export interface AuditReport {
  ok: boolean;
  checked: number;
  head: string;
  firstBroken: { seq: number; reason: string } | null;
}

const CHUNK = 5000;

/**
 * Recomputes the department's chain and names the first broken link, also checking each row
 * whose hash was anchored in the public ledger (so rewritten or dropped newest rows show).
 */
export async function verifyAuditChain(db: Db, departmentId: string): Promise<AuditReport> {
  const anchors = new Map((await auditAnchors(db, departmentId)).map((a) => [a.seq, a]));
  const lastAnchor = Math.max(0, ...anchors.keys());
  let prev = AUDIT_GENESIS;
  let expected = 1;
  let checked = 0;
  const fail = (seq: number, reason: string): AuditReport => ({
    ok: false,
    checked,
    head: prev,
    firstBroken: { seq, reason },
  });
  for (;;) {
    const rows = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.departmentId, departmentId), gt(auditEntries.seq, expected - 1)))
      .orderBy(asc(auditEntries.seq))
      .limit(CHUNK);
    for (const r of rows) {
      if (r.seq !== expected) return fail(expected, `row ${expected} is missing`);
      if (r.prevHash !== prev) return fail(r.seq, "prev_hash does not match the previous row's hash");
      const { hash, ...fields } = r;
      if (auditHash(fields) !== hash) return fail(r.seq, "hash does not match the row's contents");
      const anchor = anchors.get(r.seq);
      if (anchor && anchor.hash !== hash)
        return fail(r.seq, `hash differs from the one anchored in ledger entry ${anchor.ledgerIndex}`);
      prev = hash;
      expected++;
      checked++;
    }
    if (rows.length < CHUNK) break;
  }
  if (expected <= lastAnchor) {
    return fail(
      expected,
      `rows ${expected}–${lastAnchor} are missing (anchored in ledger entry ${anchors.get(lastAnchor)?.ledgerIndex})`,
    );
  }
  return { ok: true, checked, head: prev, firstBroken: null };
}
