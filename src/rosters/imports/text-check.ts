/**
 * Is an uploaded roster a text file in UTF-8 or GB18030 (a superset of GBK/GB2312), and which?
 * Decided over the whole file, line by line, so that a binary file (an image, an archive, an
 * old .xls) or a file mixing encodings (UTF-8 lines pasted into a GBK file) is refused with
 * a plain reason and a line number instead of importing mojibake or failing deep inside.
 *
 * - Binary: a known signature at the start, or control bytes (not tab, CR, LF) making up
 *   more than 1 % of the first 64 KiB. (A lone NUL in a text file is left to the row check,
 *   which names its line and column.)
 * - A line that is not valid UTF-8 is a GB18030 line; it must be well-formed GB18030.
 * - A line that is valid UTF-8 and holds at least two CJK characters encoded in UTF-8 (3-byte
 *   sequences led by E4–E9) is a UTF-8 line. A GBK line passing as that by accident would need
 *   every byte of it to line up with UTF-8's structure: not seen on real text.
 * - A file with both kinds of line, or a non-UTF-8 line after a UTF-8 byte-order mark, mixes
 *   encodings.
 * Lines are cut at LF (0x0A never occurs inside a UTF-8 or GB18030 multi-byte character), so
 * line numbers count physical lines, as the CSV reader's do.
 *
 * Fast path: blocks of whole lines that are valid UTF-8 are checked natively (isUtf8/isAscii);
 * the byte loop runs only on files that are not UTF-8.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { Invalid } from "../../errors.js";
import type { TextEncodingName } from "./import-source.js";

export const NOT_TEXT = "not a CSV in UTF-8 / GB18030";

/** The file cannot be read as roster text; `line` is 0 when no line applies. */
export class NotText extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`${NOT_TEXT}: ${reason}`);
  }
}

const SIGNATURES: [bytes: number[], what: string][] = [
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
  [[0xff, 0xd8, 0xff], "a JPEG image"],
  [[0x47, 0x49, 0x46, 0x38], "a GIF image"],
  [[0x25, 0x50, 0x44, 0x46], "a PDF document"],
  [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive (an XLSX workbook? upload it as XLSX)"],
  [[0xd0, 0xcf, 0x11, 0xe0], "an old Excel .xls workbook (save it as XLSX or CSV)"],
  [[0x1f, 0x8b], "a gzip archive"],
  [[0x37, 0x7a, 0xbc, 0xaf], "a 7-Zip archive"],
  [[0x52, 0x61, 0x72, 0x21], "a RAR archive"],
];

/** What binary format `head` starts with, or null. */
export function binarySignature(head: Uint8Array): string | null {
  for (const [bytes, what] of SIGNATURES) if (bytes.every((b, i) => head[i] === b)) return what;
  return null;
}

const SNIFF_BYTES = 64 * 1024;
/** A partial line longer than this is checked as it stands (bounded memory on files without LF). */
const MAX_CARRY = 1 << 20;

/** C0 control bytes other than tab, LF and CR (NUL included). */
function isControl(b: number): boolean {
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d;
}

/** Offset of the first byte breaking GB18030's structure in `line`, or -1. */
function gb18030Error(line: Uint8Array): number {
  const n = line.length;
  let i = 0;
  while (i < n) {
    const b = line[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b === 0x80 || b === 0xff || i + 1 >= n) return i;
    const b2 = line[i + 1]!;
    if ((b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0x80 && b2 <= 0xfe)) {
      i += 2;
      continue;
    }
    const four =
      b2 >= 0x30 &&
      b2 <= 0x39 &&
      i + 3 < n &&
      line[i + 2]! >= 0x81 &&
      line[i + 2]! <= 0xfe &&
      line[i + 3]! >= 0x30 &&
      line[i + 3]! <= 0x39;
    if (!four) return i;
    i += 4;
  }
  return -1;
}

/** Whether a valid-UTF-8 line holds at least two CJK characters (leads E4–E9). */
function hasUtf8Cjk(line: Uint8Array): boolean {
  let seen = 0;
  for (let i = 0; i < line.length; i++) {
    const b = line[i]!;
    if (b >= 0xe4 && b <= 0xe9 && ++seen >= 2) return true;
  }
  return false;
}

export class TextEncodingCheck {
  /** Line number of the next line to be checked. */
  private line = 1;
  private carry: Buffer | null = null;
  private head: Buffer[] = [];
  private headLength = 0;
  private sniffed = false;
  private bom = false;
  private utf8Line = 0;
  private gbLine = 0;

  constructor(private readonly forced?: TextEncodingName) {}

  push(chunk: Buffer): void {
    if (!this.sniffed) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength < SNIFF_BYTES) return;
      this.sniff();
      return;
    }
    this.feed(chunk);
  }

  /** End of file: checks the last line and returns the file's encoding. */
  end(): TextEncodingName {
    if (!this.sniffed) this.sniff();
    if (this.carry) this.lines(this.carry);
    this.carry = null;
    return this.forced ?? (this.bom || this.gbLine === 0 ? "utf-8" : "gb18030");
  }

  private sniff(): void {
    this.sniffed = true;
    const sample = Buffer.concat(this.head);
    this.head = [];
    const what = binarySignature(sample);
    if (what) throw new NotText(0, `the file is ${what}`);
    let control = 0;
    const n = Math.min(sample.length, SNIFF_BYTES);
    for (let i = 0; i < n; i++) if (isControl(sample[i]!)) control++;
    if (control >= 8 && control * 100 > n)
      throw new NotText(0, "the file is binary data (control bytes throughout), not text");
    this.bom = sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
    this.feed(sample);
  }

  private feed(chunk: Buffer): void {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = data.lastIndexOf(0x0a);
    if (cut === -1) {
      this.carry = data;
      if (data.length > MAX_CARRY) {
        this.lines(data);
        this.carry = null;
      }
      return;
    }
    this.carry = cut + 1 < data.length ? Buffer.from(data.subarray(cut + 1)) : null;
    this.lines(data.subarray(0, cut + 1));
  }

  /** Checks a block of whole lines (or, at the end, a last partial one). */
  private lines(block: Buffer): void {
    if (this.gbLine === 0 && this.forced !== "gb18030" && isUtf8(block)) {
      // All UTF-8: only the first UTF-8 evidence line matters (for a later mixed-file report).
      if (this.utf8Line === 0 && !isAscii(block)) this.scan(block, true);
      else this.line += count(block);
      return;
    }
    this.scan(block, false);
  }

  /** Line by line; `evidenceOnly`: the block is valid UTF-8, look only for the first CJK line. */
  private scan(block: Buffer, evidenceOnly: boolean): void {
    let start = 0;
    while (start < block.length) {
      const lf = block.indexOf(0x0a, start);
      const end = lf === -1 ? block.length : lf;
      const line = block.subarray(start, end);
      if (!isAscii(line)) {
        if (evidenceOnly || isUtf8(line)) {
          if (this.utf8Line === 0 && hasUtf8Cjk(line)) this.utf8Line = this.line;
        } else {
          if (this.gbLine === 0) this.gbLine = this.line;
          const at = this.forced === "utf-8" || this.bom ? 0 : gb18030Error(line);
          if (at >= 0) throw this.notText(this.line, at);
        }
        if (this.utf8Line > 0 && this.gbLine > 0 && this.forced !== "gb18030") throw this.mixed();
      }
      if (lf === -1) break;
      this.line++;
      start = lf + 1;
    }
  }

  private notText(line: number, at: number): NotText {
    if (this.forced === "utf-8" || this.bom) {
      const why = this.bom ? " though the file starts with a UTF-8 byte-order mark" : "";
      return new NotText(line, `line ${line} is not valid UTF-8${why}`);
    }
    return new NotText(
      line,
      `line ${line} holds bytes that are neither UTF-8 nor GB18030 (byte ${at + 1} of the line)`,
    );
  }

  private mixed(): NotText {
    const later = Math.max(this.utf8Line, this.gbLine);
    return new NotText(
      later,
      `the file mixes encodings: line ${this.utf8Line} is UTF-8 but line ${this.gbLine} is GBK/GB18030; save the whole file in one encoding (UTF-8 preferred)`,
    );
  }
}

/** Number of LF bytes in `b`. */
function count(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * The check an upload passes while it is spooled, so that a file no import could read is
 * refused at once with 400 problem+json (no job is created): CSV must be text in UTF-8 or
 * GB18030 (the encoding found is then given to the job), XLSX must at least be a ZIP file.
 */
export class UploadCheck {
  private readonly text: TextEncodingCheck | null;
  private head: Buffer | null = null;

  constructor(format: "csv" | "xlsx", forced?: TextEncodingName) {
    this.text = format === "csv" ? new TextEncodingCheck(forced) : null;
  }

  push(chunk: Buffer): void {
    if (this.head === null || this.head.length < 8)
      this.head = Buffer.concat([this.head ?? Buffer.alloc(0), chunk.subarray(0, 8)]);
    if (this.text) refuse(() => this.text!.push(chunk));
  }

  /** The CSV's encoding (null for XLSX). */
  end(): TextEncodingName | null {
    if (this.text) return refuse(() => this.text!.end());
    const what = binarySignature(this.head ?? Buffer.alloc(0));
    if (!what?.startsWith("a ZIP archive"))
      throw new Invalid(
        `not an XLSX workbook: ${what ? `the file is ${what}` : "the file is not a ZIP archive"}`,
      );
    return null;
  }
}

function refuse<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (!(err instanceof NotText)) throw err;
    throw new Invalid(err.message, err.line > 0 ? [{ line: err.line, reason: err.message }] : []);
  }
}
