/**
 * Checkpoint note text, c2sp.org/tlog-checkpoint:
 *
 *   <origin>\n
 *   <tree size, decimal, no leading zeros>\n
 *   <base64 RFC 6962 root hash>\n
 *   [<extension line>\n]…
 *
 * Parsing is strict (one spelling per checkpoint): a witness compares what it cosigned, and a
 * client compares what it was shown, byte for byte.
 */
import { toBase64, tryFromBase64 } from "./base64.js";
import { hasForbiddenControl, NoteError, preview } from "./primitives.js";

export interface Checkpoint {
  origin: string;
  size: number;
  /** 32-byte RFC 6962 root. */
  rootHash: Uint8Array;
  /** Opaque extension lines (not recommended; none in Sortes). */
  extensions: string[];
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

function bad(message: string): never {
  throw new NoteError("malformed-checkpoint", message);
}

function checkLine(line: string, what: string): void {
  if (line.length === 0) bad(`${what} must not be empty`);
  if (line.includes("\n") || hasForbiddenControl(line))
    bad(`${what} must be one line of UTF-8 text without control characters`);
}

/** Formats the note text of a checkpoint (sign it with signNote / signCheckpoint). */
export function formatCheckpoint(c: {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions?: readonly string[];
}): string {
  checkLine(c.origin, "checkpoint origin");
  if (!Number.isSafeInteger(c.size) || c.size < 0) bad(`checkpoint size ${c.size} is not a whole number ≥ 0`);
  if (!(c.rootHash instanceof Uint8Array) || c.rootHash.length !== 32)
    bad("checkpoint root hash must be 32 bytes");
  const ext = c.extensions ?? [];
  for (const e of ext) checkLine(e, "checkpoint extension line");
  return `${c.origin}\n${c.size}\n${toBase64(c.rootHash)}\n${ext.map((e) => `${e}\n`).join("")}`;
}

/** Parses checkpoint note text (not the signed note: use openCheckpoint for that). */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== "string" || !text.endsWith("\n")) bad("checkpoint text must end with a newline");
  if (hasForbiddenControl(text))
    bad("checkpoint text must be UTF-8 without control characters other than newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3)
    bad(`checkpoint has ${lines.length} line(s); origin, size and root hash are required`);
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) bad("checkpoint origin (line 1) is empty");
  if (!DECIMAL.test(sizeText)) {
    bad(`checkpoint size (line 2) ${preview(sizeText)} is not a decimal number without leading zeros`);
  }
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) bad(`checkpoint size ${sizeText} is too large`);
  const rootHash = tryFromBase64(rootText);
  if (rootHash?.length !== 32) {
    bad(`checkpoint root hash (line 3) ${preview(rootText)} is not standard base64 of 32 bytes`);
  }
  extensions.forEach((e, i) => {
    // An empty line here means a signed note was passed where its text was expected.
    if (e.length === 0) bad(`checkpoint line ${i + 4} is empty (pass the note text, not the signed note)`);
  });
  return { origin, size, rootHash, extensions };
}
