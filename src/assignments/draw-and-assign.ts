/**
 * The draw as the service runs it: src/draws computes, signs and stores the draw, and
 * this layer persists the teams it returns as assignments and announces them, inside the
 * draw's own transaction (a crash leaves neither). Draws never imports assignments; the
 * writer is handed down as a function.
 */
import { inArray } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import { type DrawHooks, drawRound, type PersistTeams } from "../draws/draw.js";
import { notifyTeamsAssigned } from "../notifications/domain-events.js";
import { insertTeamAssignments } from "./assignments.js";

/**
 * Writes the drawn teams' assignment rows, then enqueues the inspectors' notifications. In a
 * joint round each row belongs to its inspector's department (the committed pool names it by
 * code), so each department's board, exports and notifications hold its own inspectors only.
 */
export const persistDrawnTeams: PersistTeams = async (tx, drawn) => {
  const codes = [...new Set(drawn.pool.map((r) => r.department))];
  if (codes.length <= 1) {
    await insertTeamAssignments(tx, drawn);
    await notifyTeamsAssigned(tx, drawn);
    return;
  }
  const rows = await tx.select().from(departments).where(inArray(departments.code, codes));
  const idOf = new Map(rows.map((d) => [d.code, d.id]));
  const departmentOf = new Map(drawn.pool.map((r) => [r.id, idOf.get(r.department) ?? drawn.departmentId]));
  await insertTeamAssignments(tx, { ...drawn, departmentOf });
  for (const departmentId of new Set(departmentOf.values())) {
    const own = drawn.teams
      .map((t) => ({ ...t, members: t.members.filter((m) => departmentOf.get(m) === departmentId) }))
      .filter((t) => t.members.length > 0);
    await notifyTeamsAssigned(tx, { ...drawn, departmentId, teams: own });
  }
};

/** Runs the draw of a revealed round and persists its teams (idempotent, like drawRound). */
export function drawAndAssign(
  db: Db,
  config: Config,
  input: { departmentId: string; roundId: string; actor: string },
  hooks: DrawHooks = {},
) {
  return drawRound(db, config, input, persistDrawnTeams, hooks);
}
