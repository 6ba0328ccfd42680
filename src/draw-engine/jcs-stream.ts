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
      for (const key of Object.keys(obj).sort()) {
        const x = obj[key];
        if (x === undefined || typeof x === "symbol") continue;
        this.pending += first ? `${scalar(key)}:` : `,${scalar(key)}:`;
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
}

const BIG = 256;
const isBig = (v: unknown): boolean =>
  typeof v === "object" && v !== null && (Array.isArray(v) ? v.length > BIG : Object.keys(v).length > BIG);

/**
 * Yields jcs(value) in pieces of at least `size` characters (the last may be shorter), for
 * consumers that write asynchronously (a database, a socket). Containers with more than 256
 * members are walked member by member; everything smaller is written in one go.
 */
export function* jcsTextChunks(value: unknown, size = 1 << 20): Generator<string> {
  const w = new JcsWriter(() => {});
  function* walk(v: unknown): Generator<string> {
    if (v === null || typeof v !== "object" || !hasBigMember(v)) {
      w.value(v);
      return;
    }
    const children: [string | null, unknown][] = Array.isArray(v)
      ? v.map((x) => [null, x === undefined || typeof x === "symbol" ? null : x])
      : Object.keys(v)
          .sort()
          .filter((k) => {
            const x = (v as Record<string, unknown>)[k];
            return x !== undefined && typeof x !== "symbol";
          })
          .map((k) => [k, (v as Record<string, unknown>)[k]]);
    w.pending += Array.isArray(v) ? "[" : "{";
    for (const [i, [key, x]] of children.entries()) {
      if (i > 0) w.pending += ",";
      if (key !== null) w.pending += `${scalar(key)}:`;
      yield* walk(x);
      if (w.pending.length >= size) {
        yield w.pending;
        w.pending = "";
      }
    }
    w.pending += Array.isArray(v) ? "]" : "}";
  }
  yield* walk(value);
  if (w.pending.length > 0) yield w.pending;
}

/** True when v or a descendant reached through containers is big enough to walk piecewise. */
function hasBigMember(v: object): boolean {
  if (isBig(v)) return true;
  const members = Array.isArray(v) ? v : Object.values(v);
  return members.some((x) => typeof x === "object" && x !== null && hasBigMember(x));
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
  writeJcs(value, (b) => h.update(b));
  return h.digest();
}
