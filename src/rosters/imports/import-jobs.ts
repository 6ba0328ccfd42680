/**
 * Roster imports as jobs. The upload is spooled to DATA_DIR/uploads first (so the HTTP request
 * ends quickly with 202), then a per-department queue runs that department's imports one at a
 * time; departments never wait for each other (a stuck import holds up only its own). Live progress
 * (rows, bytes, phase, when it was last reported) is kept in memory while the import runs — the
 * pipeline reports on every phase change, every 10 000 rows and at least once a second
 * (import-progress.ts), so a poll never sees it stall; the job row records
 * state transitions and the final report, and every refused row goes to roster_import_errors
 * (import-errors.ts) for the paged error table and the error file. Jobs found queued or running at start-up were cut off
 * by a restart and are marked failed (their import rolled back with the connection).
 */
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database, Db } from "../../db/types.js";
import { Invalid, NotFound } from "../../errors.js";
import { rosterImportJobs } from "../entities/entities.schema.js";
import { IMPORT_ERRORS_KEPT, saveImportErrors } from "./import-errors.js";
import { type ImportMode, type RosterImportKind, runRosterImport } from "./import-pipeline.js";
import { IMPORT_PHASES, type ImportPhase } from "./import-progress.js";
import { failedReport, type ImportReport, importReportView } from "./import-report.js";
import type { ImportFormat, TextEncodingName } from "./import-source.js";
import { UploadCheck } from "./text-check.js";

export const importJobView = z
  .object({
    id: z.string().uuid(),
    kind: z.string(),
    format: z.enum(["csv", "xlsx"]),
    mode: z.enum(["replace", "upsert"]),
    state: z.enum(["queued", "running", "succeeded", "failed"]),
    encoding: z.string().nullable(),
    bytesTotal: z.number().int(),
    bytesRead: z.number().int(),
    rows: z.number().int(),
    /**
     * While running: reading (the file's rows), checking (duplicate keys), writing, indexing (a
     * replace builds the new roster's indexes) or swapping (the new roster replaces the old);
     * null when queued or finished.
     */
    phase: z.enum(IMPORT_PHASES).nullable(),
    /**
     * When the running import last reported progress (at least once a second, on every phase
     * change and every 10 000 rows); when it finished; null before the job starts reading.
     */
    progressAt: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    /** Set when the job has finished: what was read, written, refused and flagged. */
    report: importReportView.nullable(),
  })
  .meta({ id: "ImportJob" });
export type ImportJobView = z.infer<typeof importJobView>;

type JobRecord = typeof rosterImportJobs.$inferSelect;

/** Progress of jobs running in this process (their DB row is only written at transitions). */
const live = new Map<string, { rows: number; bytes: number; phase: ImportPhase; at: Date }>();
/** Refused rows listed in the job's report (all of them, up to IMPORT_ERRORS_KEPT, are in roster_import_errors). */
const REPORT_ERRORS = 100;
/** Per database, one queue per department: a department's imports run one after another. */
const queues = new WeakMap<Database, Map<string, Promise<void>>>();

function enqueue(database: Database, departmentId: string, run: () => Promise<void>): void {
  const byDepartment = queues.get(database) ?? new Map<string, Promise<void>>();
  queues.set(database, byDepartment);
  const previous = byDepartment.get(departmentId) ?? Promise.resolve();
  const next = previous.then(run).catch(() => {});
  byDepartment.set(departmentId, next);
  // Drop the entry once this is the tail and it has finished (no growth with departments).
  void next.then(() => {
    if (byDepartment.get(departmentId) === next) byDepartment.delete(departmentId);
  });
}

function toView(r: JobRecord): ImportJobView {
  const p = r.state === "running" ? live.get(r.id) : undefined;
  return {
    id: r.id,
    kind: r.kind,
    format: r.format as ImportFormat,
    mode: r.mode as ImportMode,
    state: r.state,
    encoding: r.encoding,
    bytesTotal: r.bytesTotal,
    bytesRead: p?.bytes ?? r.bytesRead,
    rows: p?.rows ?? r.rows,
    phase: p?.phase ?? null,
    progressAt: p?.at.toISOString() ?? r.finishedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    // Written only by this module, always as an ImportReport (jobs of older versions stored
    // { ok, error }: still readable, just not in this shape).
    report: (r.report as ImportReport | null) ?? null,
  };
}

export interface CreateImportJobInput<K extends string, Row> {
  database: Database;
  dataDir: string;
  departmentId: string;
  kind: RosterImportKind<K, Row>;
  format: ImportFormat;
  mode: ImportMode;
  encoding?: TextEncodingName;
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  createdBy?: string | null;
}

async function runJob<K extends string, Row>(input: CreateImportJobInput<K, Row>, id: string, path: string) {
  const { database } = input;
  const db = database.db;
  await db
    .update(rosterImportJobs)
    .set({ state: "running", startedAt: new Date() })
    .where(eq(rosterImportJobs.id, id));
  live.set(id, { rows: 0, bytes: 0, phase: "reading", at: new Date() });
  try {
    const report = await runRosterImport({
      database,
      departmentId: input.departmentId,
      source: createReadStream(path, { highWaterMark: 256 * 1024 }),
      format: input.format,
      kind: input.kind,
      mode: input.mode,
      encoding: input.encoding,
      // A CSV was checked as text while it was spooled (createImportJob); no need to twice.
      textChecked: input.format === "csv",
      onProgress: (p) => live.set(id, { ...p, at: new Date() }),
      maxErrors: IMPORT_ERRORS_KEPT,
    });
    await db.transaction(async (tx) => {
      await saveImportErrors(tx, { id, departmentId: input.departmentId }, report.errors);
      await tx
        .update(rosterImportJobs)
        .set({
          state: report.ok ? "succeeded" : "failed",
          rows: report.rows,
          bytesRead: report.bytes,
          encoding: report.encoding,
          report: { ...report, errors: report.errors.slice(0, REPORT_ERRORS) },
          finishedAt: new Date(),
        })
        .where(eq(rosterImportJobs.id, id));
    });
  } catch (err) {
    // runRosterImport reports failures itself; this catches only what lies outside it (the
    // spooled file vanished…). The job still ends failed, with the same report shape.
    const report = failedReport(
      { kind: input.kind.name, format: input.format, mode: input.mode, encoding: input.encoding },
      `the import failed: ${(err as Error).message}; nothing was written`,
    );
    await saveImportErrors(db, { id, departmentId: input.departmentId }, report.errors);
    await db
      .update(rosterImportJobs)
      .set({ state: "failed", report, finishedAt: new Date() })
      .where(eq(rosterImportJobs.id, id));
  } finally {
    live.delete(id);
    await unlink(path).catch(() => {});
  }
}

/** Spools the upload, records a queued job and schedules it. Returns the queued job. */
export async function createImportJob<K extends string, Row>(
  input: CreateImportJobInput<K, Row>,
): Promise<ImportJobView> {
  const id = randomUUID();
  const dir = join(input.dataDir, "uploads");
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${id}.${input.format}`);
  let bytes = 0;
  // Binary, mixed-encoding and malformed files are refused here, before any job exists.
  const check = new UploadCheck(input.format, input.encoding);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      try {
        check.push(chunk);
      } catch (err) {
        cb(err as Error);
        return;
      }
      cb(null, chunk);
    },
  });
  const body =
    input.body instanceof ReadableStream ? Readable.fromWeb(input.body as never) : Readable.from(input.body);
  let encoding = input.encoding ?? null;
  try {
    await pipeline(body, counter, createWriteStream(path));
    if (bytes === 0) throw new Invalid("the upload is empty");
    encoding = check.end() ?? encoding;
  } catch (err) {
    await unlink(path).catch(() => {});
    throw err;
  }
  const [row] = await input.database.db
    .insert(rosterImportJobs)
    .values({
      id,
      departmentId: input.departmentId,
      kind: input.kind.name,
      format: input.format,
      mode: input.mode,
      encoding,
      bytesTotal: bytes,
      createdBy: input.createdBy ?? null,
    })
    .returning();
  // The job decodes with the encoding the whole-file check found.
  const job = { ...input, encoding: encoding ?? undefined };
  enqueue(input.database, input.departmentId, () => runJob(job, id, path));
  return toView(row as JobRecord);
}

export async function getImportJob(
  db: Db,
  departmentId: string,
  id: string,
  kind: string,
): Promise<ImportJobView> {
  const [row] = await db
    .select()
    .from(rosterImportJobs)
    .where(
      and(
        eq(rosterImportJobs.id, id),
        eq(rosterImportJobs.departmentId, departmentId),
        eq(rosterImportJobs.kind, kind),
      ),
    );
  if (!row) throw new NotFound(`no import job ${id}`);
  return toView(row);
}

/** Resolves when every import queued so far on `database` has finished (tests, shutdown). */
export async function importsIdle(database: Database): Promise<void> {
  await Promise.all([...(queues.get(database)?.values() ?? [])]);
}

/** At start-up: jobs a previous process left queued or running can never finish; fail them. */
export async function failInterruptedImports(
  db: Db,
  /** departmentId: only that department's jobs (tests run beside each other on one database). */
  opts: { dataDir?: string; departmentId?: string } = {},
): Promise<number> {
  const interrupted = inArray(rosterImportJobs.state, ["queued", "running"]);
  const rows = await db
    .update(rosterImportJobs)
    .set({ state: "failed", finishedAt: new Date() })
    .where(
      opts.departmentId
        ? and(interrupted, eq(rosterImportJobs.departmentId, opts.departmentId))
        : interrupted,
    )
    .returning();
  for (const r of rows) {
    const report = failedReport(
      { kind: r.kind, format: r.format as ImportFormat, mode: r.mode as ImportMode },
      "interrupted by a restart; nothing was written, upload the file again",
    );
    await db.update(rosterImportJobs).set({ report }).where(eq(rosterImportJobs.id, r.id));
  }
  const { dataDir } = opts;
  if (dataDir)
    for (const r of rows) await unlink(join(dataDir, "uploads", `${r.id}.${r.format}`)).catch(() => {});
  return rows.length;
}
