/**
 * Tickets (docs/draw-spec.md §6–7). A ticket is a SHA-256 digest read as a
 * 256-bit unsigned big-endian integer, so "smaller ticket" is plain byte order.
 *
 *   entity ticket    = SHA-256(lp(T_entity) ‖ lp(seed) ‖ lp(stratum) ‖ lp(entity id))
 *   inspector ticket = SHA-256(lp(T_inspector) ‖ lp(seed) ‖ lp(entity id) ‖ lp(inspector id))
 *
 * Kept this simple on purpose: PostgreSQL can compute the same bytes with
 * sha256(), int4send(), octet_length() and convert_to() (spec §6.2).
 */
import { concatBytes, utf8 } from "./bytes.js";
import { lp, taggedHash } from "./encoding.js";
import { fail } from "./errors.js";
import { sha256WithPrefix } from "./sha256-prefix.js";
import { TAGS } from "./tags.js";

function checkSeed(seed: Uint8Array): void {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) fail("bad-seed", "seed must be 32 bytes");
}

export function entityTicket(seed: Uint8Array, stratum: string, id: string): Uint8Array {
  checkSeed(seed);
  return taggedHash(TAGS.entityTicket, seed, stratum, id);
}

/**
 * Fast path for many ids of one stratum: the constant prefix
 * lp(tag) ‖ lp(seed) ‖ lp(stratum) is absorbed once (SHA-256 midstate, pure JS,
 * independent of the pluggable backend — it is the same SHA-256 and tests
 * compare it with node:crypto). Accepts the id as a string or as its UTF-8
 * bytes; writes into `out` when given (hot loops reuse one buffer). Output is
 * identical to `entityTicket`.
 */
export function entityTicketHasher(
  seed: Uint8Array,
  stratum: string,
): (id: string | Uint8Array, out?: Uint8Array) => Uint8Array {
  checkSeed(seed);
  const hashSuffix = sha256WithPrefix(concatBytes(lp(TAGS.entityTicket), lp(seed), lp(stratum)));
  const buf = new Uint8Array(4 + 256);
  // One view per id length, reused: no allocation per ticket besides the digest.
  const views: Uint8Array[] = [];
  return (id, out) => {
    const idBytes = typeof id === "string" ? utf8(id) : id;
    const n = idBytes.length;
    if (n > 256) return hashSuffix(lp(idBytes), out);
    buf[2] = n >>> 8;
    buf[3] = n & 255;
    buf.set(idBytes, 4);
    let view = views[n];
    if (!view) {
      view = buf.subarray(0, 4 + n);
      views[n] = view;
    }
    return hashSuffix(view, out);
  };
}

export function inspectorTicket(seed: Uint8Array, entityId: string, inspectorId: string): Uint8Array {
  checkSeed(seed);
  return taggedHash(TAGS.inspectorTicket, seed, entityId, inspectorId);
}

/**
 * Fast path for the many inspector tickets of a draw: lp(tag) ‖ lp(seed) is
 * absorbed once (SHA-256 midstate). The returned function hashes
 * suffix[0..length), which the caller fills with lp(entity id) ‖ lp(inspector id),
 * into `out`. Output is identical to `inspectorTicket`.
 */
export function inspectorTicketHasher(
  seed: Uint8Array,
): (suffix: Uint8Array, out: Uint8Array, length: number) => Uint8Array {
  checkSeed(seed);
  const hash = sha256WithPrefix(concatBytes(lp(TAGS.inspectorTicket), lp(seed)));
  return (suffix, out, length) => hash(suffix, out, length);
}
