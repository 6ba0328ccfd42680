/**
 * What a contributor's own page needs to know, given only its one-time credential: which
 * round, under which name, whether its commitment is recorded, whether it may reveal now.
 * A draft round is not public, so this is the only view of it a contributor gets.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import { contributorByCredential, utcSeconds } from "./contributors.js";
import { rounds } from "./schema.js";

export async function contributorStatus(db: Db, credential: string) {
  const contributor = await contributorByCredential(db, credential);
  const [row] = await db
    .select({ round: rounds, departmentName: departments.name })
    .from(rounds)
    .innerJoin(departments, eq(departments.id, rounds.departmentId))
    .where(eq(rounds.id, contributor.roundId));
  if (!row) throw new Error(`round of contributor ${contributor.id} is missing`);
  const { round } = row;
  return {
    roundId: round.id,
    roundTitle: round.title,
    departmentName: row.departmentName,
    name: contributor.name,
    roundStatus: round.status,
    commitment: contributor.commitment,
    revealed: contributor.nonce !== null,
    revealDeadline: utcSeconds(round.revealDeadline),
    failure: round.failureCode ? { code: round.failureCode, reason: round.failureReason ?? "" } : null,
  };
}
