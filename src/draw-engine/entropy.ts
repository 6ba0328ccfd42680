/**
 * Contributor commitments, reveals and the seed (docs/draw-spec.md §8).
 *   contributor commitment = H(T_contrib, nonce)          (nonce ≥ 32 random bytes)
 *   seed = SHA-256(lp(T_seed) ‖ lp(commitment hash) ‖ lp(nonce_1) ‖ … ‖ lp(nonce_m) [‖ lp(beacon randomness)])
 */
import { fromHex, toHex } from "./bytes.js";
import { taggedHash } from "./encoding.js";
import { fail } from "./errors.js";
import { TAGS } from "./tags.js";
import { parseUtcSeconds } from "./time.js";

export const MIN_NONCE_BYTES = 32;

export interface Reveal {
  name: string;
  /** The nonce, lower-case hex (≥ 32 bytes). */
  nonce: string;
  /** When the operator received the reveal (UTC, claimed by the operator). */
  revealedAt: string;
}

export function contributorCommitment(nonce: Uint8Array): Uint8Array {
  if (nonce.length < MIN_NONCE_BYTES)
    fail("short-nonce", `nonce must be at least ${MIN_NONCE_BYTES} bytes, got ${nonce.length}`);
  return taggedHash(TAGS.contributorCommit, nonce);
}

/**
 * Checks reveals against the committed contributors, in committed order, and
 * returns the nonces. Any missing, late or wrong reveal fails the round.
 */
export function checkReveals(
  contributors: readonly { name: string; commitment: string }[],
  reveals: readonly Reveal[],
  revealDeadline: string,
): Uint8Array[] {
  if (reveals.length !== contributors.length) {
    fail(
      "reveal-missing",
      `the commitment lists ${contributors.length} contributors but ${reveals.length} reveals were given`,
    );
  }
  const deadline = parseUtcSeconds(revealDeadline, "reveal deadline");
  return contributors.map((c, i) => {
    const r = reveals[i]!;
    if (r.name !== c.name)
      fail(
        "reveal-order",
        `reveal #${i + 1} is from ${JSON.stringify(r.name)}, but contributor #${i + 1} is ${JSON.stringify(c.name)}`,
      );
    let nonce: Uint8Array;
    try {
      nonce = fromHex(r.nonce);
    } catch {
      fail("reveal-malformed", `the nonce revealed by ${c.name} is not lower-case hex`);
    }
    if (nonce.length < MIN_NONCE_BYTES)
      fail(
        "reveal-malformed",
        `the nonce revealed by ${c.name} is ${nonce.length} bytes, shorter than ${MIN_NONCE_BYTES}`,
      );
    const got = toHex(contributorCommitment(nonce));
    if (got !== c.commitment) {
      fail(
        "reveal-mismatch",
        `the nonce revealed by ${c.name} hashes to ${got}, not to its commitment ${c.commitment}`,
        { contributor: c.name },
      );
    }
    if (parseUtcSeconds(r.revealedAt, `reveal time of ${c.name}`) > deadline) {
      fail("reveal-late", `${c.name} revealed at ${r.revealedAt}, after the deadline ${revealDeadline}`);
    }
    return nonce;
  });
}

export function computeSeed(
  commitmentHash: Uint8Array,
  nonces: readonly Uint8Array[],
  beaconRandomness: Uint8Array | null,
): Uint8Array {
  const parts = [commitmentHash, ...nonces];
  if (beaconRandomness) parts.push(beaconRandomness);
  return taggedHash(TAGS.seed, ...parts);
}
