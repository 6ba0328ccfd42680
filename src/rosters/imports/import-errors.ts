/**
 * The refused rows of a finished import, kept beside its job: paged on the server for the
 * console's error table and streamed as a CSV error file (行号, 列, 原因) the person can fix
 * the roster from. Up to IMPORT_ERRORS_KEPT rows are kept; the report's totalErrors counts all.
 */
import { and, asc, count, eq, gte } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/types.js";
import { NotFound } from "../../errors.js";
import { type Cell, csvResponse } from "../../http/tabular.js";
import type { RowError } from "../columns.js";
import { rosterImportJobs } from "../entities/entities.schema.js";
import { rosterImportErrors } from "./import-errors.schema.js";

/** How many refused rows an import keeps for paging and the error file. */
export const IMPORT_ERRORS_KEPT = 100_000;
const INSERT_BATCH = 2_000;

export const importErrorsQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const rowErrorView = z.object({ line: z.number().int(), column: z.string(), reason: z.string() });

export const importErrorsPage = z
  .object({
    items: z.array(rowErrorView),
    /** Rows kept (at most IMPORT_ERRORS_KEPT). */
    total: z.number().int(),
    /** Every refused row of the file, kept or not. */
    totalErrors: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: "ImportErrorsPage" });

/** Stores a finished import's refused rows (sorted by line), in the caller's transaction or not. */
export async function saveImportErrors(
  db: Db,
  job: { id: string; departmentId: string },
  errors: readonly RowError[],
): Promise<void> {
  for (let i = 0; i < errors.length; i += INSERT_BATCH) {
    await db.insert(rosterImportErrors).values(
      errors.slice(i, i + INSERT_BATCH).map((e, j) => ({
        jobId: job.id,
        departmentId: job.departmentId,
        seq: i + j,
        line: e.line,
        column: e.column,
        reason: e.reason,
      })),
    );
  }
}

/** The job, if it is the department's and of this kind (else 404 as for any unknown job). */
async function ownJob(db: Db, departmentId: string, id: string, kind: string) {
  const [job] = await db
    .select({
      id: rosterImportJobs.id,
      report: rosterImportJobs.report,
      createdAt: rosterImportJobs.createdAt,
    })
    .from(rosterImportJobs)
    .where(
      and(
        eq(rosterImportJobs.id, id),
        eq(rosterImportJobs.departmentId, departmentId),
        eq(rosterImportJobs.kind, kind),
      ),
    );
  if (!job) throw new NotFound(`no import job ${id}`);
  return job;
}

function ofJob(departmentId: string, jobId: string) {
  return and(eq(rosterImportErrors.jobId, jobId), eq(rosterImportErrors.departmentId, departmentId));
}

export async function listImportErrors(
  db: Db,
  departmentId: string,
  jobId: string,
  kind: string,
  q: z.output<typeof importErrorsQuery>,
): Promise<z.infer<typeof importErrorsPage>> {
  const job = await ownJob(db, departmentId, jobId, kind);
  const [{ n } = { n: 0 }] = await db
    .select({ n: count() })
    .from(rosterImportErrors)
    .where(ofJob(departmentId, jobId));
  const items = await db
    .select({
      line: rosterImportErrors.line,
      column: rosterImportErrors.column,
      reason: rosterImportErrors.reason,
    })
    .from(rosterImportErrors)
    .where(and(ofJob(departmentId, jobId), gte(rosterImportErrors.seq, (q.page - 1) * q.pageSize)))
    .orderBy(asc(rosterImportErrors.seq))
    .limit(q.pageSize);
  const totalErrors = (job.report as { totalErrors?: number } | null)?.totalErrors ?? Number(n);
  return { items, total: Number(n), totalErrors, page: q.page, pageSize: q.pageSize };
}

/** Keyset pages of the job's errors, as CSV rows. */
async function* errorRows(db: Db, departmentId: string, jobId: string): AsyncGenerator<Cell[]> {
  let from = 0;
  for (;;) {
    const page = await db
      .select()
      .from(rosterImportErrors)
      .where(and(ofJob(departmentId, jobId), gte(rosterImportErrors.seq, from)))
      .orderBy(asc(rosterImportErrors.seq))
      .limit(5_000);
    for (const e of page) yield [e.line, e.column, e.reason];
    if (page.length < 5_000) return;
    from = page.at(-1)!.seq + 1;
  }
}

/** The error file: UTF-8 CSV with BOM (opens in Excel), header 行号,列,原因. */
export async function importErrorsCsv(db: Db, departmentId: string, jobId: string, kind: string) {
  await ownJob(db, departmentId, jobId, kind);
  return csvResponse({
    filename: `${kind}-import-errors-${jobId.slice(0, 8)}`,
    headers: ["行号", "列", "原因"],
    rows: errorRows(db, departmentId, jobId),
  });
}
