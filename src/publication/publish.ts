/**
 * Admin approval publishes a finding: the redacted document is appended to the ledger and
 * stored in the same transaction, so what the API serves is exactly what the log commits to.
 */
import { and, eq, sql } from "drizzle-orm";
import { shanghaiDate } from "../calendar/dates.js";
import { checklistItemVersions } from "../checklist/schema.js";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import { rounds } from "../draws/schema.js";
import { Conflict, Unprocessable } from "../errors.js";
import { getFinding } from "../findings/findings.js";
import { appendToLedger } from "../ledger/log.js";
import { publicationDeadline } from "./deadlines.js";
import { assertPublishable, type PublicDocument, publicDocument } from "./redaction.js";
import { publications } from "./schema.js";
import { withholdingOf } from "./withhold.js";

export const PUBLICATION_KIND = "publication";

export interface ApproveInput {
  departmentId: string;
  findingId: string;
  tokenId: string | null;
  now?: Date;
}

export async function approveAndPublish(db: Db, input: ApproveInput) {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    // Serialise approvals of one finding so a double click cannot publish twice.
    await tx.execute(sql`select pg_advisory_xact_lock(7243301, hashtext(${input.findingId}))`);
    const f = await getFinding(tx, input.departmentId, input.findingId);
    assertPublishable(f);
    const withheld = await withholdingOf(tx, f.id);
    if (withheld) {
      throw new Unprocessable(`the department decided not to publish this finding (${withheld.reason})`, [
        { field: "withholding", reason: withheld.note },
      ]);
    }
    const [existing] = await tx
      .select({ id: publications.findingId })
      .from(publications)
      .where(eq(publications.findingId, f.id));
    if (existing) throw new Conflict(`finding ${f.id} is already published`);
    const [dept] = await tx
      .select({ code: departments.code, name: departments.name })
      .from(departments)
      .where(eq(departments.id, input.departmentId));
    const [round] = await tx
      .select({ id: rounds.id, title: rounds.title, itemVersionId: rounds.itemVersionId })
      .from(rounds)
      .where(and(eq(rounds.id, f.roundId), eq(rounds.departmentId, input.departmentId)));
    // What was inspected and on what basis (RULES §7): the round's published checklist version.
    const [item] = round
      ? await tx
          .select({
            item: checklistItemVersions.name,
            inspectingBody: checklistItemVersions.inspectingBody,
            legalBasis: checklistItemVersions.legalBasis,
            matters: checklistItemVersions.content,
            methods: checklistItemVersions.methods,
          })
          .from(checklistItemVersions)
          .where(
            and(
              eq(checklistItemVersions.id, round.itemVersionId),
              eq(checklistItemVersions.departmentId, input.departmentId),
            ),
          )
      : [];
    const deadline = publicationDeadline(f);
    if (!dept || !round || !deadline) throw new Error("finding without department, round or deadline");
    const met = shanghaiDate(now) <= deadline.date;
    const doc = publicDocument(f, {
      department: dept,
      round: { id: round.id, title: round.title },
      inspection: item ?? null,
      publishedAt: now.toISOString(),
      deadline: { date: deadline.date, provisional: deadline.provisional, met },
    });
    const leaf = await appendToLedger(tx, {
      departmentId: input.departmentId,
      kind: PUBLICATION_KIND,
      artefactId: f.id,
      content: doc,
      now,
    });
    const [row] = await tx
      .insert(publications)
      .values({
        findingId: f.id,
        departmentId: input.departmentId,
        roundId: f.roundId,
        publicName: doc.entity.name,
        creditCode: f.entityId,
        naturalPerson: f.naturalPerson,
        content: doc,
        publishedAt: now,
        approvedByTokenId: input.tokenId,
        deadline: deadline.date,
        deadlineProvisional: deadline.provisional,
        metDeadline: met,
        ledgerIndex: leaf.index,
        leafHash: leaf.leafHash,
      })
      .returning();
    return publicationView(row as PublicationRow);
  });
}

export type PublicationRow = typeof publications.$inferSelect;

export function publicationView(row: PublicationRow) {
  return {
    findingId: row.findingId,
    publishedAt: row.publishedAt.toISOString(),
    deadline: { date: row.deadline, provisional: row.deadlineProvisional, met: row.metDeadline },
    ledger: { index: row.ledgerIndex, leafHash: row.leafHash },
    takenDownAt: row.takenDownAt?.toISOString() ?? null,
    content: row.content as PublicDocument,
  };
}
