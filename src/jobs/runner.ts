import { and, desc, eq } from "drizzle-orm";
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import type { Db } from "../db/types.js";
import { jobRuns } from "./schema.js";

export interface JobDef {
  name: string;
  /** node-cron pattern, evaluated in Asia/Shanghai (the departments' legal time zone). */
  cron: string;
  description: string;
  run(db: Db, now: Date): Promise<unknown>;
}

export const JOB_TIME_ZONE = "Asia/Shanghai";

/**
 * Runs `job` for `slot` unless some instance already claimed that slot. Claiming is an
 * INSERT … ON CONFLICT DO NOTHING on (job, slot), so the claim is atomic in the database.
 */
export async function runJobOnce(db: Db, job: JobDef, slot: string, now = new Date()) {
  const claimed = await db
    .insert(jobRuns)
    .values({ job: job.name, slot })
    .onConflictDoNothing()
    .returning({ job: jobRuns.job });
  if (claimed.length === 0) return { ran: false as const };
  const where = and(eq(jobRuns.job, job.name), eq(jobRuns.slot, slot));
  try {
    const result = await job.run(db, now);
    await db
      .update(jobRuns)
      .set({ state: "succeeded", finishedAt: new Date(), result: (result ?? null) as object })
      .where(where);
    return { ran: true as const, result };
  } catch (err) {
    await db
      .update(jobRuns)
      .set({ state: "failed", finishedAt: new Date(), error: String((err as Error)?.message ?? err) })
      .where(where);
    throw err;
  }
}

/** Slot = the scheduled minute, so every instance firing for the same tick names the same slot. */
export function slotOf(date: Date): string {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000).toISOString();
}

export interface RunningJobs {
  upcoming(): { name: string; cron: string; description: string; nextRun: string | null }[];
  stop(): Promise<void>;
}

export function startJobs(db: Db, jobs: JobDef[], log: Logger): RunningJobs {
  const tasks: { job: JobDef; task: ScheduledTask }[] = jobs.map((job) => ({
    job,
    task: cron.schedule(
      job.cron,
      async (ctx) => {
        try {
          const r = await runJobOnce(db, job, slotOf(ctx.date), ctx.date);
          if (r.ran) log.info({ job: job.name, result: r.result }, "job ran");
        } catch (err) {
          log.error({ job: job.name, err }, "job failed");
        }
      },
      { name: job.name, timezone: JOB_TIME_ZONE, noOverlap: true },
    ),
  }));
  return {
    upcoming: () => describeJobs(jobs, tasks),
    stop: async () => {
      for (const { task } of tasks) await task.destroy();
    },
  };
}

function describeJobs(jobs: JobDef[], tasks: { job: JobDef; task: ScheduledTask }[]) {
  return jobs.map((job) => {
    const next = tasks.find((t) => t.job === job)?.task.getNextRun() ?? null;
    return {
      name: job.name,
      cron: job.cron,
      description: job.description,
      nextRun: next?.toISOString() ?? null,
    };
  });
}

/** Next runs computed without starting timers (when cron is disabled or for listing). */
export function plannedRuns(jobs: JobDef[]) {
  return jobs.map((job) => {
    const task = cron.createTask(job.cron, () => {}, { timezone: JOB_TIME_ZONE });
    // getNextRun() is null until a task starts; getNextRuns() works on an idle task.
    const [next] = task.getNextRuns(1);
    void task.destroy();
    return {
      name: job.name,
      cron: job.cron,
      description: job.description,
      nextRun: next?.toISOString() ?? null,
    };
  });
}

export async function recentRuns(db: Db, limit = 50) {
  return db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt)).limit(limit);
}
