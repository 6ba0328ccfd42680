/**
 * The team of one drawn entity in a round: its current (not recused) assignments. Only these
 * inspectors write the team's timeline and file its finding.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { assignments } from "../assignments/schema.js";
import { shanghaiDate } from "../calendar/dates.js";
import type { Db } from "../db/types.js";
import { rounds } from "../draws/schema.js";
import { Conflict, NotFound, Unprocessable } from "../errors.js";
import { inspectors } from "../rosters/inspectors/inspectors.schema.js";

export interface TeamRef {
  departmentId: string;
  roundId: string;
  entityId: string;
}

/** Inspector ids of the current team, by slot. Empty when the team does not exist. */
export async function teamMembers(db: Db, team: TeamRef): Promise<string[]> {
  const rows = await db
    .select({ inspectorId: assignments.inspectorId })
    .from(assignments)
    .where(
      and(
        eq(assignments.departmentId, team.departmentId),
        eq(assignments.roundId, team.roundId),
        eq(assignments.entityId, team.entityId),
        ne(assignments.status, "recused"),
      ),
    )
    .orderBy(assignments.slot);
  return rows.map((r) => r.inspectorId);
}

/** 404 unless the team exists in the caller's department (never leaks other departments). */
export async function requireTeam(db: Db, team: TeamRef): Promise<string[]> {
  const members = await teamMembers(db, team);
  if (members.length === 0) {
    throw new NotFound(`no inspection team for entity ${team.entityId} in round ${team.roundId}`);
  }
  return members;
}

/**
 * The caller must be a current member. A non-member sees 404, like another inspector's
 * assignment, so team composition does not leak.
 */
export async function requireMember(db: Db, team: TeamRef, inspectorId: string | null): Promise<string[]> {
  const members = await requireTeam(db, team);
  if (!inspectorId || !members.includes(inspectorId)) {
    throw new NotFound(`no inspection team for entity ${team.entityId} in round ${team.roundId}`);
  }
  return members;
}

/**
 * Nothing is recorded for a team before its round's inspection window opens (on the window's
 * first day, Beijing time): not now, and not with an `occurredAt` before that day. A visit
 * before the window would be an inspection nobody was yet assigned to make.
 */
export async function requireWindowOpen(
  db: Db,
  team: TeamRef,
  occurredAt: string | undefined,
  now: Date,
): Promise<void> {
  const [round] = await db
    .select({ windowFrom: rounds.windowFrom })
    .from(rounds)
    .where(and(eq(rounds.id, team.roundId), eq(rounds.departmentId, team.departmentId)));
  if (!round) throw new NotFound(`no inspection team for entity ${team.entityId} in round ${team.roundId}`);
  const opens = round.windowFrom;
  if (shanghaiDate(now) < opens)
    throw new Conflict(
      `the inspection window opens on ${opens} 00:00 (北京时间, UTC+8); nothing can be recorded before then`,
      [],
      { windowOpensOn: opens },
    );
  if (occurredAt !== undefined && shanghaiDate(new Date(occurredAt)) < opens)
    throw new Unprocessable(
      `occurredAt ${occurredAt} is before the inspection window opens on ${opens} (北京时间, UTC+8)`,
      [{ field: "occurredAt", reason: `before the window opens on ${opens}` }],
      { windowOpensOn: opens },
    );
}

/** Advisory lock class for a team's timeline; the second key hashes round and entity. */
const TIMELINE_LOCK_CLASS = 7_243_201;

/** Serialises appends to one team's timeline until the caller's transaction ends. */
export async function lockTimeline(db: Db, team: TeamRef): Promise<void> {
  await db.execute(
    sql`select pg_advisory_xact_lock(${TIMELINE_LOCK_CLASS}, hashtext(${`${team.roundId}/${team.entityId}`}))`,
  );
}

/**
 * The certificates the team shows (RULES §6), taken from the inspector roster rather than
 * typed in, each with whether it was valid on the day: active and not expired.
 */
export async function teamCertificates(db: Db, departmentId: string, members: string[], onDate: string) {
  const rows = await db
    .select({
      inspectorId: inspectors.id,
      name: inspectors.name,
      certificateNo: inspectors.certificateNo,
      certValidUntil: inspectors.certValidUntil,
      status: inspectors.status,
    })
    .from(inspectors)
    .where(and(eq(inspectors.departmentId, departmentId), inArray(inspectors.id, members)));
  const byId = new Map(rows.map((r) => [r.inspectorId, r]));
  return members.map((id) => {
    const r = byId.get(id);
    if (!r) return { inspectorId: id, name: null, certificateNo: null, certValidUntil: null, valid: false };
    const { status, ...cert } = r;
    return { ...cert, valid: status === "active" && r.certValidUntil >= onDate };
  });
}
