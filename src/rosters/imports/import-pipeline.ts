/**
 * The generic roster import (entities, inspectors): stream records out of a CSV/XLSX file,
 * validate each row, COPY the valid ones into a temp staging table, find duplicate keys in SQL,
 * and — only if the whole file is clean — let the roster's writer replace or upsert the
 * department's roster from the staging table in one transaction. All or nothing.
 */
import { CHANGE_CHANNEL } from "../../db/change-feed.js";
import type { Database } from "../../db/types.js";
import type { ColumnMap, ColumnResolution, RowError, RowResult } from "../columns.js";
import {
  ErrorList,
  FlagList,
  failureReason,
  type ImportMode,
  type ImportReport,
  type WriteCounts,
} from "./import-report.js";
import {
  type ImportFormat,
  readRecords,
  SourceError,
  type SourceStats,
  type TextEncodingName,
} from "./import-source.js";
import { type ImportPhase, ImportProgress, type ImportProgressReport } from "./import-progress.js";
import {
  copyField,
  type ImportSession,
  type ImportTx,
  type StageSpec,
  withImportSession,
} from "./import-staging.js";

export type { ImportMode, ImportPhase, ImportProgressReport, ImportReport, WriteCounts };

/**
 * A fresh permanent table the file is loaded into, instead of a temp stage, when the writer
 * will swap the whole table into the roster (entities-swap.ts).
 */
export interface FreshStage {
  /** Statements creating table `name`: the `staging.columns` (any compatible types), `line int`, and whatever else the roster needs. */
  create(name: string): readonly string[];
  /** The statement adding the unique key on `staging.key` of table `name` (the duplicate check). */
  uniqueKey(name: string): string;
}

/** What a writer is given. */
export interface WriteInput {
  departmentId: string;
  /** The staging table: valid rows only, unique on `staging.key`. */
  stage: string;
  mode: ImportMode;
  /** Data rows in the file (all valid, all staged). */
  rows: number;
  /** The stage is the kind's fresh table (FreshStage), not a temp table. */
  fresh: boolean;
  /** Tells the import's progress which phase the write is in (it starts as "writing"). */
  onPhase?: (phase: ImportPhase) => void;
}

/** How one roster plugs into the pipeline. */
export interface RosterImportKind<K extends string, Row> {
  /** "entities", "inspectors": stored on jobs, shown in reports. */
  readonly name: string;
  resolveColumns(headers: readonly string[], line: number): ColumnResolution<K>;
  parseRow(cells: readonly string[], map: ColumnMap<K>, line: number): RowResult<Row>;
  readonly staging: {
    /** Staging columns with SQL types, in `toFields` order. A `line int` column is added. */
    readonly columns: readonly { name: string; type: string }[];
    /** Staging column that must be unique within the file (duplicates are errors). */
    readonly key: string;
    /** What the key is called in error messages, e.g. "credit code". */
    readonly keyLabel: string;
    /** The key column's header as written in this file (for duplicate errors). */
    keyHeader(map: ColumnMap<K>): string;
    /** Row → field texts (null = SQL NULL), in `columns` order. */
    toFields(row: Row): (string | null)[];
    /**
     * Optional fast path: the row's whole COPY text line (`toFields` escaped with copyField,
     * tab-separated, then `line` and a newline), written without the field array.
     */
    copyLine?(row: Row, line: number): string;
    /** Load into a fresh table rather than a temp stage, when this answers one for the import. */
    fresh?(input: { departmentId: string; mode: ImportMode }): FreshStage | null;
  };
  /**
   * Why a valid row is flagged for a human to look at (e.g. a legacy credit code, or a USCC
   * failing its checksum: RULES §3 says flag, never drop), or null. Flagged rows are imported.
   */
  flag?(row: Row): { key: string; flag: string } | null;
  /**
   * Writes the roster from `stage` inside the import transaction. The stage then holds only
   * valid rows, and has a unique index on `staging.key`.
   */
  write(tx: ImportTx, input: WriteInput): Promise<WriteCounts>;
}

export interface RosterImportInput<K extends string, Row> {
  database: Database;
  departmentId: string;
  /** The file's bytes (e.g. fs.createReadStream); read once, streamed. */
  source: AsyncIterable<Buffer>;
  format: ImportFormat;
  kind: RosterImportKind<K, Row>;
  mode?: ImportMode;
  /** Force a CSV text encoding instead of detecting it. */
  encoding?: TextEncodingName;
  /** The file already passed the whole-file text check (text-check.ts) that found `encoding`. */
  textChecked?: boolean;
  /** Called on each phase change, every 10 000 rows while reading, at least every second, and at the end. */
  onProgress?: (p: ImportProgressReport) => void;
  /** Cap on listed errors; the total is always counted. */
  maxErrors?: number;
  /** Cap on listed flagged rows; the total is always counted. */
  maxFlagged?: number;
}

const FLUSH_CHARS = 256 * 1024;

const NUL_REASON = "contains a NUL character (byte 0x00), which no roster field may hold; remove it";

/** Errors for the cells of a record holding U+0000 (PostgreSQL text cannot store it). */
function nulErrors(cells: readonly string[], headers: readonly string[], line: number): RowError[] {
  const out: RowError[] = [];
  for (let i = 0; i < cells.length; i++) {
    if (cells[i]!.includes("\u0000"))
      out.push({ line, column: headers[i]?.trim() || `#${i + 1}`, reason: NUL_REASON });
  }
  return out;
}

/** Streams the file into the staging table; returns the number of data records read. */
async function stageFile<K extends string, Row>(
  s: ImportSession,
  input: RosterImportInput<K, Row>,
  stats: SourceStats,
  errors: ErrorList,
  flags: FlagList,
  progress: { line: number },
  live: ImportProgress,
): Promise<{ rows: number; keyHeader: string }> {
  const { kind } = input;
  const copyLine = kind.staging.copyLine;
  const columns = [...kind.staging.columns.map((c) => c.name), "line"];
  const sink = await s.copyIn(columns);
  let map: ColumnMap<K> | null = null;
  let headers: readonly string[] = [];
  let rows = 0;
  let buf = "";
  let headerFailed = false;
  try {
    const batches = readRecords(input.source, input.format, stats, input.encoding, input.textChecked);
    for await (const batch of batches) {
      for (const rec of batch) {
        progress.line = rec.line;
        // Only records decoded after a NUL was seen can hold one (a flag keeps the scan off the hot path).
        const nul = stats.maybeNul ? nulErrors(rec.cells, map ? headers : [], rec.line) : [];
        const problems = rec.problems;
        if (problems) for (const e of problems) errors.add(e);
        if (map === null) {
          headers = rec.cells;
          if (nul.length > 0 || problems) {
            for (const e of nul) errors.add(e);
            headerFailed = true;
            break;
          }
          const res = kind.resolveColumns(rec.cells, rec.line);
          if (!res.ok) {
            for (const e of res.errors) errors.add(e);
            headerFailed = true;
            break;
          }
          map = res.map;
          continue;
        }
        rows++;
        for (const e of nul) errors.add(e);
        // A row with unreadable cells is refused for them alone (their other errors would only echo them).
        const r = problems ? null : kind.parseRow(rec.cells, map, rec.line);
        if (r && !r.ok) {
          for (const e of r.errors) errors.add(e);
        } else if (r) {
          const flag = kind.flag?.(r.value);
          if (flag) flags.add(rec.line, flag);
          if (errors.total === 0) {
            // Once the file is known bad, only validation continues (to list every bad row).
            if (copyLine) buf += copyLine(r.value, rec.line);
            else {
              const fields = kind.staging.toFields(r.value);
              for (let i = 0; i < fields.length; i++) buf += `${copyField(fields[i] ?? null)}\t`;
              buf += `${rec.line}\n`;
            }
          }
        }
        live.read(rows, stats.bytes);
      }
      if (headerFailed) break;
      if (buf.length >= FLUSH_CHARS) {
        await sink.write(buf);
        buf = "";
      }
    }
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    errors.add({ line: err.line, column: "", reason: err.message });
  }
  if (buf.length > 0 && errors.total === 0) await sink.write(buf);
  await sink.end();
  if (headerFailed) return { rows: 0, keyHeader: "" };
  if (map === null && errors.total === 0)
    errors.add({ line: 1, column: "", reason: "the file is empty (no header row)" });
  else if (rows === 0 && errors.total === 0)
    errors.add({ line: 2, column: "", reason: "the file has no data rows" });
  return { rows, keyHeader: map ? kind.staging.keyHeader(map) : "" };
}

/**
 * Every occurrence of a repeated key is an error naming the other lines. The check is a unique
 * index build on the staging key (a sort; the writer can use the index afterwards); only when
 * that fails are the repeated keys and their lines listed. (The former GROUP BY with array_agg
 * over every key took ~3x as long on 1M rows.)
 */
async function findDuplicates(
  s: ImportSession,
  uniqueKey: string,
  key: string,
  keyLabel: string,
  keyHeader: string,
  errors: ErrorList,
): Promise<void> {
  if (await s.uniqueKey(uniqueKey)) return;
  const groups = await s.query<{ k: string; lines: number[] | string }>(
    `select s.${key} as k, array_agg(s.line order by s.line) as lines
       from ${s.stage} s
       join (select ${key} from ${s.stage} group by ${key} having count(*) > 1) d on d.${key} = s.${key}
      group by s.${key} order by min(s.line)`,
  );
  for (const g of groups) {
    const lines = (typeof g.lines === "string" ? g.lines.replace(/[{}]/g, "").split(",") : g.lines).map(
      Number,
    );
    for (const line of lines) {
      const others = lines.filter((l) => l !== line).join(", ");
      errors.add({ line, column: keyHeader, reason: `duplicate ${keyLabel} ${g.k}: also on line ${others}` });
    }
  }
}

/**
 * Runs one import to completion and returns its report. Nothing is written unless every row
 * is valid and no key repeats; then the kind's writer runs in a single transaction. Any failure
 * (a bad file, a database refusal) ends as a failed report with a line, never an exception
 * that leaves a session open.
 */
export async function runRosterImport<K extends string, Row>(
  input: RosterImportInput<K, Row>,
): Promise<ImportReport> {
  const started = performance.now();
  const mode = input.mode ?? "replace";
  const { kind } = input;
  const stats: SourceStats = { bytes: 0, encoding: null, maybeNul: false };
  const errors = new ErrorList(input.maxErrors ?? 100);
  const cols = [...kind.staging.columns, { name: "line", type: "int not null" }];
  const fresh = kind.staging.fresh?.({ departmentId: input.departmentId, mode }) ?? null;
  const stageSpec: StageSpec = fresh
    ? { create: fresh.create, temp: false }
    : {
        create: (name) => `create temp table ${name} (${cols.map((c) => `${c.name} ${c.type}`).join(", ")})`,
      };
  const uniqueKey = (stage: string) =>
    fresh?.uniqueKey(stage) ?? `create unique index ${stage}_key on ${stage} (${kind.staging.key})`;

  let rows = 0;
  let written: WriteCounts | null = null;
  const phases = { stageMs: 0, checkMs: 0, writeMs: 0 };
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - mark);
    mark = now;
    return ms;
  };
  const flags = new FlagList(input.maxFlagged ?? 1000);
  const progress = { line: 0, staged: false };
  const live = new ImportProgress(input.onProgress);
  try {
    await withImportSession(input.database, stageSpec, async (s) => {
      const staged = await stageFile(s, input, stats, errors, flags, progress, live);
      progress.staged = true;
      rows = staged.rows;
      phases.stageMs = lap();
      live.read(rows, stats.bytes);
      if (errors.total > 0) return;
      live.enter("checking");
      const { key, keyLabel } = kind.staging;
      await findDuplicates(s, uniqueKey(s.stage), key, keyLabel, staged.keyHeader, errors);
      phases.checkMs = lap();
      if (errors.total > 0) return;
      live.enter("writing");
      written = await s.transaction(async (tx) => {
        const counts = await kind.write(tx, {
          departmentId: input.departmentId,
          stage: s.stage,
          mode,
          rows,
          fresh: fresh !== null,
          onPhase: (phase) => live.enter(phase),
        });
        // The import runs after its request answered: announce the roster change itself, so
        // cached answers built from the roster (the public inspector directory, inspectors'
        // assignments) are dropped at commit (src/db/change-feed.ts).
        await tx.query("select pg_notify($1, $2)", [CHANGE_CHANNEL, input.departmentId]);
        return counts;
      });
      phases.writeMs = lap();
    });
  } catch (err) {
    // The session rolled back and released its connection; the roster is unchanged.
    written = null;
    // Past staging no single line is to blame (duplicate check, roster write): line 0.
    const line = progress.staged ? 0 : progress.line;
    const where = progress.staged
      ? " (after every line was read)"
      : line > 0
        ? ` (reading stopped at line ${line})`
        : "";
    errors.add({ line, column: "", reason: failureReason(err, where) });
  } finally {
    live.stop();
  }
  errors.items.sort((a, b) => a.line - b.line);
  return {
    ok: errors.total === 0,
    kind: kind.name,
    format: input.format,
    mode,
    encoding: stats.encoding,
    rows,
    bytes: stats.bytes,
    errors: errors.items,
    totalErrors: errors.total,
    flagged: flags.summary,
    written,
    ms: Math.round(performance.now() - started),
    phases,
  };
}
