import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { allJobs } from "./registry.js";
import { plannedRuns, recentRuns } from "./runner.js";

const jobInfo = z.object({
  name: z.string(),
  cron: z.string(),
  description: z.string(),
  nextRun: z.string().nullable(),
});

export const jobRoutes = [
  defineRoute({
    method: "get",
    path: "/jobs",
    operationId: "listJobs",
    summary: "List scheduled jobs with their next run and recent runs",
    tag: "jobs",
    access: ["admin"],
    responses: {
      200: {
        description: "Jobs (times in UTC; schedules are evaluated in Asia/Shanghai)",
        schema: z.object({
          upcoming: z.array(jobInfo),
          recent: z.array(
            z.object({
              job: z.string(),
              slot: z.string(),
              state: z.string(),
              startedAt: z.string(),
              finishedAt: z.string().nullable(),
            }),
          ),
        }),
      },
    },
    handler: async (c, { ctx }) => {
      // Job results can span departments, so only the run metadata is shown.
      const recent = (await recentRuns(ctx.db)).map((r) => ({
        job: r.job,
        slot: r.slot,
        state: r.state,
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
      }));
      return c.json({ upcoming: plannedRuns(allJobs(ctx.config)), recent });
    },
  }),
];
