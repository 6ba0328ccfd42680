/**
 * Deciding not to publish a finding (RULES §7 "not published"): the admin records the reason
 * before publication; approval then refuses and the deadline watchdog stops asking. A finding
 * flagged `involvesMinor` by the team needs no decision: it is never publishable anyway.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { Conflict } from "../errors.js";
import { getFinding } from "../findings/findings.js";
import { teamMembers } from "../findings/team.js";
import { notifyFindingReturned } from "../notifications/domain-events.js";
import { publications, publicationWithholdings } from "./schema.js";

export type WithholdingReason = (typeof publicationWithholdings.$inferSelect)["reason"];

export async function withholdFinding(
  db: Db,
  input: {
    departmentId: string;
    findingId: string;
    reason: WithholdingReason;
    note: string;
    tokenId: string | null;
  },
) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7243301, hashtext(${input.findingId}))`);
    const finding = await getFinding(tx, input.departmentId, input.findingId);
    const [pub] = await tx
      .select({ id: publications.findingId })
      .from(publications)
      .where(eq(publications.findingId, input.findingId));
    if (pub) throw new Conflict("already published: retract it, or wait for the take-down");
    const [row] = await tx
      .insert(publicationWithholdings)
      .values({
        findingId: input.findingId,
        departmentId: input.departmentId,
        reason: input.reason,
        note: input.note,
        byTokenId: input.tokenId,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new Conflict("a decision not to publish this finding was already recorded");
    // The finding goes back to its team unpublished: each current member is told why.
    const team = { departmentId: input.departmentId, roundId: finding.roundId, entityId: finding.entityId };
    await notifyFindingReturned(tx, {
      ...team,
      findingId: finding.id,
      entityName: finding.entityName,
      members: await teamMembers(tx, team),
      reason: row.reason,
      note: row.note,
    });
    return {
      findingId: row.findingId,
      reason: row.reason,
      note: row.note,
      decidedAt: row.decidedAt.toISOString(),
    };
  });
}

/** The recorded decision not to publish, if any. */
export async function withholdingOf(db: Db, findingId: string) {
  const [row] = await db
    .select()
    .from(publicationWithholdings)
    .where(eq(publicationWithholdings.findingId, findingId));
  return row ?? null;
}
