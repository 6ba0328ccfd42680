/**
 * Turns an uploaded roster file (CSV or XLSX) into a stream of records with their file line
 * numbers. Everything streams: memory stays flat whatever the file size (XLSX keeps its shared
 * string table, which the format requires).
 *
 * CSV encoding: a UTF-8 BOM means UTF-8; otherwise the first 64 KiB decide — valid UTF-8 stays
 * UTF-8, anything else is read as GB18030 (a superset of GBK and GB2312, what Excel on a
 * Chinese Windows writes). The caller can force either.
 */
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { Invalid } from "../../errors.js";
import { columnLetters, type RowError, xlsxCellProblem, xlsxCellText } from "../columns.js";
import { CsvSplitter, CsvSyntaxError } from "./csv-splitter.js";
import { NOT_TEXT, NotText, TextEncodingCheck } from "./text-check.js";

export type ImportFormat = "csv" | "xlsx";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSV_TYPES = ["text/csv", "application/csv", "text/plain"];

/** CSV or XLSX from an upload's content type, or from ?format= for application/octet-stream. */
export function uploadFormat(contentType: string | undefined, given: ImportFormat | undefined): ImportFormat {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === XLSX_TYPE) return "xlsx";
  if (CSV_TYPES.includes(type)) return "csv";
  if (given) return given;
  throw new Invalid(`unsupported upload type '${type}'`, [
    {
      field: "content-type",
      reason: `send text/csv or ${XLSX_TYPE} (or application/octet-stream with ?format=)`,
    },
  ]);
}
export type TextEncodingName = "utf-8" | "gb18030";

/** The 400 an import upload answers when no import could read it (OpenAPI description). */
export const UPLOAD_REFUSED =
  "The upload cannot be a roster: 'not a CSV in UTF-8 / GB18030' (binary data, an image or archive, " +
  "lines in two encodings; errors name the line) or 'not an XLSX workbook'; an empty upload or an " +
  "unsupported content type. Checked over the whole file before any job is queued.";

export interface SourceRecord {
  cells: string[];
  /** File line where the record starts (header = 1 for CSV; spreadsheet row number for XLSX). */
  line: number;
  /** Cells that could not be read (e.g. an XLSX formula without a cached value). */
  problems?: RowError[];
}

/** Live counters the caller can read while the records stream. */
export interface SourceStats {
  bytes: number;
  encoding: TextEncodingName | null;
  /** Set once the text may hold U+0000: from then on, records are checked for it. */
  maybeNul: boolean;
}

/** A problem that stops reading the file (broken quoting, undecodable bytes). */
export class SourceError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

const SNIFF_BYTES = 64 * 1024;

function startsWithUtf8Bom(b: Buffer): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

function looksUtf8(head: Buffer): boolean {
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function makeDecoder(encoding: TextEncodingName): { write(b: Buffer): string; end(): string } {
  if (encoding === "gb18030") {
    const d = iconv.getDecoder("gb18030");
    return { write: (b) => d.write(b), end: () => d.end() ?? "" };
  }
  const d = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  const wrap = (f: () => string) => {
    try {
      return f();
    } catch {
      throw new SourceError(
        0,
        `${NOT_TEXT}: the file is not valid UTF-8 after byte ${offset} though its start was; save it as UTF-8 or pass encoding=gb18030`,
      );
    }
  };
  return {
    write: (b) => {
      const s = wrap(() => d.decode(b, { stream: true }));
      offset += b.length;
      return s;
    },
    end: () => wrap(() => d.decode()),
  };
}

/** Bytes → text, with encoding detection on the first chunk(s). Strips a leading BOM. */
async function* decodeText(
  input: AsyncIterable<Buffer>,
  stats: SourceStats,
  forced: TextEncodingName | undefined,
  checked: boolean,
): AsyncGenerator<string> {
  let decoder: ReturnType<typeof makeDecoder> | null = null;
  let head: Buffer[] = [];
  let headLength = 0;
  let first = true;
  const emit = (s: string) => {
    if (first && s.length > 0) {
      first = false;
      if (s.charCodeAt(0) === 0xfeff) return s.slice(1);
    }
    return s;
  };
  // The whole-file check (binary, mixed or malformed encodings) runs beside the decoder and
  // names the line; the decoder's own sniff only picks how to decode.
  const check = checked ? null : new TextEncodingCheck(forced);
  const choose = (sample: Buffer) => {
    const enc = forced ?? (startsWithUtf8Bom(sample) || looksUtf8(sample) ? "utf-8" : "gb18030");
    stats.encoding = enc;
    return makeDecoder(enc);
  };
  for await (const chunk of input) {
    stats.bytes += chunk.length;
    if (check) refuseAsSource(() => check.push(chunk));
    if (decoder) {
      yield emit(decoder.write(chunk));
      continue;
    }
    head.push(chunk);
    headLength += chunk.length;
    if (headLength < SNIFF_BYTES) continue;
    const sample = Buffer.concat(head);
    head = [];
    decoder = choose(sample);
    yield emit(decoder.write(sample));
  }
  if (check) refuseAsSource(() => check.end());
  if (!decoder) {
    const sample = Buffer.concat(head);
    decoder = choose(sample);
    yield emit(decoder.write(sample));
  }
  yield emit(decoder.end());
}

/** Runs a text check, turning its refusal into a SourceError with the line. */
function refuseAsSource(f: () => unknown): void {
  try {
    f();
  } catch (err) {
    if (err instanceof NotText) throw new SourceError(err.line, err.message);
    throw err;
  }
}

/**
 * CSV records, in batches (one batch per decoded chunk: an async step per record would cost
 * more than splitting it). The splitter handles quoting, quoted newlines, CRLF and line numbers;
 * empty lines are skipped but counted.
 */
async function* csvRecords(
  input: AsyncIterable<Buffer>,
  stats: SourceStats,
  forced: TextEncodingName | undefined,
  checked: boolean,
): AsyncGenerator<SourceRecord[]> {
  let batch: SourceRecord[] = [];
  const splitter = new CsvSplitter((cells, line) => {
    if (cells.length === 1 && cells[0] === "") return;
    batch.push({ cells, line });
  });
  try {
    for await (const text of decodeText(input, stats, forced, checked)) {
      if (!stats.maybeNul && text.includes("\u0000")) stats.maybeNul = true;
      splitter.push(text);
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        yield out;
      }
    }
    splitter.end();
    if (batch.length > 0) yield batch;
  } catch (err) {
    // Records completed before the problem are still validated (their errors get listed too).
    if (batch.length > 0 && (err instanceof CsvSyntaxError || err instanceof SourceError)) yield batch;
    if (err instanceof CsvSyntaxError) throw new SourceError(err.line, err.message);
    if (err instanceof SourceError) throw new SourceError(err.line || splitter.currentLine, err.message);
    throw err;
  }
}

/** Rows of the first worksheet, through exceljs's streaming reader. */
async function* xlsxRecords(
  input: AsyncIterable<Buffer>,
  stats: SourceStats,
): AsyncGenerator<SourceRecord[]> {
  const counted = Readable.from(
    (async function* () {
      for await (const chunk of input) {
        stats.bytes += chunk.length;
        yield chunk;
      }
    })(),
  );
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(counted, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "cache", // needed to tell date cells from numbers
    worksheets: "emit",
    entries: "emit",
  });
  // Records may hold anything the XML can: check them all for NUL (rare and slow anyway).
  stats.maybeNul = true;
  let headers: string[] | null = null;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: string[] = [];
        let problems: RowError[] | undefined;
        for (let i = 1; i < values.length; i++) {
          const problem = xlsxCellProblem(values[i]);
          if (problem === null) {
            cells.push(xlsxCellText(values[i]));
            continue;
          }
          // The row is refused with the cell's reference (e.g. "B7: formula without a cached value").
          cells.push("");
          problems ??= [];
          const column = headers?.[i - 1]?.trim() || columnLetters(i);
          problems.push({ line: row.number, column, reason: `${columnLetters(i)}${row.number}: ${problem}` });
        }
        if (!problems && cells.every((c) => c.trim() === "")) continue;
        headers ??= cells;
        yield [problems ? { cells, line: row.number, problems } : { cells, line: row.number }];
      }
      break; // only the first worksheet is the roster
    }
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw new SourceError(0, `unreadable XLSX file: ${(err as Error).message}`);
  }
}

/** The file's records in file order, in batches. */
export function readRecords(
  input: AsyncIterable<Buffer>,
  format: ImportFormat,
  stats: SourceStats,
  encoding?: TextEncodingName,
  /** The bytes already passed the whole-file text check (an upload spooled by an import job). */
  textChecked = false,
): AsyncGenerator<SourceRecord[]> {
  return format === "xlsx" ? xlsxRecords(input, stats) : csvRecords(input, stats, encoding, textChecked);
}
