import { z } from "zod";
import type { AuthContext } from "../auth/tokens.js";
import { defineRoute } from "../http/route.js";
import { createPlanBody, planYear, replacePlanBody } from "./plan-input.js";
import { getPlan, listPlans } from "./plan-queries.js";
import { planSchema } from "./plan-view.js";
import { approvePlan, createPlan, deletePlan, replacePlan } from "./plans.js";
import { publicPlanRoutes } from "./public-routes.js";

/** Inspectors see approved plans only; admins and auditors see drafts too. */
const approvedOnly = (auth: AuthContext) => auth.role === "inspector";
const yearParams = z.object({ year: z.coerce.number().pipe(planYear) });
const tag = "plans";
const refused = {
  description: "The plan breaks 细则第九条 (rate/frequency floors) or uses unpublished items",
};

export const planRoutes = [
  defineRoute({
    method: "post",
    path: "/plans",
    operationId: "createPlan",
    summary: "Create the annual inspection plan for a year (as a draft)",
    tag,
    access: ["admin"],
    body: createPlanBody,
    responses: {
      201: { description: "The draft plan", schema: planSchema },
      409: { description: "A plan for this year exists" },
      422: refused,
    },
    handler: async (c, { ctx, body }) => {
      const { year, ...fields } = body;
      return c.json(await createPlan(ctx.db, ctx.auth!.departmentId, year, fields), 201);
    },
  }),
  defineRoute({
    method: "get",
    path: "/plans",
    operationId: "listPlans",
    summary: "List annual plans",
    tag,
    access: ["admin", "auditor", "inspector"],
    responses: { 200: { description: "Plans by year", schema: z.object({ items: z.array(planSchema) }) } },
    handler: async (c, { ctx }) =>
      c.json({
        items: await listPlans(ctx.db, ctx.auth!.departmentId, { approvedOnly: approvedOnly(ctx.auth!) }),
      }),
  }),
  defineRoute({
    method: "get",
    path: "/plans/:year",
    operationId: "getPlan",
    summary: "Get the plan for a year",
    tag,
    access: ["admin", "auditor", "inspector"],
    params: yearParams,
    responses: { 200: { description: "The plan", schema: planSchema } },
    handler: async (c, { ctx, params }) =>
      c.json(
        await getPlan(ctx.db, ctx.auth!.departmentId, params.year, { approvedOnly: approvedOnly(ctx.auth!) }),
      ),
  }),
  defineRoute({
    method: "put",
    path: "/plans/:year",
    operationId: "replacePlan",
    summary: "Replace a draft plan",
    tag,
    access: ["admin"],
    params: yearParams,
    body: replacePlanBody,
    responses: {
      200: { description: "The draft plan", schema: planSchema },
      409: { description: "The plan is approved (immutable)" },
      422: refused,
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(await replacePlan(ctx.db, ctx.auth!.departmentId, params.year, body)),
  }),
  defineRoute({
    method: "post",
    path: "/plans/:year/approve",
    operationId: "approvePlan",
    summary: "Approve a draft plan (it becomes public and immutable)",
    tag,
    access: ["admin"],
    params: yearParams,
    responses: {
      200: { description: "The approved plan", schema: planSchema },
      409: { description: "Already approved" },
      422: refused,
    },
    handler: async (c, { ctx, params }) =>
      c.json(await approvePlan(ctx.db, ctx.auth!.departmentId, params.year)),
  }),
  defineRoute({
    method: "delete",
    path: "/plans/:year",
    operationId: "deletePlan",
    summary: "Discard a draft plan",
    tag,
    access: ["admin"],
    params: yearParams,
    responses: {
      204: { description: "Discarded" },
      409: { description: "The plan is approved (immutable)" },
    },
    handler: async (c, { ctx, params }) => {
      await deletePlan(ctx.db, ctx.auth!.departmentId, params.year);
      return c.body(null, 204);
    },
  }),
  ...publicPlanRoutes,
];
