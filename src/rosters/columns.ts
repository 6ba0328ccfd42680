/**
 * Header mapping and cell helpers shared by the entity and inspector roster
 * imports (CSV and XLSX). Headers may be Chinese or English; each column has a
 * canonical key and a list of accepted spellings.
 *
 * Pure and allocation-light: header resolution runs once per file; the cell
 * helpers run once per cell on million-row imports.
 */

/** One problem in an import file. `column` is the header text as written in the file. */
export interface RowError {
  line: number;
  column: string;
  reason: string;
}

export interface ColumnDef<K extends string> {
  readonly key: K;
  /** A file without this column is rejected. */
  readonly required: boolean;
  /** Accepted header spellings (canonical Chinese and English names first). */
  readonly aliases: readonly string[];
}

/** Where each known column sits in a file. Absent optional columns have index −1. */
export interface ColumnMap<K extends string> {
  readonly index: Readonly<Record<K, number>>;
  /** Header text exactly as in the file (for error messages); canonical name if absent. */
  readonly header: Readonly<Record<K, string>>;
  /** Number of header cells; data rows must have this many fields. */
  readonly width: number;
}

export type ColumnResolution<K extends string> =
  | { ok: true; map: ColumnMap<K> }
  | { ok: false; errors: RowError[] };

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space → half-width. */
export function toHalfWidth(s: string): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 || c === 0x3000) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += " ";
    else out += s.charAt(i);
  }
  return out;
}

/**
 * Comparison form of a header: BOM and required-markers (`*`) removed,
 * half-width, lower-case, and spaces/underscores/hyphens dropped, so that
 * "Credit Code", "credit_code", "*统一社会信用代码" and "统一社会信用代码 " all match.
 */
export function normaliseHeader(h: string): string {
  return toHalfWidth(h.replace(/^\uFEFF/, ""))
    .toLowerCase()
    .replace(/[\s_\-*]+/g, "");
}

/**
 * Map the header row of a file onto column definitions.
 * Errors (reported on `line`, the header's line number): unknown column,
 * the same column given twice (also via two synonyms), missing required
 * column, and blank header cells.
 */
export function resolveColumns<K extends string>(
  defs: readonly ColumnDef<K>[],
  headers: readonly string[],
  line = 1,
): ColumnResolution<K> {
  const byAlias = new Map<string, ColumnDef<K>>();
  for (const def of defs) for (const a of def.aliases) byAlias.set(normaliseHeader(a), def);

  const index = {} as Record<K, number>;
  const header = {} as Record<K, string>;
  for (const def of defs) {
    index[def.key] = -1;
    header[def.key] = def.aliases[0] ?? def.key;
  }
  const errors: RowError[] = [];
  // Trailing blank header cells are common in spreadsheets; ignore them.
  let width = headers.length;
  while (width > 0 && (headers[width - 1] ?? "").trim() === "") width--;

  for (let i = 0; i < width; i++) {
    const text = headers[i] ?? "";
    const norm = normaliseHeader(text);
    if (norm === "") {
      errors.push({ line, column: `#${i + 1}`, reason: `column ${i + 1} has an empty header` });
      continue;
    }
    const def = byAlias.get(norm);
    if (!def) {
      errors.push({ line, column: text, reason: `unknown column '${text.trim()}'` });
      continue;
    }
    const seen = index[def.key];
    if (seen >= 0) {
      errors.push({
        line,
        column: text,
        reason: `duplicate column: '${text.trim()}' and '${header[def.key].trim()}' (column ${seen + 1}) both mean ${def.key}`,
      });
      continue;
    }
    index[def.key] = i;
    header[def.key] = text;
  }
  for (const def of defs) {
    if (def.required && index[def.key] < 0) {
      errors.push({
        line,
        column: def.aliases[0] ?? def.key,
        reason: `missing required column ${def.aliases.slice(0, 2).join(" / ")}`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, map: { index, header, width } };
}

/** Trimmed cell text at `i`, or "" when the column is absent. */
export function cellAt(cells: readonly string[], i: number): string {
  if (i < 0) return "";
  const v = cells[i];
  return v === undefined ? "" : v.trim();
}

/**
 * A row with more non-blank fields than the header usually means broken
 * quoting; report it. Shorter rows are fine (absent cells read as empty, so
 * required columns still get their own errors), as XLSX rows often are.
 */
export function checkWidth(cells: readonly string[], width: number, line: number): RowError | null {
  for (let i = width; i < cells.length; i++) {
    // Extra cells that are all blank (trailing commas / spreadsheet padding) are harmless.
    if ((cells[i] ?? "").trim() !== "") {
      return { line, column: "", reason: `row has ${cells.length} fields but the header has ${width}` };
    }
  }
  return null;
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; errors: RowError[] };

/**
 * Collects the errors of the row being validated. One instance per validator
 * module, reused for every row, so valid rows (nearly all of them) allocate
 * nothing but their result. Safe because validation is synchronous.
 */
export class RowErrorSink<K extends string> {
  private readonly errors: RowError[] = [];
  private line = 0;
  private headers: Readonly<Record<K, string>> | undefined;

  begin(line: number, headers: Readonly<Record<K, string>>): void {
    this.line = line;
    this.headers = headers;
    this.errors.length = 0;
  }

  fail(col: K, reason: string): void {
    this.errors.push({ line: this.line, column: this.headers?.[col] ?? col, reason });
  }

  get empty(): boolean {
    return this.errors.length === 0;
  }

  /** The collected errors (a fresh array); the sink is emptied. */
  take(): RowError[] {
    const out = this.errors.slice();
    this.errors.length = 0;
    return out;
  }
}

const DAYS_IN_MONTH = Uint8Array.of(0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31);

/**
 * Parse a calendar date written YYYY-MM-DD (also YYYY/M/D and YYYY.M.D, as
 * spreadsheets export them). Returns the canonical YYYY-MM-DD or null. No Date
 * objects: no time zones, no allocation beyond the result.
 */
export function parseIsoDate(s: string): string | null {
  const len = s.length;
  if (len < 8 || len > 10) return null;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    y = y * 10 + d;
  }
  const sep = s.charCodeAt(4);
  if (sep !== 45 && sep !== 47 && sep !== 46) return null;
  let i = 5;
  let m = 0;
  let n = 0;
  for (; i < len && n < 2; i++, n++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
  }
  if (n === 0 || s.charCodeAt(i) !== sep) return null;
  i++;
  let day = 0;
  n = 0;
  for (; i < len && n < 2; i++, n++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    day = day * 10 + d;
  }
  if (n === 0 || i !== len || y < 1900 || m < 1 || m > 12 || day < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (day > DAYS_IN_MONTH[m]! || (m === 2 && day === 29 && !leap)) return null;
  if (sep === 45 && len === 10) return s;
  return `${y}-${m < 10 ? "0" : ""}${m}-${day < 10 ? "0" : ""}${day}`;
}

/** Spreadsheet column letters of a 1-based column number: 1 → A, 27 → AA. */
export function columnLetters(n: number): string {
  let out = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

/**
 * Why an XLSX cell value cannot be read as text, or null when it can. A formula cell carries
 * the value the spreadsheet last computed (its cached result); files written by scripts often
 * have none, and reading such a cell as text would import "[object Object]" or "". An error
 * value (#REF!, #DIV/0!) is no roster data either.
 */
export function xlsxCellProblem(value: unknown): string | null {
  if (value === null || typeof value !== "object" || value instanceof Date) return null;
  const v = value as { formula?: unknown; sharedFormula?: unknown; result?: unknown; error?: unknown };
  if ("formula" in v || "sharedFormula" in v) {
    if (v.result === undefined || v.result === null)
      return "formula without a cached value (open and save the file in Excel or WPS, or paste the values)";
    const r = v.result as { error?: unknown };
    if (typeof r === "object" && typeof r.error === "string") return `formula result is the error ${r.error}`;
    return null;
  }
  if (typeof v.error === "string") return `holds the error value ${v.error}`;
  const known = value as { richText?: unknown; text?: unknown };
  if (Array.isArray(known.richText) || known.text !== undefined) return null;
  return "holds a value that is not text, a number, a date or a formula result";
}

/**
 * Text of an XLSX cell value as exceljs returns it (string, number, boolean,
 * Date, rich text, hyperlink, formula result), so XLSX rows can go through the
 * same validators as CSV rows. Dates become YYYY-MM-DD (exceljs gives UTC midnight).
 */
export function xlsxCellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    const v = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: string;
    };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
    if (v.text !== undefined) return xlsxCellText(v.text);
    if ("result" in v) return xlsxCellText(v.result);
    if (typeof v.error === "string") return v.error;
  }
  return String(value);
}
