import { z } from "zod";
import { publicDepartmentSchema } from "../checklist/public-routes.js";
import { departmentByCode } from "../departments/departments.js";
import { readDownQuery, resolveReadableDepartment } from "../departments/read-scope.js";
import { defineRoute } from "../http/route.js";
import { planYear } from "./plan-input.js";
import { planProgress } from "./progress.js";

const yearParams = z.object({ year: z.coerce.number().pipe(planYear) });

export const planProgressSchema = z
  .object({
    year: z.number().int(),
    items: z.array(
      z.object({
        itemCode: z.string(),
        itemName: z.string(),
        roundsPlanned: z.number().int(),
        roundsCommitted: z.number().int().describe("Rounds committed or further (failed rounds never count)"),
        roundsDrawn: z.number().int(),
        roundsClosed: z.number().int(),
        eligibleEntities: z
          .number()
          .int()
          .describe("Distinct entities eligible in the year's rounds of the item"),
        entitiesDrawn: z.number().int(),
        entitiesInspected: z.number().int().describe("Distinct drawn entities with a filed finding"),
        minRate: z.string().describe('The item\'s floor rate, percent ("3")'),
        byRiskClass: z.array(
          z.object({
            riskClass: z.string().describe("A–D, or unrated"),
            rate: z.string().describe("The plan's rate for the class, percent"),
            eligible: z.number().int(),
            drawn: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: "PlanProgress" });

export const planProgressRoutes = [
  defineRoute({
    method: "get",
    path: "/plans/:year/progress",
    operationId: "getPlanProgress",
    summary:
      "Plan tracking: per item, rounds planned vs committed vs drawn vs closed and entities vs the rates",
    tag: "plans",
    access: ["admin", "auditor", "inspector"],
    params: yearParams,
    query: readDownQuery,
    responses: {
      200: { description: "Progress of the year's current plan", schema: planProgressSchema },
      403: { description: "The named department is not below the caller's" },
      404: { description: "No plan for the year, or no such department" },
    },
    handler: async (c, { ctx, params, query }) => {
      const departmentId = await resolveReadableDepartment(ctx.db, ctx.auth!, query.department);
      const inspector = ctx.auth!.role === "inspector";
      return c.json(
        await planProgress(ctx.db, departmentId, params.year, {
          approvedOnly: inspector,
          publishedFindingsOnly: false,
        }),
      );
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/departments/:code/plans/:year/progress",
    operationId: "publicPlanProgress",
    summary: "Progress of the department's approved plan (published findings only)",
    tag: "public",
    access: "public",
    params: z.object({ code: z.string().min(1).max(100), year: z.coerce.number().pipe(planYear) }),
    responses: {
      200: {
        description: "Progress of the approved plan",
        schema: planProgressSchema.extend({ department: publicDepartmentSchema }),
      },
    },
    handler: async (c, { ctx, params }) => {
      const dept = await departmentByCode(ctx.db, params.code);
      const progress = await planProgress(ctx.db, dept.id, params.year, {
        approvedOnly: true,
        publishedFindingsOnly: true,
      });
      return c.json({ department: { code: dept.code, name: dept.name }, ...progress });
    },
  }),
];
