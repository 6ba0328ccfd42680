/**
 * Canonical encodings (docs/draw-spec.md §2–3): length-prefixed parts, tagged
 * hashes, identifier canonicalisation and RFC 8785 JSON.
 */
import canonicalize from "canonicalize";
import { utf8, writeU32be } from "./bytes.js";
import { fail } from "./errors.js";
import { sha256 } from "./hash.js";

/** lp(x) = u32be(byte length of x) ‖ x. */
export function lp(part: Uint8Array | string): Uint8Array {
  const bytes = typeof part === "string" ? utf8(part) : part;
  const out = new Uint8Array(4 + bytes.length);
  writeLp(out, 0, bytes);
  return out;
}

/** Writes lp(x) into b at o; returns the offset after it. */
export function writeLp(b: Uint8Array, o: number, x: Uint8Array): number {
  writeU32be(b, o, x.length);
  b.set(x, o + 4);
  return o + 4 + x.length;
}

/** H(tag, p1..pn) = SHA-256(lp(tag) ‖ lp(p1) ‖ … ‖ lp(pn)). */
export function taggedHash(tag: string, ...parts: (Uint8Array | string)[]): Uint8Array {
  // Written into one buffer: no lp() array per part and no concatenation copy.
  const bytes = [utf8(tag), ...parts.map((p) => (typeof p === "string" ? utf8(p) : p))];
  let n = 0;
  for (const b of bytes) n += 4 + b.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const b of bytes) o = writeLp(out, o, b);
  return sha256(out);
}

// Unicode White_Space as matched by ECMAScript \s (listed in the spec, §3.1).
const EDGE_SPACE =
  /^[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]|[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]$/;
// C0, DEL and C1 control characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// GB 32100-2015 alphabet (no I, O, S, V, Z).
const CREDIT_CODE = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;
const ASCII_ALNUM_18 = /^[0-9A-Za-z]{18}$/;

function printableAscii(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/**
 * Canonical text label (stratum names, inspector ids, department codes…):
 * a non-empty string, NFC-normalised, with no control character, no lone
 * surrogate and no white space at either end. Never trimmed silently.
 */
export function canonicalLabel(value: unknown, what = "label"): string {
  if (typeof value !== "string") fail("invalid-id", `${what} must be a string, got ${typeof value}`);
  // Fast path, same answer: printable ASCII without spaces is already NFC and
  // has no control character, surrogate or edge white space (most ids are this).
  if (printableAscii(value)) return value;
  if (LONE_SURROGATE.test(value))
    fail("invalid-id", `${what} ${JSON.stringify(value)} contains a lone surrogate`);
  const s = value.normalize("NFC");
  if (s.length === 0) fail("invalid-id", `${what} is empty`);
  if (CONTROL.test(s)) fail("invalid-id", `${what} ${JSON.stringify(s)} contains a control character`);
  if (EDGE_SPACE.test(s))
    fail("invalid-id", `${what} ${JSON.stringify(s)} has white space at its start or end`);
  return s;
}

/**
 * Canonical entity id. Like `canonicalLabel`, plus: an id of exactly 18 ASCII
 * letters/digits whose upper-case form uses only the unified-social-credit-code
 * alphabet is upper-cased (credit codes are case-insensitive). The checksum is
 * NOT required (early pilot codes fail it and must still be drawable).
 * Numeric-looking ids stay strings: "007" and "7" are different entities.
 */
export function canonicalEntityId(value: unknown): string {
  const s = canonicalLabel(value, "entity id");
  if (ASCII_ALNUM_18.test(s)) {
    const upper = s.toUpperCase();
    if (CREDIT_CODE.test(upper)) return upper;
  }
  return s;
}

/** RFC 8785 (JCS) canonical JSON text. Rejects non-finite numbers and lone surrogates. */
export function jcs(value: unknown): string {
  const out = canonicalize(value);
  if (out === undefined) fail("invalid-json", "value cannot be represented as canonical JSON");
  return out;
}

/** UTF-8 bytes of the JCS form. */
export function jcsBytes(value: unknown): Uint8Array {
  return utf8(jcs(value));
}
