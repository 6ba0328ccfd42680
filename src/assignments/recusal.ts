/**
 * Recusal (回避): an inspector declares a conflict on their own assignment, or a drawn
 * entity asks for an inspector's recusal and the admin decides. Both end in the same
 * verifiable substitution (substitution.ts).
 */
import { and, eq } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import { canonicalEntityId, type DrawError } from "../draw-engine/index.js";
import { getRoundForParticipant } from "../draws/joint.js";
import { publicRound } from "../draws/public.js";
import { Conflict, Invalid, NotFound } from "../errors.js";
import { notifyRecusalDecided } from "../notifications/domain-events.js";
import { ownAssignment } from "./assignments.js";
import { type InspectorNamedByFirm, requestedTeamMember } from "./requested-inspector.js";
import { recusalRequests } from "./schema.js";
import { type RecusalCategory, substitute } from "./substitution.js";

export async function declareConflict(
  db: Db,
  config: Config,
  a: {
    departmentId: string;
    inspectorId: string;
    assignmentId: string;
    category: RecusalCategory;
    statement: string;
  },
) {
  const row = await ownAssignment(db, a.departmentId, a.inspectorId, a.assignmentId);
  if (row.status === "recused") throw new Conflict("this assignment is already recused");
  return substitute(db, config, {
    departmentId: a.departmentId,
    roundId: row.roundId,
    entityId: row.entityId,
    recused: a.inspectorId,
    category: a.category,
    statement: a.statement,
    source: "declaration",
  });
}

/**
 * A drawn entity's request (public; the admin decides). The inspector, named by id or by
 * 执法证号 (requested-inspector.ts), must be on its team.
 */
export async function requestRecusal(
  db: Db,
  req: {
    roundId: string;
    entityId: string;
    category: RecusalCategory;
    statement: string;
    contact: string;
  } & InspectorNamedByFirm,
) {
  const round = await publicRound(db, req.roundId);
  let entityId: string;
  try {
    entityId = canonicalEntityId(req.entityId);
  } catch (e) {
    // An id no roster can hold (control character, lone surrogate, edge space): the caller's input.
    throw new Invalid((e as DrawError).message, [
      { field: "body.entityId", reason: "not a valid entity id" },
    ]);
  }
  const member = await requestedTeamMember(db, round, entityId, req);
  // Filed with the inspector's department (in a joint round, possibly a member): its admin decides.
  const [row] = await db
    .insert(recusalRequests)
    .values({
      departmentId: member.departmentId,
      roundId: req.roundId,
      entityId,
      inspectorId: member.inspectorId,
      category: req.category,
      statement: req.statement,
      contact: req.contact,
    })
    .returning({ id: recusalRequests.id, status: recusalRequests.status });
  return row!;
}

/** The requests of the caller's department (a joint round's member sees those about its inspectors). */
export async function listRecusalRequests(db: Db, departmentId: string, roundId: string) {
  await getRoundForParticipant(db, departmentId, roundId);
  const rows = await db
    .select()
    .from(recusalRequests)
    .where(and(eq(recusalRequests.departmentId, departmentId), eq(recusalRequests.roundId, roundId)))
    .orderBy(recusalRequests.createdAt);
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  }));
}

/** The admin's decision; an accepted request substitutes the inspector. Decided once. */
export async function decideRecusal(
  db: Db,
  config: Config,
  a: { departmentId: string; requestId: string; accept: boolean; note: string; tokenId: string },
) {
  const [req] = await db
    .select()
    .from(recusalRequests)
    .where(and(eq(recusalRequests.id, a.requestId), eq(recusalRequests.departmentId, a.departmentId)));
  if (!req) throw new NotFound(`recusal request ${a.requestId} not found`);
  return db.transaction(async (tx) => {
    const decided = await tx
      .update(recusalRequests)
      .set({
        status: a.accept ? "accepted" : "rejected",
        decisionNote: a.note,
        decidedAt: new Date(),
        decidedByTokenId: a.tokenId,
      })
      .where(and(eq(recusalRequests.id, req.id), eq(recusalRequests.status, "pending")))
      .returning({ id: recusalRequests.id });
    if (decided.length === 0) throw new Conflict(`recusal request ${a.requestId} was already decided`);
    await notifyRecusalDecided(tx, {
      departmentId: a.departmentId,
      roundId: req.roundId,
      requestId: req.id,
      entityId: req.entityId,
      inspectorId: req.inspectorId,
      accepted: a.accept,
      note: a.note,
    });
    if (!a.accept) return { id: req.id, status: "rejected" as const, substitution: null };
    // Same transaction: an accepted request without its substitution is never stored.
    const substitution = await substitute(tx, config, {
      departmentId: a.departmentId,
      roundId: req.roundId,
      entityId: req.entityId,
      recused: req.inspectorId,
      category: req.category as RecusalCategory,
      statement: req.statement,
      source: "entity-request",
    });
    return { id: req.id, status: "accepted" as const, substitution };
  });
}
