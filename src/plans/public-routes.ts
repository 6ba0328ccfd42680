import { z } from "zod";
import { publicDepartmentSchema } from "../checklist/public-routes.js";
import { departmentByCode } from "../departments/departments.js";
import { defineRoute } from "../http/route.js";
import { planYear } from "./plan-input.js";
import { getPlan, getPlanVersion, listPlans } from "./plan-queries.js";
import { planSchema } from "./plan-view.js";

const tag = "public";
const deptCode = z.string().min(1).max(100);

/**
 * Approved plans are public (一公开); drafts never appear here. A year's plan is shown at its
 * current version, every plan lists its approved versions, and each version stays readable.
 */
export const publicPlanRoutes = [
  defineRoute({
    method: "get",
    path: "/public/departments/:code/plans",
    operationId: "publicPlans",
    summary: "The department's approved annual inspection plans (抽查计划)",
    tag,
    access: "public",
    params: z.object({ code: deptCode }),
    responses: {
      200: {
        description: "Approved plans by year",
        schema: z.object({ department: publicDepartmentSchema, items: z.array(planSchema) }),
      },
    },
    handler: async (c, { ctx, params }) => {
      const dept = await departmentByCode(ctx.db, params.code);
      const items = await listPlans(ctx.db, dept.id, { approvedOnly: true });
      return c.json({ department: { code: dept.code, name: dept.name }, items });
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/departments/:code/plans/:year",
    operationId: "publicPlan",
    summary: "The department's approved plan for a year (its current version)",
    tag,
    access: "public",
    params: z.object({ code: deptCode, year: z.coerce.number().pipe(planYear) }),
    responses: {
      200: { description: "The approved plan with each item's effective rule", schema: planSchema },
    },
    handler: async (c, { ctx, params }) => {
      const dept = await departmentByCode(ctx.db, params.code);
      return c.json(await getPlan(ctx.db, dept.id, params.year, { approvedOnly: true }));
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/departments/:code/plans/:year/versions/:version",
    operationId: "publicPlanVersion",
    summary: "One approved version of the department's plan for a year (amended plans keep every version)",
    tag,
    access: "public",
    params: z.object({
      code: deptCode,
      year: z.coerce.number().pipe(planYear),
      version: z.coerce.number().int().min(1).max(100000),
    }),
    responses: { 200: { description: "The approved version", schema: planSchema } },
    handler: async (c, { ctx, params }) => {
      const dept = await departmentByCode(ctx.db, params.code);
      return c.json(
        await getPlanVersion(ctx.db, dept.id, params.year, params.version, { approvedOnly: true }),
      );
    },
  }),
];
