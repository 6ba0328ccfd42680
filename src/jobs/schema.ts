import { jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per (job, scheduled slot). The primary key is what makes a scheduled job run at
 * most once across several service instances: only the instance whose insert wins runs it.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    job: text("job").notNull(),
    slot: text("slot").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    state: text("state", { enum: ["running", "succeeded", "failed"] })
      .notNull()
      .default("running"),
    result: jsonb("result"),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.job, t.slot] })],
);
