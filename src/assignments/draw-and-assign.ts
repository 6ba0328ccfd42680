/**
 * The draw as the service runs it: src/draws computes, signs and stores the draw, and
 * this layer persists the teams it returns as assignments and announces them, inside the
 * draw's own transaction (a crash leaves neither). Draws never imports assignments; the
 * writer is handed down as a function.
 */
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import { type DrawHooks, drawRound, type PersistTeams } from "../draws/draw.js";
import { notifyTeamsAssigned } from "../notifications/domain-events.js";
import { insertTeamAssignments } from "./assignments.js";

/** Writes the drawn teams' assignment rows, then enqueues the inspectors' notifications. */
export const persistDrawnTeams: PersistTeams = async (tx, drawn) => {
  await insertTeamAssignments(tx, drawn);
  await notifyTeamsAssigned(tx, drawn);
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
