/**
 * The inspector's own assignments with everything needed to go and inspect: the entity
 * (name, address, region), the checklist item (content, method), the current teammates and
 * the dates. One statement however many assignments the inspector holds: the entity and
 * item are joins by primary key, the team a correlated subquery over the
 * (round, entity, inspector) unique index — no query per assignment.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { resultDeadline } from "../calendar/deadlines.js";
import { checklistItems, checklistItemVersions } from "../checklist/schema.js";
import type { Db } from "../db/types.js";
import { rounds } from "../draws/schema.js";
import { entities, revisionEntities } from "../rosters/entities/entities.schema.js";
import { assignments } from "./schema.js";

export interface Teammate {
  inspectorId: string;
  name: string;
  post: string | null;
  certificateNo: string;
  slot: number;
}

/**
 * The other members of the assignment's team as it stands now: recused members are left
 * out and their substitutes (who take the same slot) are in. Names and certificates come
 * from the current roster, as the team will show them at the door.
 */
const teammatesJson = sql<string>`(
  select coalesce(json_agg(json_build_object(
           'inspectorId', m.inspector_id, 'name', i.name, 'post', i.post,
           'certificateNo', i.certificate_no, 'slot', m.slot)
         order by m.slot, i.name), '[]')::text
  from assignments m join inspectors i on i.id = m.inspector_id
  where m.round_id = ${assignments.roundId} and m.entity_id = ${assignments.entityId}
    and m.status <> 'recused' and m.inspector_id <> ${assignments.inspectorId})`;

/**
 * The entity as the working roster has it now (an address corrected since the freeze is the
 * one to visit), else as frozen in the round's revision (the entity left the working roster).
 */
const live = alias(entities, "live");
const frozen = alias(revisionEntities, "frozen");
const entityField = (column: "name" | "address" | "regionCode") =>
  sql<string | null>`coalesce(${live[column]}, ${frozen[column]})`;

/**
 * How often and when the team last changed (each substitution of the team's entity in the
 * round is one change; the assignment's own creation or recusal counts as a change for it),
 * for calendar clients that keep an event only while its SEQUENCE / LAST-MODIFIED stay put.
 */
const teamChanges = sql<string>`(
  select count(*)::text from round_substitutions s
  where s.round_id = ${assignments.roundId} and s.entity_id = ${assignments.entityId})`;
const teamChangedAtMs = sql<string>`floor(extract(epoch from greatest(
  ${assignments.createdAt}, ${assignments.recusedAt},
  (select max(s.created_at) from round_substitutions s
   where s.round_id = ${assignments.roundId} and s.entity_id = ${assignments.entityId}))) * 1000)::bigint::text`;

/** The caller's assignments as `GET /me/assignments` lists them. */
export async function myAssignments(db: Db, departmentId: string, inspectorId: string) {
  return (await myAssignmentsWithChanges(db, departmentId, inspectorId)).map((x) => x.assignment);
}

/** Each assignment with its team's change count and time (for the calendar feed). */
export async function myAssignmentsWithChanges(db: Db, departmentId: string, inspectorId: string) {
  const rows = await db
    .select({
      id: assignments.id,
      roundId: assignments.roundId,
      roundTitle: rounds.title,
      roundStatus: rounds.status,
      windowFrom: rounds.windowFrom,
      windowUntil: rounds.windowUntil,
      entityId: assignments.entityId,
      inspectorId: assignments.inspectorId,
      slot: assignments.slot,
      status: assignments.status,
      acceptedAt: assignments.acceptedAt,
      recusedAt: assignments.recusedAt,
      entityName: entityField("name"),
      entityAddress: entityField("address"),
      entityRegion: entityField("regionCode"),
      itemId: checklistItems.id,
      itemCode: checklistItems.code,
      itemName: checklistItemVersions.name,
      itemContent: checklistItemVersions.content,
      itemMethods: checklistItemVersions.methods,
      teammates: teammatesJson,
      teamChanges,
      teamChangedAtMs,
    })
    .from(assignments)
    .innerJoin(rounds, eq(rounds.id, assignments.roundId))
    .leftJoin(
      live,
      and(eq(live.departmentId, assignments.departmentId), eq(live.creditCode, assignments.entityId)),
    )
    .leftJoin(
      frozen,
      and(eq(frozen.revisionId, rounds.revisionId), eq(frozen.creditCode, assignments.entityId)),
    )
    .leftJoin(checklistItemVersions, eq(checklistItemVersions.id, rounds.itemVersionId))
    .leftJoin(checklistItems, eq(checklistItems.id, checklistItemVersions.itemId))
    .where(and(eq(assignments.departmentId, departmentId), eq(assignments.inspectorId, inspectorId)))
    .orderBy(asc(rounds.windowFrom), asc(assignments.entityId), asc(assignments.createdAt));
  return rows.map((r) => {
    const results = resultDeadline(r.windowUntil);
    const assignment = {
      id: r.id,
      roundId: r.roundId,
      roundTitle: r.roundTitle,
      roundStatus: r.roundStatus,
      window: { from: r.windowFrom, until: r.windowUntil },
      entityId: r.entityId,
      inspectorId: r.inspectorId,
      slot: r.slot,
      status: r.status,
      acceptedAt: r.acceptedAt?.toISOString() ?? null,
      recusedAt: r.recusedAt?.toISOString() ?? null,
      entity: {
        id: r.entityId,
        name: r.entityName,
        creditCode: r.entityId,
        address: r.entityAddress,
        regionCode: r.entityRegion,
      },
      item:
        r.itemId === null
          ? null
          : {
              id: r.itemId,
              code: r.itemCode!,
              name: r.itemName!,
              content: r.itemContent!,
              method: r.itemMethods ?? [],
            },
      teammates: JSON.parse(r.teammates) as Teammate[],
      deadline: {
        inspectBy: r.windowUntil,
        resultsPublicBy: results.date,
        provisional: results.provisional,
      },
    };
    return {
      assignment,
      teamChanges: Number(r.teamChanges),
      teamChangedAt: new Date(Number(r.teamChangedAtMs)),
    };
  });
}

export type MyAssignment = Awaited<ReturnType<typeof myAssignments>>[number];
