/**
 * The report every roster import ends with (stored on its job, returned by GET …/imports/:id):
 * its shape as a zod schema (the OpenAPI `ImportReport`), the collectors the pipeline fills,
 * and the wording of failures no validator names.
 */
import { z } from "zod";
import type { RowError } from "../columns.js";
import { StagingRefused } from "./import-staging.js";

export type ImportMode = "replace" | "upsert";

const rowErrorView = z
  .object({
    /** File line (CSV, header = 1) or spreadsheet row (XLSX); 0 when no line applies. */
    line: z.number().int(),
    /** The column's header as written in the file; "" for whole-row or whole-file problems. */
    column: z.string(),
    reason: z.string(),
  })
  .meta({ id: "ImportRowError" });

const writeCountsView = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  /** Entities removed (replace mode), or inspectors marked `left`. */
  deleted: z.number().int(),
});
export type WriteCounts = z.infer<typeof writeCountsView>;

const flaggedRowView = z.object({
  line: z.number().int(),
  /** The row's key: the credit code as stored. */
  key: z.string(),
  /** e.g. uscc-checksum-mismatch, legacy-registration-number, legacy-unverified. */
  flag: z.string(),
});
export type FlaggedRow = z.infer<typeof flaggedRowView>;

const flaggedSummaryView = z
  .object({
    /** Rows imported (kept) with a flag for a human to look at. */
    total: z.number().int(),
    /** Count per flag. */
    byFlag: z.record(z.string(), z.number().int()),
    /** The first flagged rows with their lines (capped; `total` counts all). */
    rows: z.array(flaggedRowView),
  })
  .meta({ id: "ImportFlaggedRows" });
export type FlaggedSummary = z.infer<typeof flaggedSummaryView>;

export const importReportView = z
  .object({
    ok: z.boolean(),
    kind: z.string(),
    format: z.enum(["csv", "xlsx"]),
    mode: z.enum(["replace", "upsert"]),
    encoding: z.enum(["utf-8", "gb18030"]).nullable(),
    /** Data records read (header excluded). */
    rows: z.number().int(),
    bytes: z.number().int(),
    /** Bad rows, sorted by line, capped; `totalErrors` counts all. Any error means nothing was written. */
    errors: z.array(rowErrorView),
    totalErrors: z.number().int(),
    /** Valid rows kept with a flag (counted even when the file is rejected for other rows). */
    flagged: flaggedSummaryView,
    written: writeCountsView.nullable(),
    ms: z.number().int(),
    /** Where the time went: reading+validating+staging, duplicate check, roster write. */
    phases: z.object({ stageMs: z.number().int(), checkMs: z.number().int(), writeMs: z.number().int() }),
  })
  .meta({ id: "ImportReport" });
export type ImportReport = z.infer<typeof importReportView>;

/** Bad rows: every one counted, the first `cap` kept. */
export class ErrorList {
  readonly items: RowError[] = [];
  total = 0;
  constructor(private readonly cap: number) {}
  add(e: RowError) {
    this.total++;
    if (this.items.length < this.cap) this.items.push(e);
  }
}

/** Flagged rows: every one counted (also per flag), the first `cap` listed. */
export class FlagList {
  readonly summary: FlaggedSummary = { total: 0, byFlag: {}, rows: [] };
  constructor(private readonly cap: number) {}
  add(line: number, f: { key: string; flag: string }) {
    const s = this.summary;
    s.total++;
    s.byFlag[f.flag] = (s.byFlag[f.flag] ?? 0) + 1;
    if (s.rows.length < this.cap) s.rows.push({ line, key: f.key, flag: f.flag });
  }
}

/**
 * What a report says about a failure no validator named. Database errors are summarised by
 * their SQLSTATE: their text names staging tables and COPY internals, which mean nothing to
 * whoever uploaded the file. `where` says how far the import got, e.g. " (reading stopped at line 7)".
 */
export function failureReason(err: unknown, where: string): string {
  if (err instanceof StagingRefused)
    return `the database refused the file's rows${where}; nothing was written`;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code))
    return `the database refused the import (SQLSTATE ${code})${where}; nothing was written`;
  return `the import failed${where}: ${(err as Error).message ?? String(err)}; nothing was written`;
}

/** A report for a job that failed before or outside the pipeline (one error, nothing read). */
export function failedReport(
  job: {
    kind: string;
    format: ImportReport["format"];
    mode: ImportMode;
    encoding?: ImportReport["encoding"];
  },
  reason: string,
): ImportReport {
  return {
    ok: false,
    kind: job.kind,
    format: job.format,
    mode: job.mode,
    encoding: job.encoding ?? null,
    rows: 0,
    bytes: 0,
    errors: [{ line: 0, column: "", reason }],
    totalErrors: 1,
    flagged: { total: 0, byFlag: {}, rows: [] },
    written: null,
    ms: 0,
    phases: { stageMs: 0, checkMs: 0, writeMs: 0 },
  };
}
