/** Inspector assignments: written by the draw, read by inspectors and admins. */
import { and, eq, sql } from "drizzle-orm";
import { intArrayLiteral, textArrayLiteral } from "../db/arrays.js";
import type { Db } from "../db/types.js";
import { uuidv7Batch } from "../db/uuid7.js";
import type { TeamAssignment } from "../draw-engine/index.js";
import { Conflict, NotFound } from "../errors.js";
import { assignments } from "./schema.js";

const TEAMS_PER_STATEMENT = 5_000;

/**
 * Bulk insert of the drawn teams: statements of at most 20 000 teams each (bounded
 * parameter size and memory), columns passed as array literals and unnested — no JSON to
 * build or parse. Rows go in entity order with time-ordered ids (UUIDv7, RFC 9562), so the
 * primary key and the (round, entity, inspector) index grow at their right edge instead of
 * taking a random page per row.
 */
export async function insertTeamAssignments(
  db: Db,
  a: {
    roundId: string;
    departmentId: string;
    teams: readonly TeamAssignment[];
    /** Joint rounds: each inspector's department (its rows are that department's); default departmentId. */
    departmentOf?: ReadonlyMap<string, string>;
  },
): Promise<void> {
  const order = Int32Array.from(a.teams.keys()).sort((x, y) =>
    compareKeys(a.teams[x]!.entityId, a.teams[y]!.entityId),
  );
  for (let from = 0; from < order.length; from += TEAMS_PER_STATEMENT) {
    const entities: string[] = [];
    const inspectors: string[] = [];
    const depts: string[] = [];
    const slots: number[] = [];
    for (const t of order.subarray(from, from + TEAMS_PER_STATEMENT)) {
      const team = a.teams[t]!;
      for (let slot = 0; slot < team.members.length; slot++) {
        entities.push(team.entityId);
        inspectors.push(team.members[slot]!);
        depts.push(a.departmentOf?.get(team.members[slot]!) ?? a.departmentId);
        slots.push(slot);
      }
    }
    await db.execute(sql`
      insert into assignments (id, department_id, round_id, entity_id, inspector_id, slot)
      select x.id, x.d, ${a.roundId}, x.e, x.i, x.s
      from unnest(${textArrayLiteral(uuidv7Batch(entities.length))}::uuid[], ${textArrayLiteral(depts)}::uuid[],
                  ${textArrayLiteral(entities)}::text[], ${textArrayLiteral(inspectors)}::uuid[],
                  ${intArrayLiteral(slots)}::int[])
           as x(id, d, e, i, s)`);
  }
}

const compareKeys = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

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
    .where(and(eq(assignments.id, row.id), eq(assignments.departmentId, row.departmentId)));
  return { id: row.id, status: "accepted" as const };
}
