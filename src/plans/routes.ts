import { z } from "zod";
import type { AuthContext } from "../auth/tokens.js";
import { readDownQuery, resolveReadableDepartment } from "../departments/read-scope.js";
import { defineRoute } from "../http/route.js";
import { amendPlanBody, createPlanBody, planYear, replacePlanBody } from "./plan-input.js";
import { getPlan, getPlanVersion, listPlans, listPlanVersions } from "./plan-queries.js";
import { planSchema } from "./plan-view.js";
import { amendPlan, approvePlan, createPlan, deletePlan, replacePlan } from "./plans.js";
import { publicPlanRoutes } from "./public-routes.js";

/** Inspectors see approved plans only; admins and auditors see drafts too. */
const approvedOnly = (auth: AuthContext) => auth.role === "inspector";
const yearParams = z.object({ year: z.coerce.number().pipe(planYear) });
const versionParams = yearParams.extend({ version: z.coerce.number().int().min(1).max(100000) });
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
    query: readDownQuery,
    handler: async (c, { ctx, query }) =>
      c.json({
        items: await listPlans(ctx.db, await resolveReadableDepartment(ctx.db, ctx.auth!, query.department), {
          approvedOnly: approvedOnly(ctx.auth!),
        }),
      }),
  }),
  defineRoute({
    method: "get",
    path: "/plans/:year",
    operationId: "getPlan",
    summary: "Get the plan for a year: its current (highest approved) version, or the draft before approval",
    tag,
    access: ["admin", "auditor", "inspector"],
    params: yearParams,
    query: readDownQuery,
    responses: { 200: { description: "The plan", schema: planSchema } },
    handler: async (c, { ctx, params, query }) => {
      const departmentId = await resolveReadableDepartment(ctx.db, ctx.auth!, query.department);
      return c.json(
        await getPlan(ctx.db, departmentId, params.year, { approvedOnly: approvedOnly(ctx.auth!) }),
      );
    },
  }),
  defineRoute({
    method: "get",
    path: "/plans/:year/versions",
    operationId: "listPlanVersions",
    summary: "Every version of the year's plan, oldest first (drafts for admins and auditors)",
    tag,
    access: ["admin", "auditor", "inspector"],
    params: yearParams,
    responses: { 200: { description: "The versions", schema: z.object({ items: z.array(planSchema) }) } },
    handler: async (c, { ctx, params }) =>
      c.json({
        items: await listPlanVersions(ctx.db, ctx.auth!.departmentId, params.year, {
          approvedOnly: approvedOnly(ctx.auth!),
        }),
      }),
  }),
  defineRoute({
    method: "get",
    path: "/plans/:year/versions/:version",
    operationId: "getPlanVersion",
    summary: "One version of the year's plan",
    tag,
    access: ["admin", "auditor", "inspector"],
    params: versionParams,
    responses: { 200: { description: "The version", schema: planSchema } },
    handler: async (c, { ctx, params }) =>
      c.json(
        await getPlanVersion(ctx.db, ctx.auth!.departmentId, params.year, params.version, {
          approvedOnly: approvedOnly(ctx.auth!),
        }),
      ),
  }),
  defineRoute({
    method: "post",
    path: "/plans/:year/amendments",
    operationId: "amendPlan",
    summary:
      "Amend the approved plan by a new version (a draft until approved; earlier versions stay as they were)",
    tag,
    access: ["admin"],
    params: yearParams,
    body: amendPlanBody,
    responses: {
      201: { description: "The new version, as a draft", schema: planSchema },
      409: { description: "The plan is not approved yet, or an amendment is already pending" },
      422: refused,
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(await amendPlan(ctx.db, ctx.auth!.departmentId, params.year, body), 201),
  }),
  defineRoute({
    method: "put",
    path: "/plans/:year",
    operationId: "replacePlan",
    summary: "Replace the year's draft (the first plan before approval, or a pending amendment)",
    tag,
    access: ["admin"],
    params: yearParams,
    body: replacePlanBody,
    responses: {
      200: { description: "The draft plan", schema: planSchema },
      409: { description: "No draft: the plan is approved (immutable; amend it by a new version)" },
      422: refused,
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(await replacePlan(ctx.db, ctx.auth!.departmentId, params.year, body)),
  }),
  defineRoute({
    method: "post",
    path: "/plans/:year/approve",
    operationId: "approvePlan",
    summary:
      "Approve the year's draft (it becomes public and immutable; an approved amendment becomes the current version)",
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
    summary: "Discard the year's draft (a first plan or a pending amendment)",
    tag,
    access: ["admin"],
    params: yearParams,
    responses: {
      204: { description: "Discarded" },
      409: { description: "No draft: the plan is approved (immutable)" },
    },
    handler: async (c, { ctx, params }) => {
      await deletePlan(ctx.db, ctx.auth!.departmentId, params.year);
      return c.body(null, 204);
    },
  }),
  ...publicPlanRoutes,
];
