/**
 * Ending an invitation to a joint round (联合抽查) before the commit: the lead withdraws it, or
 * the invited department declines. Either way the department takes no part and the commit no
 * longer waits for it (commit-sources.ts reads jointMembers, which leaves declined ones out).
 * Only while the round is a draft and the department has not joined: a joined department's
 * item and contributors are already part of the round.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import { Conflict, NotFound } from "../errors.js";
import { invitation } from "./joint.js";
import { rounds, roundJointDepartments } from "./schema.js";
import { lockRound } from "./transitions.js";

async function draftRound(tx: Db, roundId: string) {
  const [round] = await tx.select().from(rounds).where(eq(rounds.id, roundId));
  if (!round) throw new NotFound(`round ${roundId} not found`);
  if (round.status !== "draft")
    throw new Conflict(`the round is ${round.status}; invitations change only while it is a draft`);
  return round;
}

/** The lead withdraws its invitation of the department `code` (the row is removed). */
export async function withdrawInvitation(db: Db, leadDepartmentId: string, roundId: string, code: string) {
  return db.transaction(async (tx) => {
    await lockRound(tx, roundId);
    const [lead] = await tx
      .select({ id: rounds.id })
      .from(rounds)
      .where(and(eq(rounds.id, roundId), eq(rounds.departmentId, leadDepartmentId)));
    if (!lead) throw new NotFound(`round ${roundId} not found`);
    const [dept] = await tx.select().from(departments).where(eq(departments.code, code));
    const m = dept
      ? (
          await tx
            .select()
            .from(roundJointDepartments)
            .where(
              and(
                eq(roundJointDepartments.roundId, roundId),
                eq(roundJointDepartments.departmentId, dept.id),
              ),
            )
        )[0]
      : undefined;
    if (!dept || !m) throw new NotFound(`department ${code} is not invited to round ${roundId}`);
    await draftRound(tx, roundId);
    if (m.joinedAt) throw new Conflict(`department ${code} has already joined the round`);
    await tx
      .delete(roundJointDepartments)
      .where(
        and(eq(roundJointDepartments.roundId, roundId), eq(roundJointDepartments.departmentId, dept.id)),
      );
    return { roundId, code, withdrawn: true as const };
  });
}

/** The invited department declines; the invitation stays on record as declined. */
export async function declineInvitation(db: Db, departmentId: string, roundId: string) {
  return db.transaction(async (tx) => {
    await lockRound(tx, roundId);
    const m = await invitation(tx, departmentId, roundId);
    await draftRound(tx, roundId);
    if (m.joinedAt) throw new Conflict("this department has already joined the round");
    if (m.declinedAt) throw new Conflict("this department has already declined the invitation");
    const declinedAt = new Date();
    await tx
      .update(roundJointDepartments)
      .set({ declinedAt })
      .where(
        and(eq(roundJointDepartments.roundId, roundId), eq(roundJointDepartments.departmentId, departmentId)),
      );
    return { roundId, declinedAt: declinedAt.toISOString() };
  });
}
