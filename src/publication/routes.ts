/** Admin side of publication: approval, retraction, deadlines, take-downs, corrections. */
import { z } from "zod";
import { isIsoDate } from "../calendar/dates.js";
import { defineRoute } from "../http/route.js";
import { correctionPatch } from "./correct.js";
import { listCorrections, resolveCorrection } from "./corrections.js";
import { publicDocumentSchema } from "./document-schema.js";
import { approveAndPublish } from "./publish.js";
import { retractPublication } from "./retraction.js";
import { publicationWithholdings } from "./schema.js";
import { takeDownExpired } from "./take-down.js";
import { pendingDeadlines } from "./watchdog.js";
import { withholdFinding } from "./withhold.js";

const idParams = z.object({ id: z.string().uuid() });
const isoDate = z.string().refine(isIsoDate, "expected a YYYY-MM-DD date");
const deadline = z.object({ date: z.string(), provisional: z.boolean(), met: z.boolean() });

export const publicationSchema = z
  .object({
    findingId: z.string().uuid(),
    publishedAt: z.string(),
    deadline,
    ledger: z.object({ index: z.number().int(), leafHash: z.string() }),
    takenDownAt: z.string().nullable(),
    content: publicDocumentSchema,
  })
  .meta({ id: "Publication" });

export const retractionSchema = z
  .object({
    reason: z.enum(["revoked", "unlawful", "remade"]),
    revokedOn: z.string(),
    retractedAt: z.string(),
    deadline,
    explanation: z.string(),
    ledgerIndex: z.number().int(),
    leafHash: z.string().optional(),
  })
  .meta({ id: "Retraction" });

export const correctionSchema = z
  .object({
    id: z.string().uuid(),
    findingId: z.string().uuid(),
    message: z.string(),
    contact: z.string().nullable(),
    submittedAt: z.string(),
    status: z.enum(["pending", "corrected", "rejected"]),
    outcome: z.string().nullable(),
    cause: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    ledgerIndex: z.number().int().nullable(),
  })
  .meta({ id: "CorrectionRequest" });

export const publicationRoutes = [
  defineRoute({
    method: "post",
    path: "/findings/:id/approve",
    operationId: "approveFinding",
    summary: "Approve and publish a finding",
    tag: "publication",
    access: ["admin"],
    params: idParams,
    responses: {
      201: { description: "Published; the document is in the ledger", schema: publicationSchema },
    },
    handler: async (c, { ctx, params }) =>
      c.json(
        await approveAndPublish(ctx.db, {
          departmentId: ctx.auth!.departmentId,
          findingId: params.id,
          tokenId: ctx.auth!.tokenId,
        }),
        201,
      ),
  }),
  defineRoute({
    method: "post",
    path: "/findings/:id/withhold",
    operationId: "withholdFinding",
    summary: "Decide not to publish a finding (minor, secrets, privacy, security, enforcement)",
    tag: "publication",
    access: ["admin"],
    params: idParams,
    body: z.object({
      reason: z.enum(publicationWithholdings.reason.enumValues),
      note: z.string().trim().min(1).max(4000).describe("Internal record of the decision"),
    }),
    responses: {
      201: {
        description: "Recorded; approval will refuse and the watchdog stops listing it",
        schema: z.object({
          findingId: z.string().uuid(),
          reason: z.string(),
          note: z.string(),
          decidedAt: z.string(),
        }),
      },
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(
        await withholdFinding(ctx.db, {
          departmentId: ctx.auth!.departmentId,
          findingId: params.id,
          tokenId: ctx.auth!.tokenId,
          ...body,
        }),
        201,
      ),
  }),
  defineRoute({
    method: "post",
    path: "/findings/:id/retract",
    operationId: "retractFinding",
    summary: "Withdraw a published decision that was revoked, found unlawful or remade",
    tag: "publication",
    access: ["admin"],
    params: idParams,
    body: z.object({
      reason: z.enum(["revoked", "unlawful", "remade"]),
      revokedOn: isoDate.describe("When the decision was revoked/found unlawful/remade"),
      explanation: z.string().trim().min(1).max(4000).describe("Public, stays visible"),
    }),
    responses: { 201: { description: "The retraction", schema: retractionSchema } },
    handler: async (c, { ctx, params, body }) =>
      c.json(
        await retractPublication(ctx.db, {
          departmentId: ctx.auth!.departmentId,
          findingId: params.id,
          tokenId: ctx.auth!.tokenId,
          ...body,
        }),
        201,
      ),
  }),
  defineRoute({
    method: "get",
    path: "/publication/deadlines",
    operationId: "listPublicationDeadlines",
    summary: "Unpublished findings with their publication deadline (due soon, overdue)",
    tag: "publication",
    access: ["admin", "auditor"],
    responses: {
      200: {
        description: "Pending findings by filing time",
        schema: z.object({
          items: z.array(
            z.object({
              findingId: z.string().uuid(),
              roundId: z.string().uuid(),
              entityId: z.string(),
              decisionType: z.string(),
              deadline: z.object({ date: z.string(), provisional: z.boolean(), basis: z.string() }),
              state: z.enum(["on-time", "due-soon", "overdue"]),
              today: z.string(),
              workingDaysLeft: z.number().int(),
            }),
          ),
        }),
      },
    },
    handler: async (c, { ctx }) => {
      const items = await pendingDeadlines(ctx.db, new Date(), ctx.auth!.departmentId);
      return c.json({ items: items.map(({ departmentId: _d, ...rest }) => rest) });
    },
  }),
  defineRoute({
    method: "post",
    path: "/publication/take-downs",
    operationId: "runTakeDowns",
    summary: "Take down the department's publications past their retention period now",
    tag: "publication",
    access: ["admin"],
    responses: {
      200: {
        description: "What was taken down (the nightly job does the same)",
        schema: z.object({ takenDown: z.number().int(), findingIds: z.array(z.string().uuid()) }),
      },
    },
    handler: async (c, { ctx }) => c.json(await takeDownExpired(ctx.db, new Date(), ctx.auth!.departmentId)),
  }),
  defineRoute({
    method: "get",
    path: "/correction-requests",
    operationId: "listCorrectionRequests",
    summary: "List correction requests (纠错)",
    tag: "publication",
    access: ["admin", "auditor"],
    query: z.object({ status: z.enum(["pending", "corrected", "rejected"]).optional() }),
    responses: {
      200: { description: "Newest first", schema: z.object({ items: z.array(correctionSchema) }) },
    },
    handler: async (c, { ctx, query }) =>
      c.json({ items: await listCorrections(ctx.db, ctx.auth!.departmentId, query.status) }),
  }),
  defineRoute({
    method: "post",
    path: "/correction-requests/:id/resolve",
    operationId: "resolveCorrectionRequest",
    summary: "Resolve a correction request with a public outcome",
    tag: "publication",
    access: ["admin"],
    params: idParams,
    body: z.object({
      status: z.enum(["corrected", "rejected"]),
      outcome: z.string().trim().min(1).max(4000).describe("Public"),
      cause: z.string().trim().min(1).max(4000).nullable().default(null).describe("Traced cause; public"),
      correction: correctionPatch
        .nullable()
        .default(null)
        .describe(
          "With status corrected: fields of the published document to correct (re-published to the ledger)",
        ),
    }),
    responses: {
      200: {
        description: "The resolved request; the outcome is in the ledger",
        schema: correctionSchema.extend({ leafHash: z.string() }),
      },
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(
        await resolveCorrection(ctx.db, {
          departmentId: ctx.auth!.departmentId,
          id: params.id,
          tokenId: ctx.auth!.tokenId,
          ...body,
        }),
      ),
  }),
];
