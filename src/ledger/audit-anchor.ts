/**
 * Anchors each department's audit chain head in its public transparency log. A hash chain
 * alone cannot show that its newest rows were rewritten or dropped; once a head (seq, hash)
 * sits under a signed tree head, any later change up to that row is detectable.
 * Only the sequence number and hash are published, never the audit rows themselves.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { appendToLedger, findLedgerEntries } from "./log.js";

export const AUDIT_ANCHOR_KIND = "audit.anchor";
export const AUDIT_ANCHOR_ARTEFACT = "audit-chain";

export interface AuditAnchor {
  ledgerIndex: number;
  seq: number;
  hash: string;
}

export async function auditAnchors(db: Db, departmentId: string): Promise<AuditAnchor[]> {
  const entries = await findLedgerEntries(db, departmentId, AUDIT_ANCHOR_KIND, AUDIT_ANCHOR_ARTEFACT);
  return entries.flatMap((e) => {
    const c = e.content as { seq?: unknown; hash?: unknown } | null;
    return c && typeof c.seq === "number" && typeof c.hash === "string"
      ? [{ ledgerIndex: e.index, seq: c.seq, hash: c.hash }]
      : [];
  });
}

/** Appends the current audit head of every department whose chain grew since its last anchor. */
export async function anchorAuditChains(db: Db, now = new Date(), only?: readonly string[]) {
  const all = await queryRows<{ department_id: string; seq: string; hash: string }>(
    db,
    sql`select distinct on (department_id) department_id, seq::text as seq, hash
        from audit_entries order by department_id, seq desc`,
  );
  const heads = only ? all.filter((h) => only.includes(h.department_id)) : all;
  const anchored: { departmentId: string; seq: number }[] = [];
  for (const h of heads) {
    const seq = Number(h.seq);
    const last = (await auditAnchors(db, h.department_id)).at(-1);
    if (last && last.seq >= seq) continue;
    await appendToLedger(db, {
      departmentId: h.department_id,
      kind: AUDIT_ANCHOR_KIND,
      artefactId: AUDIT_ANCHOR_ARTEFACT,
      content: { seq, hash: h.hash },
      now,
    });
    anchored.push({ departmentId: h.department_id, seq });
  }
  return anchored;
}
