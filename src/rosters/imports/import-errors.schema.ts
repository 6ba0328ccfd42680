import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { departments } from "../../departments/schema.js";
import { rosterImportJobs } from "../entities/entities.schema.js";

/**
 * Every refused row of a finished import (up to a cap), so the console can page through them
 * on the server and download them as a file; the job's report keeps only the first few.
 */
export const rosterImportErrors = pgTable(
  "roster_import_errors",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => rosterImportJobs.id, { onDelete: "cascade" }),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    /** Position in the sorted error list (0-based): the page key. */
    seq: integer("seq").notNull(),
    /** File line (CSV, header = 1) or spreadsheet row; 0 when no line applies. */
    line: integer("line").notNull(),
    column: text("column").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [index("roster_import_errors_job_idx").on(t.jobId, t.seq)],
);
