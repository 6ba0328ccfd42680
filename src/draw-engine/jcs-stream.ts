/**
 * RFC 8785 (JCS) text produced piece by piece, and its SHA-256 without ever
 * holding the whole text. Same output as the `canonicalize` package (which
 * `jcs()` uses) for JSON data — null, booleans, finite numbers, strings without
 * lone surrogates, arrays and plain objects — checked by a property test. A
 * 300 000-team proof is ~100 MB of text; hashing it in 64 KiB pieces keeps the
 * signer's and the verifier's memory flat (spec §16.7).
 */
import { fail } from "./errors.js";
import { sha256Stream } from "./hash.js";

const ANY_SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function scalar(v: unknown): string {
  if (typeof v === "string") {
    // The cheap test first: ids, hex and most text have no surrogate at all.
    if (ANY_SURROGATE.test(v) && LONE_SURROGATE.test(v))
      fail("invalid-json", "a string contains a lone surrogate");
    return JSON.stringify(v);
  }
  if (typeof v === "number") {
    if (!Number.isFinite(v)) fail("invalid-json", "value cannot be represented as canonical JSON");
    return JSON.stringify(v);
  }
  if (v === null || typeof v === "boolean") return JSON.stringify(v);
  return fail("invalid-json", `a ${typeof v} cannot be represented as canonical JSON`);
}

const BATCH = 1 << 16;

/** Quoted object keys: a bundle repeats a handful of keys hundreds of thousands of times. */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    q = `${scalar(key)}:`;
    if (quotedKeys.size < 10_000) quotedKeys.set(key, q);
  }
  return q;
}

/** Array members written per native JSON.stringify call, and the most values one call may copy. */
const SLICE = 256;
const NODE_BUDGET = 1 << 15;
const NOT_PLAIN: unique symbol = Symbol("not plain JSON data");

/**
 * `v` itself when JSON.stringify(v) is already its JCS text — plain objects and arrays of
 * strings without surrogates, finite numbers, booleans and null, every object's keys in
 * JCS order (UTF-16 code units, the default sort) — else a copy whose objects have their
 * keys inserted in that order (so JSON.stringify writes them sorted), or NOT_PLAIN when
 * anything else is inside (a surrogate, a non-finite number, undefined, a function, a
 * class instance, a key that is an array index — V8 always lists those first — or more
 * than the budget of values): then the writer takes the general path, which gives the
 * same text or the same error. Undefined members of objects are left out, as there.
 */
function inJcsOrder(v: unknown, budget: { left: number }): unknown {
  if (--budget.left < 0) return NOT_PLAIN;
  if (typeof v === "string") return ANY_SURROGATE.test(v) ? NOT_PLAIN : v;
  if (typeof v === "number") return Number.isFinite(v) ? v : NOT_PLAIN;
  if (v === null || typeof v === "boolean") return v;
  if (typeof v !== "object") return NOT_PLAIN;
  if (Array.isArray(v)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = inJcsOrder(x, budget);
      if (y === NOT_PLAIN) return NOT_PLAIN;
      if (y !== x && !copy) copy = v.slice(0, i);
      if (copy) copy.push(y);
    }
    return copy ?? v;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const c = k.charCodeAt(0);
    if ((c >= 0x30 && c <= 0x39) || ANY_SURROGATE.test(k)) return NOT_PLAIN;
    if (i > 0 && !(keys[i - 1]! < k)) sorted = false;
  }
  if (!sorted) keys.sort();
  // A copy (keys inserted in order, undefined members left out) unless v is already in order;
  // without a prototype, so a member named __proto__ is a member there too.
  let copy: Record<string, unknown> | null = sorted ? null : Object.create(null);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = obj[k];
    const y = x === undefined ? x : inJcsOrder(x, budget);
    if (y === NOT_PLAIN) return NOT_PLAIN;
    if (y !== x || x === undefined) {
      if (!copy) {
        // Every member before this one was kept as it is.
        const c: Record<string, unknown> = Object.create(null);
        for (let j = 0; j < i; j++) c[keys[j]!] = obj[keys[j]!];
        copy = c;
      }
    }
    if (copy && y !== undefined) copy[k] = y;
  }
  return copy ?? v;
}

/** Accumulates text and hands it on in pieces of about 64 KiB (plain recursion, no generators). */
class JcsWriter {
  pending = "";
  constructor(private readonly flushTo: (text: string) => void) {}

  value(v: unknown): void {
    if (v === null || typeof v !== "object") {
      this.pending += scalar(v);
    } else if (Array.isArray(v)) {
      this.pending += "[";
      for (let from = 0; from < v.length; from += SLICE) {
        const to = Math.min(v.length, from + SLICE);
        // Fast path: a slice of plain JSON data written by the native JSON.stringify.
        const part = v.length <= SLICE ? v : v.slice(from, to);
        const plain = inJcsOrder(part, { left: NODE_BUDGET });
        if (plain !== NOT_PLAIN && part.length > 0) {
          const text = JSON.stringify(plain);
          this.pending += from > 0 ? `,${text.slice(1, -1)}` : text.slice(1, -1);
        } else {
          for (let i = from; i < to; i++) {
            if (i > 0) this.pending += ",";
            const x = v[i];
            this.value(x === undefined || typeof x === "symbol" ? null : x);
            if (this.pending.length >= BATCH) this.flush();
          }
        }
        if (this.pending.length >= BATCH) this.flush();
      }
      this.pending += "]";
    } else {
      const obj = v as Record<string, unknown>;
      this.pending += "{";
      let first = true;
      const keys = Object.keys(obj);
      if (keys.length > 1) keys.sort();
      for (const key of keys) {
        const x = obj[key];
        if (x === undefined || typeof x === "symbol") continue;
        this.pending += first ? quotedKey(key) : `,${quotedKey(key)}`;
        first = false;
        this.value(x);
      }
      this.pending += "}";
    }
  }

  flush(): void {
    if (this.pending.length > 0) this.flushTo(this.pending);
    this.pending = "";
  }

  /** The text written so far, handed over (for the piecewise generator). */
  take(): string {
    const t = this.pending;
    this.pending = "";
    return t;
  }
}

const BIG = 256;

/** More than 256 members (counted without allocating a key list). */
function isBig(v: object): boolean {
  if (Array.isArray(v)) return v.length > BIG;
  let n = 0;
  for (const _ in v) if (++n > BIG) return true;
  return false;
}

/** True when v, or a container inside it, is big enough to be walked member by member. */
function hasBigMember(v: object): boolean {
  if (isBig(v)) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (typeof x === "object" && x !== null && hasBigMember(x)) return true;
    return false;
  }
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === "object" && x !== null && hasBigMember(x)) return true;
  }
  return false;
}

/**
 * Yields jcs(value) in pieces of at least `size` characters (the last may be shorter), for
 * consumers that write asynchronously (a database, a socket). Only containers that hold a
 * big container (more than 256 members) are walked by the generator; every other member is
 * written by the plain writer, so a 300 000-team bundle costs no object per team.
 *
 * The plain writer flushes every ~64 KiB inside the arrays it writes (a member of at most
 * 256 entries can still be megabytes of text); what it flushes is kept in `spilled` and
 * handed out with the next piece, in order, so the pieces always concatenate to jcs(value).
 */
export function* jcsTextChunks(value: unknown, size = 1 << 20): Generator<string> {
  const spilled: string[] = [];
  let spilledChars = 0;
  const w = new JcsWriter((text) => {
    spilled.push(text);
    spilledChars += text.length;
  });
  const ready = () => spilledChars + w.pending.length >= size;
  const take = (): string => {
    if (spilled.length === 0) return w.take();
    spilled.push(w.take());
    const text = spilled.join("");
    spilled.length = 0;
    spilledChars = 0;
    return text;
  };
  // No generator per member: only members that hold a big container are walked.
  const big = (x: unknown): x is object => typeof x === "object" && x !== null && hasBigMember(x);
  function* walk(v: object): Generator<string> {
    if (Array.isArray(v)) {
      w.pending += "[";
      for (let i = 0; i < v.length; i++) {
        if (i > 0) w.pending += ",";
        const x = v[i] === undefined || typeof v[i] === "symbol" ? null : v[i];
        if (big(x)) yield* walk(x);
        else w.value(x);
        if (ready()) yield take();
      }
      w.pending += "]";
      return;
    }
    const obj = v as Record<string, unknown>;
    w.pending += "{";
    let first = true;
    for (const key of Object.keys(obj).sort()) {
      const x = obj[key];
      if (x === undefined || typeof x === "symbol") continue;
      w.pending += first ? quotedKey(key) : `,${quotedKey(key)}`;
      first = false;
      if (big(x)) yield* walk(x);
      else w.value(x);
      if (ready()) yield take();
    }
    w.pending += "}";
  }
  if (big(value)) yield* walk(value);
  else w.value(value);
  const last = take();
  if (last.length > 0) yield last;
}

/** Calls `sink` with consecutive pieces of jcs(value) (their concatenation equals it). */
export function writeJcsText(value: unknown, sink: (text: string) => void): void {
  const w = new JcsWriter(sink);
  w.value(value);
  w.flush();
}

const encoder = new TextEncoder();

/** Calls `sink` with the UTF-8 bytes of jcs(value), in pieces of about 64 KiB. */
export function writeJcs(value: unknown, sink: (bytes: Uint8Array) => void): void {
  writeJcsText(value, (text) => sink(encoder.encode(text)));
}

/** SHA-256 of the UTF-8 JCS text of `value`, streamed. */
export function jcsSha256(value: unknown): Uint8Array {
  const h = sha256Stream();
  if (h.updateText) writeJcsText(value, (t) => h.updateText!(t));
  else writeJcs(value, (b) => h.update(b));
  return h.digest();
}
