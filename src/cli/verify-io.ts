/**
 * Reads published files for the verifier: proof bundles (JSON) and eligible
 * sets (NDJSON or CSV with header columns `stratum` and `id`, formula-guard apostrophes
 * removed). Problems are
 * reported with file name and line number.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import {
  type EligibleEntry,
  EligibleFileError,
  type PackedEligibleSet,
  type ProofBundle,
  readEligibleNdjson,
} from "../draw-engine/index.js";
import { csvValue } from "../http/csv.js";

export class InputError extends Error {}

/** A readable eligible file with a line that breaks a draw rule: `sortes verify` reports FAIL [code]. */
export class EligibleRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function readJsonFile<T>(path: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new InputError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

export const readProof = (path: string): ProofBundle => readJsonFile<ProofBundle>(path, "proof");

function row(value: unknown, where: string): EligibleEntry {
  const r = value as Record<string, unknown> | null;
  if (!r || typeof r !== "object" || typeof r.stratum !== "string" || typeof r.id !== "string") {
    throw new InputError(`${where}: expected an object with string fields "stratum" and "id"`);
  }
  return { stratum: r.stratum, id: r.id };
}

/** Reads an eligible-set file; `.csv` is CSV, anything else NDJSON (one JSON object per line). */
export function readEligible(path: string, format?: "csv" | "ndjson"): EligibleEntry[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`cannot read eligible set ${path}: ${(e as Error).message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const fmt = format ?? (path.toLowerCase().endsWith(".csv") ? "csv" : "ndjson");
  if (fmt === "csv") {
    let records: Record<string, string>[];
    try {
      records = parse(text, { columns: true, skip_empty_lines: true, trim: false }) as Record<
        string,
        string
      >[];
    } catch (e) {
      throw new InputError(`${path}: CSV error: ${(e as Error).message}`);
    }
    // Sortes's CSV exports guard against spreadsheet formulas with a leading apostrophe
    // (src/http/csv.ts, docs/draw-spec.md §5.1); undo it to get the committed values.
    return records.map((r, i) => {
      const e = row(r, `${path} line ${i + 2}`);
      return { stratum: csvValue(e.stratum), id: csvValue(e.id) };
    });
  }
  const out: EligibleEntry[] = [];
  const lines = text.split("\n");
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new InputError(`${path} line ${i + 1}: not valid JSON: ${(e as Error).message}`);
    }
    out.push(row(value, `${path} line ${i + 1}`));
  }
  return out;
}

/**
 * Reads an eligible-set file for verification: NDJSON straight from its bytes into the
 * engine's packed set (no object per line), CSV through csv-parse.
 */
export function readEligibleSet(
  path: string,
  format?: "csv" | "ndjson",
): EligibleEntry[] | PackedEligibleSet {
  const fmt = format ?? (path.toLowerCase().endsWith(".csv") ? "csv" : "ndjson");
  if (fmt === "csv") return readEligible(path, "csv");
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError(`cannot read eligible set ${path}: ${(e as Error).message}`);
  }
  try {
    return readEligibleNdjson(bytes);
  } catch (e) {
    if (e instanceof EligibleFileError)
      throw e.code
        ? new EligibleRuleError(e.code, `${path} ${e.message}`)
        : new InputError(`${path} ${e.message}`);
    throw e;
  }
}
