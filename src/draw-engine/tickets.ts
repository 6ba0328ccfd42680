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
import { sha256 } from "./hash.js";
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
 * lp(tag) ‖ lp(seed) ‖ lp(stratum) is encoded once. Accepts the id as a string
 * or as its UTF-8 bytes. Output is identical to `entityTicket`.
 */
export function entityTicketHasher(
  seed: Uint8Array,
  stratum: string,
): (id: string | Uint8Array) => Uint8Array {
  checkSeed(seed);
  const prefix = concatBytes(lp(TAGS.entityTicket), lp(seed), lp(stratum));
  const buf = new Uint8Array(prefix.length + 4 + 256);
  buf.set(prefix);
  return (id) => {
    const idBytes = typeof id === "string" ? utf8(id) : id;
    if (prefix.length + 4 + idBytes.length > buf.length) return sha256(concatBytes(prefix, lp(idBytes)));
    const o = prefix.length;
    const n = idBytes.length;
    buf[o] = n >>> 24;
    buf[o + 1] = (n >>> 16) & 255;
    buf[o + 2] = (n >>> 8) & 255;
    buf[o + 3] = n & 255;
    buf.set(idBytes, o + 4);
    return sha256(buf.subarray(0, prefix.length + 4 + idBytes.length));
  };
}

export function inspectorTicket(seed: Uint8Array, entityId: string, inspectorId: string): Uint8Array {
  checkSeed(seed);
  return taggedHash(TAGS.inspectorTicket, seed, entityId, inspectorId);
}
