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

/** Accumulates text and hands it on in pieces of about 64 KiB (plain recursion, no generators). */
class JcsWriter {
  pending = "";
  constructor(private readonly flushTo: (text: string) => void) {}

  value(v: unknown): void {
    if (v === null || typeof v !== "object") {
      this.pending += scalar(v);
    } else if (Array.isArray(v)) {
      this.pending += "[";
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.pending += ",";
        const x = v[i];
        this.value(x === undefined || typeof x === "symbol" ? null : x);
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
