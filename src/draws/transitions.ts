/**
 * Round lifecycle. Every move is one UPDATE guarded by the expected current status plus
 * one INSERT into round_transitions whose unique (round, to_status) forbids repeating a
 * state; so a transition happens at most once, never backwards, even under races.
 */
import { and, eq, sql } from "drizzle-orm";
import { announceChange } from "../db/change-feed.js";
import type { Db } from "../db/types.js";
import { Conflict } from "../errors.js";
import { rounds, roundTransitions } from "./schema.js";

export type RoundStatus = "draft" | "committed" | "revealed" | "drawn" | "in_progress" | "closed" | "failed";

const NEXT: Record<RoundStatus, readonly RoundStatus[]> = {
  draft: ["committed"],
  committed: ["revealed", "failed"],
  revealed: ["drawn", "failed"],
  drawn: ["in_progress"],
  in_progress: ["closed"],
  closed: [],
  failed: [],
};

export function canMove(from: RoundStatus, to: RoundStatus): boolean {
  return NEXT[from].includes(to);
}

export interface TransitionInput {
  roundId: string;
  departmentId: string;
  from: RoundStatus;
  to: RoundStatus;
  actor: string;
  reason?: string | null;
  /** Extra columns set together with the status (commitment, seed, failure…). */
  set?: Partial<typeof rounds.$inferInsert>;
}

/** Moves a round; throws Conflict when it is not in `from` any more (someone else moved it). */
export async function transition(db: Db, t: TransitionInput): Promise<void> {
  if (!canMove(t.from, t.to)) throw new Conflict(`a round cannot move from ${t.from} to ${t.to}`);
  const moved = await db
    .update(rounds)
    .set({ ...(t.set ?? {}), status: t.to })
    .where(and(eq(rounds.id, t.roundId), eq(rounds.departmentId, t.departmentId), eq(rounds.status, t.from)))
    .returning({ id: rounds.id });
  if (moved.length === 0) throw new Conflict(`the round is no longer ${t.from}`);
  await db.insert(roundTransitions).values({
    roundId: t.roundId,
    departmentId: t.departmentId,
    fromStatus: t.from,
    toStatus: t.to,
    actor: t.actor,
    reason: t.reason ?? null,
  });
  // Status is public (round pages, assignments): drop what instances cached of the department.
  await announceChange(db, t.departmentId);
}

/** Fails a round publicly with a machine code and plain-words reason. */
export async function failRound(
  db: Db,
  r: { roundId: string; departmentId: string; from: RoundStatus },
  code: string,
  reason: string,
  actor: string,
): Promise<void> {
  await transition(db, {
    ...r,
    to: "failed",
    actor,
    reason,
    set: { failureCode: code, failureReason: reason },
  });
}

/** Locks the round row for the rest of the transaction (serialises draws and reveals). */
export async function lockRound(db: Db, roundId: string): Promise<void> {
  await db.execute(sql`select id from rounds where id = ${roundId} for update`);
}

export async function listTransitions(db: Db, roundId: string) {
  return db
    .select({
      from: roundTransitions.fromStatus,
      to: roundTransitions.toStatus,
      actor: roundTransitions.actor,
      reason: roundTransitions.reason,
      at: roundTransitions.at,
    })
    .from(roundTransitions)
    .where(eq(roundTransitions.roundId, roundId))
    .orderBy(roundTransitions.at);
}
