/**
 * The draw's links to src/ledger: the proof-signing key and the transparency ledger.
 * Kept in one file so the dependency is thin and easy to follow.
 */
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import { getSigningKey, type SigningKey } from "../ledger/keys.js";
import { appendToLedger } from "../ledger/log.js";

export type { SigningKey };

/** The service's Ed25519 key; proofs carry its public key. */
export function proofSigningKey(db: Db, config: Config): Promise<SigningKey> {
  return getSigningKey(db, config);
}

export type RoundEventKind =
  | "round.commitment"
  | "round.revealed"
  | "round.proof"
  | "round.proof-restored"
  | "round.failed";

/** Appends a round event to the department's transparency ledger, inside the caller's transaction. */
export async function appendRoundEvent(
  db: Db,
  departmentId: string,
  kind: RoundEventKind,
  roundId: string,
  content: Record<string, unknown>,
): Promise<void> {
  await appendToLedger(db, { departmentId, kind, artefactId: roundId, content: { roundId, ...content } });
}
