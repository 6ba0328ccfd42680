/**
 * Reads a published eligible-set NDJSON file (one `{"stratum": …, "id": …}` per
 * line) straight from its bytes into a packed set (eligible-set.ts), so a
 * verifier — the CLI or a browser — never builds a million objects.
 *
 * The service writes every line as exactly `{"stratum":"S","id":"I"}` with no
 * escapes; such a line is sliced without decoding when S and I are plain
 * printable ASCII already in canonical form (most credit codes). Any other line
 * (other key order, white space, escapes, non-ASCII, lower-case credit codes…)
 * takes the general path: JSON.parse and canonicalisation (spec §3.1), so the
 * result does not depend on which path a line took.
 */
import { utf8 } from "./bytes.js";
import { EligibleSetBuilder, type PackedEligibleSet } from "./eligible-set.js";
import { canonicalEntityId, canonicalLabel } from "./encoding.js";
import type { DrawError } from "./errors.js";

/** A line of an eligible file that cannot be read, with its 1-based line number. */
export class EligibleFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
    /** The draw rule a readable line breaks (e.g. `invalid-id`, draw-spec §12.1); absent when unreadable. */
    readonly code?: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "EligibleFileError";
  }
}

const HEAD = utf8('{"stratum":"');
const MID = utf8('","id":"');
const TAIL = utf8('"}');
const decoder = new TextDecoder("utf-8", { fatal: true });

function startsWithAt(b: Uint8Array, at: number, p: Uint8Array): boolean {
  if (at + p.length > b.length) return false;
  for (let i = 0; i < p.length; i++) if (b[at + i] !== p[i]) return false;
  return true;
}

/** End of a JSON string body starting at `from` with no escape or control byte; -1 if there is one. */
function plainStringEnd(b: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const c = b[i]!;
    if (c === 0x22) return i;
    if (c === 0x5c || c < 0x20) return -1;
  }
  return -1;
}

/**
 * End of a JSON string body starting at `from` whose bytes are an entity id canonical as
 * they are, or -1: printable ASCII without spaces, quotes or backslashes (so NFC, no control
 * character, no edge white space, no escape), and not an 18-character alphanumeric with
 * lower-case letters (which canonicalisation would upper-case). One pass over the bytes.
 */
function canonicalAsciiIdEnd(b: Uint8Array, from: number, end: number): number {
  let lower = false;
  let alnum = true;
  for (let i = from; i < end; i++) {
    const c = b[i]!;
    if (c === 0x22) {
      if (i === from || (lower && alnum && i - from === 18)) return -1;
      return i;
    }
    if (c < 0x21 || c > 0x7e || c === 0x5c) return -1;
    if (c >= 0x61 && c <= 0x7a) lower = true;
    else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a))) alnum = false;
  }
  return -1;
}

/** Parses NDJSON bytes (UTF-8, optional BOM, LF or CRLF, blank lines ignored) into a packed set in file order. */
export function readEligibleNdjson(bytes: Uint8Array): PackedEligibleSet {
  const builder = new EligibleSetBuilder(Math.max(1024, Math.floor(bytes.length / 40)));
  const strata = new Map<string, { bytes: Uint8Array; name: string }>();
  const stratumOf = (raw: string, line: number) => {
    let s = strata.get(raw);
    if (!s) {
      let name: string;
      try {
        name = canonicalLabel(raw, "stratum");
      } catch (e) {
        throw new EligibleFileError(line, (e as Error).message, (e as DrawError).code);
      }
      s = { bytes: utf8(name), name };
      strata.set(raw, s);
    }
    return s;
  };
  // Consecutive lines almost always share a stratum: compare its raw bytes instead of decoding.
  let lastRaw: Uint8Array | null = null;
  let last: { bytes: Uint8Array; name: string } | null = null;
  const sameAsLast = (from: number, to: number): boolean => {
    if (!lastRaw || lastRaw.length !== to - from) return false;
    for (let i = 0; i < lastRaw.length; i++) if (lastRaw[i] !== bytes[from + i]) return false;
    return true;
  };
  // HEAD ‖ the last stratum's raw bytes ‖ MID: a line of the same stratum starts with it.
  let linePrefix: Uint8Array | null = null;
  let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 0;
  const size = bytes.length;
  while (pos < size) {
    line++;
    // Fastest path: the same stratum as the line before (one comparison for everything up
    // to the id); exactly what the path below would conclude for such a line.
    if (linePrefix !== null && last !== null && startsWithAt(bytes, pos, linePrefix)) {
      const iFrom = pos + linePrefix.length;
      const iTo = canonicalAsciiIdEnd(bytes, iFrom, size);
      if (iTo >= 0 && bytes[iTo + 1] === 0x7d) {
        const after = iTo + 2;
        const next =
          after === size
            ? size
            : bytes[after] === 0x0a
              ? after + 1
              : bytes[after] === 0x0d && bytes[after + 1] === 0x0a
                ? after + 2
                : -1;
        if (next >= 0) {
          builder.addSlice(last.bytes, bytes, iFrom, iTo, last.name);
          pos = next;
          continue;
        }
      }
    }
    // Fast path next, without looking for the line end: a line that is exactly
    // {"stratum":"S","id":"I"} followed by LF, CRLF or the end of the file.
    if (startsWithAt(bytes, pos, HEAD)) {
      const sFrom = pos + HEAD.length;
      const sTo = plainStringEnd(bytes, sFrom, size);
      if (sTo >= 0 && startsWithAt(bytes, sTo, MID)) {
        const iFrom = sTo + MID.length;
        const iTo = canonicalAsciiIdEnd(bytes, iFrom, size);
        const after = iTo + TAIL.length;
        const next =
          after === size
            ? size
            : bytes[after] === 0x0a
              ? after + 1
              : bytes[after] === 0x0d && bytes[after + 1] === 0x0a
                ? after + 2
                : -1;
        if (iTo >= 0 && next >= 0 && startsWithAt(bytes, iTo, TAIL)) {
          if (!last || !sameAsLast(sFrom, sTo)) {
            last = stratumOf(decodeOrFail(bytes, sFrom, sTo, line), line);
            lastRaw = bytes.slice(sFrom, sTo);
            linePrefix = new Uint8Array(HEAD.length + lastRaw.length + MID.length);
            linePrefix.set(HEAD, 0);
            linePrefix.set(lastRaw, HEAD.length);
            linePrefix.set(MID, HEAD.length + lastRaw.length);
          }
          builder.addSlice(last.bytes, bytes, iFrom, iTo, last.name);
          pos = next;
          continue;
        }
      }
    }
    let end = bytes.indexOf(0x0a, pos);
    if (end < 0) end = size;
    const next = end + 1;
    if (end > pos && bytes[end - 1] === 0x0d) end--;
    const text = decodeOrFail(bytes, pos, end, line);
    pos = next;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new EligibleFileError(line, `not valid JSON: ${(e as Error).message}`);
    }
    const r = value as Record<string, unknown> | null;
    if (!r || typeof r !== "object" || typeof r.stratum !== "string" || typeof r.id !== "string")
      throw new EligibleFileError(line, 'expected an object with string fields "stratum" and "id"');
    const s = stratumOf(r.stratum, line);
    let id: string;
    try {
      id = canonicalEntityId(r.id);
    } catch (e) {
      throw new EligibleFileError(line, (e as Error).message, (e as DrawError).code);
    }
    builder.addBytes(s.bytes, utf8(id), s.name);
  }
  return builder.finish();
}

function decodeOrFail(b: Uint8Array, from: number, to: number, line: number): string {
  try {
    return decoder.decode(b.subarray(from, to));
  } catch {
    throw new EligibleFileError(line, "not valid UTF-8");
  }
}
