/**
 * Public correction requests (纠错、更正, RULES §7): anyone reports inaccurate published
 * information; an admin verifies it and resolves it with a public outcome and the traced
 * cause, which go to the ledger. The submitter's message and contact stay private.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { Conflict, Invalid, NotFound } from "../errors.js";
import { appendToLedger } from "../ledger/log.js";
import { type CorrectionPatch, correctPublication } from "./correct.js";
import { correctionOutcomeView, publicFindingDepartment } from "./public.js";
import { correctionRequests } from "./schema.js";

export const CORRECTION_KIND = "correction.outcome";

/** Anyone may report a visible publication; the department is the publication's own. */
export async function submitCorrection(
  db: Db,
  input: { findingId: string; message: string; contact: string | null },
) {
  const departmentId = await publicFindingDepartment(db, input.findingId);
  if (!departmentId) throw new NotFound(`no published finding ${input.findingId}`);
  const [row] = await db
    .insert(correctionRequests)
    .values({
      departmentId,
      findingId: input.findingId,
      message: input.message,
      contact: input.contact,
    })
    .returning();
  return {
    id: (row as CorrectionRow).id,
    status: "pending" as const,
    submittedAt: (row as CorrectionRow).submittedAt.toISOString(),
  };
}

export async function resolveCorrection(
  db: Db,
  input: {
    departmentId: string;
    id: string;
    status: "corrected" | "rejected";
    outcome: string;
    cause: string | null;
    /** With `corrected`: the fields of the published document to correct. */
    correction?: CorrectionPatch | null;
    tokenId: string | null;
    now?: Date;
  },
) {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [req] = await tx
      .select()
      .from(correctionRequests)
      .where(
        and(eq(correctionRequests.id, input.id), eq(correctionRequests.departmentId, input.departmentId)),
      )
      .for("update");
    if (!req) throw new NotFound(`correction request ${input.id} not found`);
    if (req.status !== "pending") throw new Conflict(`correction request ${input.id} is already resolved`);
    if (input.correction && input.status !== "corrected") {
      throw new Invalid("only a `corrected` outcome carries a correction", [
        { field: "correction", reason: "set status corrected" },
      ]);
    }
    const corrected = input.correction
      ? await correctPublication(tx, {
          departmentId: input.departmentId,
          findingId: req.findingId,
          requestId: req.id,
          patch: input.correction,
          now,
        })
      : null;
    const leaf = await appendToLedger(tx, {
      departmentId: input.departmentId,
      kind: CORRECTION_KIND,
      artefactId: req.id,
      content: {
        requestId: req.id,
        findingId: req.findingId,
        submittedAt: req.submittedAt.toISOString(),
        status: input.status,
        outcome: input.outcome,
        cause: input.cause,
        correctedFields: input.correction ? Object.keys(input.correction).sort() : [],
        correctedLeafHash: corrected?.leafHash ?? null,
        resolvedAt: now.toISOString(),
      },
      now,
    });
    const [row] = await tx
      .update(correctionRequests)
      .set({
        status: input.status,
        outcome: input.outcome,
        cause: input.cause,
        resolvedAt: now,
        resolvedByTokenId: input.tokenId,
        ledgerIndex: leaf.index,
      })
      .where(eq(correctionRequests.id, req.id))
      .returning();
    return { ...adminCorrectionView(row as CorrectionRow), leafHash: leaf.leafHash };
  });
}

export type CorrectionRow = typeof correctionRequests.$inferSelect;

export async function listCorrections(db: Db, departmentId: string, status?: CorrectionRow["status"]) {
  const where = status
    ? and(eq(correctionRequests.departmentId, departmentId), eq(correctionRequests.status, status))
    : eq(correctionRequests.departmentId, departmentId);
  const rows = await db
    .select()
    .from(correctionRequests)
    .where(where)
    .orderBy(desc(correctionRequests.submittedAt))
    .limit(1000);
  return rows.map(adminCorrectionView);
}

export function adminCorrectionView(r: CorrectionRow) {
  return { ...correctionOutcomeView(r), findingId: r.findingId, message: r.message, contact: r.contact };
}
