/**
 * 更正: a verified correction request changes the published document. The corrected document
 * is appended to the ledger as a new leaf (the original leaf stays: the log shows what was
 * published and when it was corrected) and becomes what the public API serves.
 */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { isIsoDate } from "../calendar/dates.js";
import type { Db } from "../db/types.js";
import { Conflict, NotFound, Unprocessable } from "../errors.js";
import { RESULT_CODES } from "../findings/result-codes.js";
import { appendToLedger } from "../ledger/log.js";
import type { PublicDocument } from "./redaction.js";
import { publications, retractions } from "./schema.js";

export const PUBLICATION_CORRECTION_KIND = "publication.correction";

export const correctionPatch = z
  .object({
    resultCode: z.enum(RESULT_CODES).optional(),
    description: z.string().trim().min(1).max(8000).optional(),
    rectification: z
      .object({
        ordered: z.boolean(),
        deadline: z.string().refine(isIsoDate, "expected a YYYY-MM-DD date").nullable(),
      })
      .optional(),
    followUp: z
      .object({
        penaltyCaseNo: z.string().trim().min(1).max(100).nullable(),
        referralAuthority: z.string().trim().min(1).max(200).nullable(),
        creditListing: z.boolean(),
      })
      .optional(),
  })
  .refine((p) => Object.keys(p).length > 0, "name at least one corrected field")
  .meta({ id: "PublicationCorrection" });

export type CorrectionPatch = z.output<typeof correctionPatch>;

/** Applies `patch` to the live publication of `findingId`; returns the new leaf. */
export async function correctPublication(
  tx: Db,
  input: { departmentId: string; findingId: string; requestId: string; patch: CorrectionPatch; now: Date },
) {
  await tx.execute(sql`select pg_advisory_xact_lock(7243301, hashtext(${input.findingId}))`);
  const [pub] = await tx
    .select()
    .from(publications)
    .where(eq(publications.findingId, input.findingId))
    .for("update");
  if (!pub || pub.departmentId !== input.departmentId)
    throw new NotFound(`no publication ${input.findingId}`);
  if (pub.takenDownAt) throw new Conflict("the publication was taken down");
  const [retracted] = await tx
    .select({ id: retractions.findingId })
    .from(retractions)
    .where(eq(retractions.findingId, input.findingId));
  if (retracted) throw new Conflict("the publication was retracted; its content is withdrawn");
  const old = pub.content as PublicDocument;
  const withheld = new Set(old.withheld.map((w) => w.field));
  const blocked = Object.keys(input.patch).filter((f) => withheld.has(f));
  if (blocked.length > 0) {
    throw new Unprocessable(
      "withheld fields stay withheld; they cannot be corrected in public",
      blocked.map((field) => ({ field: `correction.${field}`, reason: "withheld" })),
    );
  }
  const doc = {
    ...old,
    ...input.patch,
    corrected: { at: input.now.toISOString(), requestId: input.requestId, previousLeafHash: pub.leafHash },
  };
  const leaf = await appendToLedger(tx, {
    departmentId: input.departmentId,
    kind: PUBLICATION_CORRECTION_KIND,
    artefactId: input.findingId,
    content: doc,
    now: input.now,
  });
  await tx
    .update(publications)
    .set({ content: doc, ledgerIndex: leaf.index, leafHash: leaf.leafHash })
    .where(eq(publications.findingId, input.findingId));
  return leaf;
}
