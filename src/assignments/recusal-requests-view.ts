/**
 * A round's recusal requests as the console shows them: each with the named inspector's name and
 * 执法证号 and the entity's name, so the person deciding sees who and what is meant without
 * looking ids up one by one.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { getRoundForParticipant, jointMembers } from "../draws/joint.js";
import { revisionEntities } from "../rosters/entities/entities.schema.js";
import { inspectors } from "../rosters/inspectors/inspectors.schema.js";
import { listRecusalRequests } from "./recusal.js";

export async function recusalRequestsWithNames(db: Db, departmentId: string, roundId: string) {
  const rows = await listRecusalRequests(db, departmentId, roundId);
  if (rows.length === 0) return [];
  const round = await getRoundForParticipant(db, departmentId, roundId);
  // A joint round's member names entities from its own frozen revision first, then the lead's.
  const own =
    round.departmentId === departmentId
      ? null
      : ((await jointMembers(db, roundId)).find((m) => m.departmentId === departmentId)?.revisionId ?? null);
  const revisions = [own, round.revisionId].filter((r): r is string => r !== null);
  const people = await db
    .select({ id: inspectors.id, name: inspectors.name, certificateNo: inspectors.certificateNo })
    .from(inspectors)
    .where(
      and(
        eq(inspectors.departmentId, departmentId),
        inArray(inspectors.id, [...new Set(rows.map((r) => r.inspectorId))]),
      ),
    );
  const byId = new Map(people.map((p) => [p.id, p]));
  const names = new Map<string, string>();
  for (const revisionId of revisions.reverse()) {
    const found = await db
      .select({ code: revisionEntities.creditCode, name: revisionEntities.name })
      .from(revisionEntities)
      .where(
        and(
          eq(revisionEntities.revisionId, revisionId),
          inArray(revisionEntities.creditCode, [...new Set(rows.map((r) => r.entityId))]),
        ),
      );
    for (const e of found) names.set(e.code, e.name);
  }
  return rows.map((r) => ({
    id: r.id,
    roundId: r.roundId,
    entityId: r.entityId,
    entityName: names.get(r.entityId) ?? null,
    inspectorId: r.inspectorId,
    inspectorName: byId.get(r.inspectorId)?.name ?? null,
    certificateNo: byId.get(r.inspectorId)?.certificateNo ?? null,
    category: r.category,
    statement: r.statement,
    contact: r.contact,
    status: r.status,
    decisionNote: r.decisionNote,
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
  }));
}
