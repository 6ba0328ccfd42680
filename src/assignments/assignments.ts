/** Inspector assignments: written by the draw, read by inspectors and admins. */
import { and, asc, eq, sql } from "drizzle-orm";
import { intArrayLiteral, textArrayLiteral } from "../db/arrays.js";
import type { Db } from "../db/types.js";
import type { TeamAssignment } from "../draw-engine/index.js";
import { rounds } from "../draws/schema.js";
import { Conflict, NotFound } from "../errors.js";
import { assignments } from "./schema.js";

const BATCH = 50000;

/**
 * Bulk insert of the drawn teams: statements of 50 000 teams each (bounded parameter
 * size), columns passed as array literals and unnested — no JSON to build or parse.
 */
export async function insertTeamAssignments(
  db: Db,
  a: { roundId: string; departmentId: string; teams: readonly TeamAssignment[] },
): Promise<void> {
  for (let from = 0; from < a.teams.length; from += BATCH) {
    const entities: string[] = [];
    const inspectors: string[] = [];
    const slots: number[] = [];
    for (const t of a.teams.slice(from, from + BATCH)) {
      for (const [slot, m] of t.members.entries()) {
        entities.push(t.entityId);
        inspectors.push(m);
        slots.push(slot);
      }
    }
    await db.execute(sql`
      insert into assignments (department_id, round_id, entity_id, inspector_id, slot)
      select ${a.departmentId}, ${a.roundId}, x.e, x.i, x.s
      from unnest(${textArrayLiteral(entities)}::text[], ${textArrayLiteral(inspectors)}::uuid[],
                  ${intArrayLiteral(slots)}::int[]) as x(e, i, s)`);
  }
}

const view = {
  id: assignments.id,
  roundId: assignments.roundId,
  roundTitle: rounds.title,
  roundStatus: rounds.status,
  window: { from: rounds.windowFrom, until: rounds.windowUntil },
  entityId: assignments.entityId,
  inspectorId: assignments.inspectorId,
  slot: assignments.slot,
  status: assignments.status,
  acceptedAt: assignments.acceptedAt,
  recusedAt: assignments.recusedAt,
};

/** The caller's own assignments (inspector tokens are bound to one inspector). */
export async function myAssignments(db: Db, departmentId: string, inspectorId: string) {
  const rows = await db
    .select(view)
    .from(assignments)
    .innerJoin(rounds, eq(rounds.id, assignments.roundId))
    .where(and(eq(assignments.departmentId, departmentId), eq(assignments.inspectorId, inspectorId)))
    .orderBy(asc(rounds.windowFrom), asc(assignments.entityId));
  return rows.map(serialise);
}

export function serialise<T extends { acceptedAt: Date | null; recusedAt: Date | null }>(r: T) {
  return {
    ...r,
    acceptedAt: r.acceptedAt?.toISOString() ?? null,
    recusedAt: r.recusedAt?.toISOString() ?? null,
  };
}

/** One of the caller's assignments; another inspector's is not found (never forbidden). */
export async function ownAssignment(db: Db, departmentId: string, inspectorId: string, assignmentId: string) {
  const [row] = await db
    .select()
    .from(assignments)
    .where(
      and(
        eq(assignments.id, assignmentId),
        eq(assignments.departmentId, departmentId),
        eq(assignments.inspectorId, inspectorId),
      ),
    );
  if (!row) throw new NotFound(`assignment ${assignmentId} not found`);
  return row;
}

export async function acceptAssignment(
  db: Db,
  departmentId: string,
  inspectorId: string,
  assignmentId: string,
) {
  const row = await ownAssignment(db, departmentId, inspectorId, assignmentId);
  if (row.status === "recused") throw new Conflict("this assignment was recused");
  if (row.status === "accepted") return { id: row.id, status: row.status };
  await db
    .update(assignments)
    .set({ status: "accepted", acceptedAt: new Date() })
    .where(eq(assignments.id, row.id));
  return { id: row.id, status: "accepted" as const };
}
