/** GET /dashboard: the console home's deadlines and certificate warnings (summary.ts). */
import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { reviewItem } from "../publication/review-queue.routes.js";
import { dashboardSummary } from "./summary.js";

export const dashboardRoutes = [
  defineRoute({
    method: "get",
    path: "/dashboard",
    operationId: "getDashboard",
    summary: "Publications due this week and certificates expiring soon",
    tag: "publication",
    access: ["admin", "auditor"],
    responses: {
      200: {
        description: "Dates are Shanghai calendar dates",
        schema: z.object({
          today: z.string(),
          week: z.object({ from: z.string(), until: z.string() }).describe("Monday to Sunday"),
          publicationsDue: z
            .array(reviewItem)
            .describe("Pending findings whose deadline is in this week or has passed, overdue first"),
          certificatesExpiring: z.object({
            withinDays: z.number().int(),
            items: z.array(
              z.object({
                id: z.string().uuid(),
                name: z.string(),
                post: z.string().nullable(),
                certificateNo: z.string(),
                certValidUntil: z.string(),
              }),
            ),
          }),
        }),
      },
    },
    handler: async (c, { ctx }) => c.json(await dashboardSummary(ctx.db, ctx.auth!.departmentId, ctx.now())),
  }),
];
