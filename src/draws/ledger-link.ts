/**
 * The draw's links to src/ledger: the proof-signing key and the transparency ledger.
 * Kept in one file so the dependency is thin and easy to follow.
 */
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import { ed25519PublicKey, fromHex, toHex } from "../draw-engine/index.js";
import { Unprocessable } from "../errors.js";

export interface SigningKey {
  secretKey: Uint8Array;
  publicKey: string;
}

/** The department's proof-signing key. */
export async function proofSigningKey(_db: Db, config: Config): Promise<SigningKey> {
  if (!config.SIGNING_KEY_HEX)
    throw new Unprocessable("no proof-signing key is configured (SIGNING_KEY_HEX)");
  const secretKey = fromHex(config.SIGNING_KEY_HEX.toLowerCase(), 32);
  return { secretKey, publicKey: toHex(ed25519PublicKey(secretKey)) };
}

/** Appends a round event (commitment, reveal, proof) to the transparency ledger. */
export async function appendRoundEvent(
  _db: Db,
  _departmentId: string,
  _kind: "round.commitment" | "round.revealed" | "round.proof" | "round.failed",
  _roundId: string,
  _payload: Record<string, unknown>,
): Promise<void> {
  // The ledger (src/ledger) has not landed yet; wired here once appendToLedger exists.
}
