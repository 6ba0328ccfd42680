import { z } from "zod";
import { publicDepartmentSchema } from "../checklist/public-routes.js";
import { departmentByCode } from "../departments/departments.js";
import { defineRoute } from "../http/route.js";
import { planYear } from "./plan-input.js";
import { getPlan, listPlans } from "./plan-queries.js";
import { planSchema } from "./plan-view.js";

const tag = "public";
const deptCode = z.string().min(1).max(100);

/** Approved plans are public (一公开); drafts never appear here. */
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
    summary: "The department's approved plan for a year",
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
];
