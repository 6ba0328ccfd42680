/**
 * Withdrawal of a published decision that was revoked, found unlawful or remade (RULES §7):
 * allowed at any time, due the same day if possible and at most 5 working days after the
 * revocation; whether that was met is recorded. The explanation stays public for good.
 */
import { and, eq, sql } from "drizzle-orm";
import { shanghaiDate } from "../calendar/dates.js";
import { retractionDeadline } from "../calendar/deadlines.js";
import type { Db } from "../db/types.js";
import { Conflict, Invalid, NotFound } from "../errors.js";
import { appendToLedger } from "../ledger/log.js";
import { publications, retractions } from "./schema.js";

export const RETRACTION_KIND = "publication.retraction";

export interface RetractInput {
  departmentId: string;
  findingId: string;
  reason: "revoked" | "unlawful" | "remade";
  revokedOn: string;
  explanation: string;
  tokenId: string | null;
  now?: Date;
}

export async function retractPublication(db: Db, input: RetractInput) {
  const now = input.now ?? new Date();
  const today = shanghaiDate(now);
  if (input.revokedOn > today) {
    throw new Invalid("the revocation date lies in the future", [
      { field: "revokedOn", reason: `after today (${today})` },
    ]);
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7243301, hashtext(${input.findingId}))`);
    const [pub] = await tx
      .select()
      .from(publications)
      .where(
        and(eq(publications.findingId, input.findingId), eq(publications.departmentId, input.departmentId)),
      );
    if (!pub) throw new NotFound(`no published finding ${input.findingId}`);
    if (pub.takenDownAt) throw new Conflict("this publication was taken down; nothing is left to withdraw");
    const [done] = await tx
      .select({ id: retractions.findingId })
      .from(retractions)
      .where(eq(retractions.findingId, input.findingId));
    if (done) throw new Conflict("this publication was already retracted");
    const deadline = retractionDeadline(input.revokedOn);
    const met = today <= deadline.date;
    const content = {
      findingId: input.findingId,
      publicationLeafHash: pub.leafHash,
      reason: input.reason,
      revokedOn: input.revokedOn,
      retractedAt: now.toISOString(),
      deadline: { date: deadline.date, provisional: deadline.provisional, met },
      explanation: input.explanation,
    };
    const leaf = await appendToLedger(tx, {
      departmentId: input.departmentId,
      kind: RETRACTION_KIND,
      artefactId: input.findingId,
      content,
      now,
    });
    const [row] = await tx
      .insert(retractions)
      .values({
        findingId: input.findingId,
        departmentId: input.departmentId,
        reason: input.reason,
        revokedOn: input.revokedOn,
        retractedAt: now,
        deadline: deadline.date,
        deadlineProvisional: deadline.provisional,
        metDeadline: met,
        explanation: input.explanation,
        byTokenId: input.tokenId,
        ledgerIndex: leaf.index,
      })
      .returning();
    return retractionView(row as RetractionRow, leaf.leafHash);
  });
}

export type RetractionRow = typeof retractions.$inferSelect;

export function retractionView(row: RetractionRow, leafHash?: string) {
  return {
    reason: row.reason,
    revokedOn: row.revokedOn,
    retractedAt: row.retractedAt.toISOString(),
    deadline: { date: row.deadline, provisional: row.deadlineProvisional, met: row.metDeadline },
    explanation: row.explanation,
    ledgerIndex: row.ledgerIndex,
    ...(leafHash ? { leafHash } : {}),
  };
}
