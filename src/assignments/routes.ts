/** Assignment routes: inspectors' own assignments and recusal (the team board: board.routes.ts). */
import { z } from "zod";
import { getRoundForParticipant } from "../draws/joint.js";
import { roundIdParams } from "../draws/views.js";
import { Forbidden } from "../errors.js";
import { cachedResponse } from "../http/cache.js";
import { defineRoute } from "../http/route.js";
import { acceptAssignment } from "./assignments.js";
import { boardRoutes } from "./board.routes.js";
import { recusalRequestSchema, substitutionRecord } from "./board-schemas.js";
import { myAssignments } from "./my-assignments.js";
import { decideRecusal, declareConflict, requestRecusal } from "./recusal.js";
import { recusalRequestsWithNames } from "./recusal-requests-view.js";
import { listSubstitutions, RECUSAL_CATEGORIES } from "./substitution.js";

const teammateSchema = z
  .object({
    inspectorId: z.string().uuid(),
    name: z.string(),
    post: z.string().nullable(),
    certificateNo: z.string().describe("执法证号, shown at the door"),
    slot: z.number().int(),
  })
  .meta({ id: "Teammate" });

const assignmentSchema = z
  .object({
    id: z.string().uuid(),
    roundId: z.string().uuid(),
    roundTitle: z.string(),
    roundStatus: z.string(),
    window: z
      .object({ from: z.string(), until: z.string() })
      .describe("The round's inspection window (Shanghai dates, both days included)"),
    entityId: z.string(),
    inspectorId: z.string().uuid(),
    slot: z.number().int(),
    status: z.enum(["assigned", "accepted", "recused"]),
    acceptedAt: z.string().nullable(),
    recusedAt: z.string().nullable(),
    entity: z
      .object({
        id: z.string().describe("The credit code (entities are keyed by it)"),
        name: z.string().nullable(),
        creditCode: z.string(),
        address: z.string().nullable(),
        regionCode: z.string().nullable(),
      })
      .describe("As the working roster has it now, else as frozen in the round's revision"),
    item: z
      .object({
        id: z.string().uuid(),
        code: z.string(),
        name: z.string(),
        content: z.string().describe("检查内容"),
        method: z.array(z.string()).describe("检查方式: `written` (书面检查), `on_site` (实地查看)"),
      })
      .nullable()
      .describe("The checklist item version the round inspects"),
    teammates: z
      .array(teammateSchema)
      .describe("The other members of the current team (after substitutions), the caller excluded"),
    deadline: z.object({
      inspectBy: z.string().describe("Last day of the window"),
      resultsPublicBy: z
        .string()
        .describe("Last day to publish the result: 20 working days after the window closes (RULES §7)"),
      provisional: z.boolean().describe("The working-day calendar of a year involved is not announced yet"),
    }),
  })
  .meta({ id: "Assignment" });

const substitutionResult = z
  .object({
    entityId: z.string(),
    recused: z.string().uuid(),
    substitute: z
      .string()
      .uuid()
      .nullable()
      .describe("Null when no eligible substitute exists (the team is dissolved and reported)"),
    at: z.string(),
    proofVersion: z.number().int(),
    seq: z.number().int(),
  })
  .meta({ id: "SubstitutionResult" });

const category = z.enum(RECUSAL_CATEGORIES);
const idParams = z.object({ id: z.string().uuid() });
const ok = z.object({}).passthrough();

function inspectorOf(auth: { inspectorId: string | null }): string {
  if (!auth.inspectorId) throw new Forbidden("this token is not bound to an inspector");
  return auth.inspectorId;
}

export const assignmentRoutes = [
  defineRoute({
    method: "get",
    path: "/me/assignments",
    operationId: "listMyAssignments",
    summary: "List the calling inspector's own assignments",
    tag: "assignments",
    access: ["inspector"],
    responses: {
      200: { description: "Own assignments only", schema: z.object({ items: z.array(assignmentSchema) }) },
    },
    handler: (c, { ctx }) => {
      const inspectorId = inspectorOf(ctx.auth!);
      const departmentId = ctx.auth!.departmentId;
      // Changes reach assignments by the draw and substitutions (a transition or a logged
      // proof version) or by requests of the department, each of which drops the entry.
      return cachedResponse(c, ctx.caches, `me:${departmentId}:${inspectorId}`, async () => ({
        department: departmentId,
        body: JSON.stringify({ items: await myAssignments(ctx.db, departmentId, inspectorId) }),
        headers: { "cache-control": "private, no-cache" },
      }));
    },
  }),
  defineRoute({
    method: "post",
    path: "/me/assignments/:id/accept",
    operationId: "acceptAssignment",
    summary: "Accept an assignment",
    tag: "assignments",
    access: ["inspector"],
    params: idParams,
    responses: { 200: { description: "Accepted", schema: ok } },
    handler: async (c, { ctx, params }) =>
      c.json(await acceptAssignment(ctx.db, ctx.auth!.departmentId, inspectorOf(ctx.auth!), params.id)),
  }),
  defineRoute({
    method: "post",
    path: "/me/assignments/:id/conflict",
    operationId: "declareAssignmentConflict",
    summary: "Declare a conflict of interest; a substitute is drawn verifiably",
    tag: "assignments",
    access: ["inspector"],
    params: idParams,
    body: z.object({ category, statement: z.string().min(1).max(2000) }),
    responses: { 200: { description: "The substitution", schema: substitutionResult } },
    handler: async (c, { ctx, params, body }) =>
      c.json(
        await declareConflict(ctx.db, ctx.config, {
          departmentId: ctx.auth!.departmentId,
          inspectorId: inspectorOf(ctx.auth!),
          assignmentId: params.id,
          ...body,
        }),
      ),
  }),
  defineRoute({
    method: "post",
    path: "/public/rounds/:id/recusal-requests",
    operationId: "requestRecusal",
    summary: "An inspected entity asks for an inspector's recusal (the department decides)",
    tag: "public",
    access: "public",
    rateLimit: "recusal",
    params: roundIdParams,
    body: z
      .object({
        entityId: z.string().min(1).max(64),
        inspectorId: z.string().uuid().optional(),
        certificateNo: z
          .string()
          .min(1)
          .max(50)
          .optional()
          .describe("The inspector's 执法证号 as printed on the notice (instead of inspectorId)"),
        departmentCode: z
          .string()
          .min(1)
          .max(20)
          .optional()
          .describe(
            "The department that issued the 执法证号: needed only in a joint round where two departments' inspectors on the team carry the same number (else 409)",
          ),
        category,
        statement: z.string().min(1).max(2000),
        contact: z.string().min(1).max(200),
      })
      .refine((b) => (b.inspectorId === undefined) !== (b.certificateNo === undefined), {
        message: "name the inspector by exactly one of inspectorId and certificateNo",
        path: ["inspectorId"],
      })
      .refine((b) => b.departmentCode === undefined || b.certificateNo !== undefined, {
        message: "departmentCode qualifies a certificateNo",
        path: ["departmentCode"],
      }),
    responses: {
      201: { description: "Request recorded", schema: ok },
      409: {
        description:
          "The 执法证号 names inspectors of several departments on this team; the problem lists their codes under body.departmentCode",
      },
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(await requestRecusal(ctx.db, { roundId: params.id, ...body }), 201),
  }),
  defineRoute({
    method: "get",
    path: "/rounds/:id/recusal-requests",
    operationId: "listRecusalRequests",
    summary: "List a round's recusal requests",
    tag: "assignments",
    access: ["admin", "auditor"],
    params: roundIdParams,
    responses: {
      200: {
        description: "Requests, oldest first, with the inspector's and entity's names",
        schema: z.object({ items: z.array(recusalRequestSchema) }),
      },
    },
    handler: async (c, { ctx, params }) =>
      c.json({ items: await recusalRequestsWithNames(ctx.db, ctx.auth!.departmentId, params.id) }),
  }),
  defineRoute({
    method: "post",
    path: "/recusal-requests/:id/decision",
    operationId: "decideRecusalRequest",
    summary: "Decide a recusal request; acceptance substitutes the inspector",
    tag: "assignments",
    access: ["admin"],
    params: idParams,
    body: z.object({ accept: z.boolean(), note: z.string().max(2000).default("") }),
    responses: {
      200: {
        description: "The decision and any substitution",
        schema: z.object({
          id: z.string().uuid(),
          status: z.enum(["accepted", "rejected"]),
          substitution: substitutionResult.nullable(),
        }),
      },
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(
        await decideRecusal(ctx.db, ctx.config, {
          departmentId: ctx.auth!.departmentId,
          requestId: params.id,
          tokenId: ctx.auth!.tokenId,
          ...body,
        }),
      ),
  }),
  defineRoute({
    method: "get",
    path: "/rounds/:id/substitutions",
    operationId: "listRoundSubstitutions",
    summary: "List a round's substitutions (the records the verifier replays)",
    tag: "assignments",
    access: ["admin", "auditor"],
    params: roundIdParams,
    responses: {
      200: {
        description: "Substitutions in order",
        schema: z.object({ items: z.array(substitutionRecord) }),
      },
    },
    handler: async (c, { ctx, params }) => {
      // A joint round's member sees them too (they are in the public proof anyway).
      await getRoundForParticipant(ctx.db, ctx.auth!.departmentId, params.id);
      return c.json({ items: await listSubstitutions(ctx.db, params.id) });
    },
  }),
  ...boardRoutes,
];
