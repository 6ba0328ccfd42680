/** Public API of published findings (一公开) and the public correction channel (纠错). */
import { z } from "zod";
import { cachedResponse } from "../http/cache.js";
import { defineRoute } from "../http/route.js";
import { submitCorrection } from "./corrections.js";
import { publicDocumentSchema } from "./document-schema.js";
import { getPublicFinding, searchPublicFindings } from "./public.js";
import { correctionSchema, retractionSchema } from "./routes.js";

const publicFinding = z
  .object({
    findingId: z.string().uuid(),
    round: z.object({ id: z.string().uuid(), title: z.string() }),
    entity: z.object({ name: z.string(), creditCode: z.string() }),
    publishedAt: z.string(),
    ledger: z.object({ index: z.number().int(), leafHash: z.string() }),
    retraction: retractionSchema.nullable().describe("Set once withdrawn; the explanation stays visible"),
    content: publicDocumentSchema
      .nullable()
      .describe("The redacted document as logged; null after a retraction"),
  })
  .meta({ id: "PublicFinding" });

const publicCorrection = correctionSchema.omit({ findingId: true, message: true, contact: true });

export const publicPublicationRoutes = [
  defineRoute({
    method: "get",
    path: "/public/departments/:code/findings",
    operationId: "searchPublicFindings",
    summary: "Search a department's published findings",
    tag: "public",
    access: "public",
    params: z.object({ code: z.string().min(1).max(100) }),
    query: z.object({
      q: z.string().trim().min(1).max(100).optional().describe("Part of the published name"),
      code: z.string().trim().min(1).max(40).optional().describe("Credit code, exact"),
      round: z.string().uuid().optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(100_000).default(0),
    }),
    responses: {
      200: {
        description: "Published, not taken down; newest first",
        schema: z.object({
          department: z.object({ code: z.string(), name: z.string() }),
          items: z.array(publicFinding),
        }),
      },
      500: {
        description:
          "Integrity check failed (problem type …/integrity): a listed document or retraction differs from its ledger entry; `integrity` names it",
      },
    },
    handler: (c, { ctx, params, query }) =>
      cachedResponse(c, ctx.caches, `findings:${params.code}:${JSON.stringify(query)}`, async () => {
        const found = await searchPublicFindings(ctx.db, params.code, query);
        // Every change to what is published is logged, and logging announces the department.
        return { department: found.departmentId, body: JSON.stringify(found.page) };
      }),
  }),
  defineRoute({
    method: "get",
    path: "/public/findings/:id",
    operationId: "getPublicFinding",
    summary: "One published finding with its correction outcomes",
    tag: "public",
    access: "public",
    params: z.object({ id: z.string().uuid() }),
    responses: {
      200: {
        description: "The finding; verify it with the ledger's inclusion proof for `ledger.leafHash`",
        schema: publicFinding.extend({ corrections: z.array(publicCorrection) }),
      },
      500: {
        description:
          "Integrity check failed (problem type …/integrity): the document or its retraction differs from its ledger entry",
      },
    },
    handler: async (c, { ctx, params }) => c.json(await getPublicFinding(ctx.db, params.id)),
  }),
  defineRoute({
    method: "post",
    path: "/public/findings/:id/corrections",
    operationId: "submitCorrectionRequest",
    summary: "Report inaccurate published information (纠错)",
    tag: "public",
    access: "public",
    rateLimit: "correction",
    params: z.object({ id: z.string().uuid() }),
    body: z.object({
      message: z.string().trim().min(5).max(2000).describe("What is wrong; kept private"),
      contact: z.string().trim().min(3).max(200).nullable().default(null).describe("Kept private"),
    }),
    responses: {
      201: {
        description: "Received; the outcome will be public (429 when this client sent too many)",
        schema: z.object({ id: z.string().uuid(), status: z.literal("pending"), submittedAt: z.string() }),
      },
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(await submitCorrection(ctx.db, { findingId: params.id, ...body }), 201),
  }),
];
