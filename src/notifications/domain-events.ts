/**
 * The events other domains raise, built from what they have at hand and enqueued in their
 * transaction (`db` is always the caller's transaction here). Payloads carry names and dates
 * so a message can be written without reading the tables again.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../db/types.js";
import type { TeamAssignment } from "../draw-engine/index.js";
import { rounds } from "../draws/schema.js";
import { entities, revisionEntities } from "../rosters/entities/entities.schema.js";
import { inspectors } from "../rosters/inspectors/inspectors.schema.js";
import { enqueueNotification, enqueueNotifications, type NotificationEvent } from "./outbox.js";

/** Entities listed by name in one event; the rest are counted (a big round gives thousands each). */
export const LISTED_ENTITIES = 20;

type RoundRef = { departmentId: string; roundId: string };

async function roundInfo(db: Db, r: RoundRef) {
  const [round] = await db
    .select({
      title: rounds.title,
      from: rounds.windowFrom,
      until: rounds.windowUntil,
      revisionId: rounds.revisionId,
    })
    .from(rounds)
    .where(
      and(
        eq(rounds.id, r.roundId),
        // The lead's round, or a joint round the department takes part in (src/draws/joint.ts).
        or(
          eq(rounds.departmentId, r.departmentId),
          sql`exists (select 1 from round_joint_departments j where j.round_id = ${rounds.id} and j.department_id = ${r.departmentId})`,
        ),
      ),
    );
  if (!round) throw new Error(`round ${r.roundId} not found`);
  return round;
}

/** Names and addresses as drawn: the round's frozen revision, else the working roster. */
export async function entityDetails(db: Db, departmentId: string, revisionId: string | null, ids: string[]) {
  const out = new Map<string, { entityName: string; address: string | null }>();
  if (ids.length === 0) return out;
  const rows = revisionId
    ? await db
        .select({
          id: revisionEntities.creditCode,
          name: revisionEntities.name,
          address: revisionEntities.address,
        })
        .from(revisionEntities)
        .where(and(eq(revisionEntities.revisionId, revisionId), inArray(revisionEntities.creditCode, ids)))
    : [];
  for (const r of rows) out.set(r.id, { entityName: r.name, address: r.address });
  const missing = ids.filter((id) => !out.has(id));
  if (missing.length > 0) {
    const more = await db
      .select({ id: entities.creditCode, name: entities.name, address: entities.address })
      .from(entities)
      .where(and(eq(entities.departmentId, departmentId), inArray(entities.creditCode, missing)));
    for (const r of more) out.set(r.id, { entityName: r.name, address: r.address });
  }
  return out;
}

async function inspectorNames(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: inspectors.id, name: inspectors.name })
    .from(inspectors)
    .where(inArray(inspectors.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

const entityRef = (id: string, d: Map<string, { entityName: string; address: string | null }>) => ({
  entityId: id,
  entityName: d.get(id)?.entityName ?? null,
  address: d.get(id)?.address ?? null,
});

/** The draw: one `assignment.created` per assigned inspector (not per team), in two statements. */
export async function notifyTeamsAssigned(db: Db, r: RoundRef & { teams: readonly TeamAssignment[] }) {
  const round = await roundInfo(db, r);
  const byInspector = new Map<string, string[]>();
  for (const team of r.teams) {
    for (const m of team.members) {
      const list = byInspector.get(m);
      if (list) list.push(team.entityId);
      else byInspector.set(m, [team.entityId]);
    }
  }
  const listed = new Set<string>();
  for (const list of byInspector.values()) {
    list.sort();
    for (const id of list.slice(0, LISTED_ENTITIES)) listed.add(id);
  }
  const details = await entityDetails(db, r.departmentId, round.revisionId, [...listed]);
  const names = await inspectorNames(db, [...byInspector.keys()]);
  const events: NotificationEvent[] = [...byInspector].map(([inspectorId, list]) => ({
    departmentId: r.departmentId,
    kind: "assignment.created",
    recipient: { type: "inspector", id: inspectorId },
    payload: {
      reason: "draw",
      roundId: r.roundId,
      roundTitle: round.title,
      window: { from: round.from, until: round.until },
      inspectorId,
      inspectorName: names.get(inspectorId) ?? null,
      count: list.length,
      assignments: list.slice(0, LISTED_ENTITIES).map((id) => entityRef(id, details)),
    },
  }));
  return enqueueNotifications(db, events);
}

/** A substitution: the recused inspector hears who replaces them; the substitute gets the assignment. */
export async function notifySubstitution(
  db: Db,
  s: RoundRef & {
    entityId: string;
    recused: string;
    substitute: string | null;
    source: string;
    category: string;
  },
) {
  const round = await roundInfo(db, s);
  const details = await entityDetails(db, s.departmentId, round.revisionId, [s.entityId]);
  const names = await inspectorNames(db, [s.recused, ...(s.substitute ? [s.substitute] : [])]);
  const person = (id: string) => ({ id, name: names.get(id) ?? null });
  const common = {
    roundId: s.roundId,
    roundTitle: round.title,
    window: { from: round.from, until: round.until },
    ...entityRef(s.entityId, details),
  };
  const events: NotificationEvent[] = [
    {
      departmentId: s.departmentId,
      kind: "assignment.substituted",
      recipient: { type: "inspector", id: s.recused },
      payload: {
        ...common,
        source: s.source,
        category: s.category,
        recused: person(s.recused),
        substitute: s.substitute ? person(s.substitute) : null,
      },
    },
  ];
  if (s.substitute) {
    events.push({
      departmentId: s.departmentId,
      kind: "assignment.created",
      recipient: { type: "inspector", id: s.substitute },
      payload: {
        reason: "substitution",
        roundId: s.roundId,
        roundTitle: round.title,
        window: common.window,
        inspectorId: s.substitute,
        inspectorName: names.get(s.substitute) ?? null,
        count: 1,
        assignments: [entityRef(s.entityId, details)],
      },
    });
  }
  return enqueueNotifications(db, events);
}

/** An entity's recusal request decided: the inspector concerned is told either way. */
export async function notifyRecusalDecided(
  db: Db,
  d: RoundRef & { requestId: string; entityId: string; inspectorId: string; accepted: boolean; note: string },
) {
  const round = await roundInfo(db, d);
  const details = await entityDetails(db, d.departmentId, round.revisionId, [d.entityId]);
  return enqueueNotification(db, {
    departmentId: d.departmentId,
    kind: "recusal.decided",
    recipient: { type: "inspector", id: d.inspectorId },
    payload: {
      requestId: d.requestId,
      roundId: d.roundId,
      roundTitle: round.title,
      ...entityRef(d.entityId, details),
      inspectorId: d.inspectorId,
      accepted: d.accepted,
      note: d.note,
    },
  });
}

/** A finding returned to its team unpublished (the department decided not to publish it). */
export async function notifyFindingReturned(
  db: Db,
  f: RoundRef & {
    findingId: string;
    entityId: string;
    entityName: string | null;
    members: string[];
    reason: string;
    note: string;
  },
) {
  const events: NotificationEvent[] = f.members.map((inspectorId) => ({
    departmentId: f.departmentId,
    kind: "finding.returned",
    recipient: { type: "inspector", id: inspectorId },
    payload: {
      findingId: f.findingId,
      roundId: f.roundId,
      entityId: f.entityId,
      entityName: f.entityName,
      reason: f.reason,
      note: f.note,
    },
  }));
  return enqueueNotifications(db, events);
}
