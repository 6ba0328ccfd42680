import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { createPlanBody, planItemInput } from "./plan-input.js";
import { planSchema, ratesBpSchema } from "./plan-view.js";
import { adoptTemplate, getTemplate, listTemplates, publishTemplate } from "./templates.js";

const tag = "plans";
const idParams = z.object({ id: z.string().uuid() });

/** A template is a plan without item versions: each adopter plans its own published version. */
const templateBody = createPlanBody.extend({
  items: z
    .array(planItemInput.omit({ version: true }))
    .min(1)
    .max(1000)
    .refine(
      (items) => new Set(items.map((i) => i.itemCode)).size === items.length,
      "an item may appear only once",
    ),
});

const templateSchema = z
  .object({
    id: z.string().uuid(),
    year: z.number().int(),
    publisher: z.object({ code: z.string(), name: z.string() }),
    publishedAt: z.string(),
    title: z.string(),
    roundsPerYear: z.number().int(),
    ratesBp: ratesBpSchema,
    cooldownDays: z.number().int(),
    maxInspectionsPerEntityPerYear: z.number().int().nullable(),
    notes: z.string(),
    items: z.array(
      z.object({
        itemCode: z.string(),
        roundsPerYear: z.number().int().nullable(),
        ratesBp: ratesBpSchema.nullable(),
      }),
    ),
  })
  .meta({ id: "PlanTemplate" });

const templateDetail = templateSchema
  .extend({
    adoptions: z
      .array(z.object({ code: z.string(), name: z.string(), adoptedAt: z.string() }))
      .describe("Departments that adopted it (shown to the publisher only)"),
  })
  .meta({ id: "PlanTemplateDetail" });

export const planTemplateRoutes = [
  defineRoute({
    method: "post",
    path: "/plan-templates",
    operationId: "publishPlanTemplate",
    summary:
      "Publish a plan template (items, rounds, rates) for the departments below (immutable once published)",
    tag,
    access: ["admin"],
    body: templateBody,
    responses: { 201: { description: "The published template", schema: templateDetail } },
    handler: async (c, { ctx, body }) =>
      c.json(await publishTemplate(ctx.db, ctx.auth!.departmentId, body), 201),
  }),
  defineRoute({
    method: "get",
    path: "/plan-templates",
    operationId: "listPlanTemplates",
    summary: "Templates published by the caller's department and the departments above it",
    tag,
    access: ["admin", "auditor"],
    responses: {
      200: { description: "Newest year first", schema: z.object({ items: z.array(templateSchema) }) },
    },
    handler: async (c, { ctx }) => c.json({ items: await listTemplates(ctx.db, ctx.auth!.departmentId) }),
  }),
  defineRoute({
    method: "get",
    path: "/plan-templates/:id",
    operationId: "getPlanTemplate",
    summary: "One template (the caller's own or from above); its publisher also sees who adopted it",
    tag,
    access: ["admin", "auditor"],
    params: idParams,
    responses: { 200: { description: "The template", schema: templateDetail } },
    handler: async (c, { ctx, params }) =>
      c.json(await getTemplate(ctx.db, ctx.auth!.departmentId, params.id)),
  }),
  defineRoute({
    method: "post",
    path: "/plan-templates/:id/adopt",
    operationId: "adoptPlanTemplate",
    summary: "Adopt a template into the caller's draft plan for its year (then edit and approve as any plan)",
    tag,
    access: ["admin"],
    params: idParams,
    responses: {
      201: { description: "The draft plan made from the template", schema: planSchema },
      409: { description: "The year already has a plan" },
      422: {
        description: "An item is not in the adopter's published checklist, or a figure breaks the floors",
      },
    },
    handler: async (c, { ctx, params }) =>
      c.json(await adoptTemplate(ctx.db, ctx.auth!.departmentId, params.id), 201),
  }),
];
