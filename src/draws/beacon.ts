/**
 * The drand beacon of a round: fetched from the configured relays when due, or submitted
 * by an operator; either way verified against the committed plan before it is stored.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/types.js";
import {
  type Beacon,
  type BeaconPlan,
  DrawError,
  drandRoundTime,
  verifyBeacon,
} from "../draw-engine/index.js";
import { Conflict, Unprocessable } from "../errors.js";
import { getRound } from "./rounds.js";
import { rounds } from "./schema.js";

/** Verifies and stores the beacon once; a second, identical submission is a no-op. */
export async function submitBeacon(db: Db, departmentId: string, roundId: string, beacon: Beacon) {
  const round = await getRound(db, departmentId, roundId);
  const plan = round.beaconPlan as BeaconPlan | null;
  if (!plan) throw new Conflict("this round has no beacon in its entropy plan");
  if (round.status !== "committed" && round.status !== "revealed") {
    throw new Conflict(`the round is ${round.status}; a beacon is accepted only before the draw`);
  }
  try {
    verifyBeacon(plan, beacon);
  } catch (e) {
    if (e instanceof DrawError) throw new Unprocessable(e.message, [], { code: e.code });
    throw e;
  }
  const clean = { round: beacon.round, signature: beacon.signature, randomness: beacon.randomness };
  await db
    .update(rounds)
    .set({ beacon: clean })
    .where(and(eq(rounds.id, roundId), isNull(rounds.beacon)));
  return clean;
}

/** Asks each relay in turn for the planned round; null when none has it (yet). */
export async function fetchBeacon(
  relays: string[],
  plan: BeaconPlan,
  timeoutMs = 5000,
): Promise<Beacon | null> {
  for (const relay of relays) {
    try {
      const res = await fetch(`${relay.replace(/\/$/, "")}/${plan.chainHash}/public/${plan.round}`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) continue;
      const b = (await res.json()) as Beacon;
      verifyBeacon(plan, b);
      return { round: b.round, signature: b.signature, randomness: b.randomness };
    } catch {
      // try the next relay; a relay serving a bad beacon is simply not trusted
    }
  }
  return null;
}

/** Unix seconds at which the planned round is emitted. */
export function beaconDueAt(plan: BeaconPlan): number {
  return drandRoundTime(plan, plan.round);
}
