import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { listNotices, resolveNotice } from "./notices.js";
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

const notice = z
  .object({
    id: z.string().uuid(),
    kind: z.string(),
    message: z.string(),
    dueDate: z.string().nullable(),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: "Notice" });

export const noticeRoutes = [
  defineRoute({
    method: "get",
    path: "/notices",
    operationId: "listNotices",
    summary: "List notices raised for the department (revision due, deadlines)",
    tag: "jobs",
    access: ["admin", "auditor"],
    query: z.object({ open: z.enum(["true", "false"]).optional() }),
    responses: {
      200: { description: "Notices, newest first", schema: z.object({ items: z.array(notice) }) },
    },
    handler: async (c, { ctx, query }) => {
      const rows = await listNotices(ctx.db, {
        departmentId: ctx.auth!.departmentId,
        open: query.open === "true",
      });
      return c.json({
        items: rows.map((n) => ({
          id: n.id,
          kind: n.kind,
          message: n.message,
          dueDate: n.dueDate,
          createdAt: n.createdAt.toISOString(),
          resolvedAt: n.resolvedAt?.toISOString() ?? null,
        })),
      });
    },
  }),
  defineRoute({
    method: "post",
    path: "/notices/:id/resolve",
    operationId: "resolveNotice",
    summary: "Mark a notice as dealt with",
    tag: "jobs",
    access: ["admin"],
    params: z.object({ id: z.string().uuid() }),
    responses: { 204: { description: "Resolved" } },
    handler: async (c, { ctx, params }) => {
      await resolveNotice(ctx.db, { departmentId: ctx.auth!.departmentId, id: params.id });
      return c.body(null, 204);
    },
  }),
];
