/** Assignment routes: inspectors' own assignments, recusal, the team board and exports. */
import { z } from "zod";
import { getRoundForParticipant } from "../draws/joint.js";
import { getRound } from "../draws/rounds.js";
import { roundIdParams } from "../draws/views.js";
import { Forbidden } from "../errors.js";
import { cachedResponse } from "../http/cache.js";
import { defineRoute } from "../http/route.js";
import { acceptAssignment } from "./assignments.js";
import { boardCsv, boardXlsx, teamBoard } from "./board.js";
import { boardRowSchema, recusalRequestSchema, substitutionRecord } from "./board-schemas.js";
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

/** Team board pages: a default that keeps a 300 000-team round from answering in one response. */
const BOARD_DEFAULT_LIMIT = 1000;
const BOARD_MAX_LIMIT = 10_000;

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
        category,
        statement: z.string().min(1).max(2000),
        contact: z.string().min(1).max(200),
      })
      .refine((b) => (b.inspectorId === undefined) !== (b.certificateNo === undefined), {
        message: "name the inspector by exactly one of inspectorId and certificateNo",
        path: ["inspectorId"],
      }),
    responses: { 201: { description: "Request recorded", schema: ok } },
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
      await getRound(ctx.db, ctx.auth!.departmentId, params.id);
      return c.json({ items: await listSubstitutions(ctx.db, params.id) });
    },
  }),
  defineRoute({
    method: "get",
    path: "/rounds/:id/board",
    operationId: "getTeamBoard",
    summary: "Team board of a round",
    tag: "assignments",
    access: ["admin", "auditor"],
    params: roundIdParams,
    query: z.object({
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(BOARD_MAX_LIMIT)
        .default(BOARD_DEFAULT_LIMIT)
        .describe("Rows per page (each assignment is a row: a team of two is two rows)"),
      cursor: z.string().max(2000).optional().describe("`nextCursor` of the previous page"),
    }),
    responses: {
      200: {
        description: "One page of assignments, in draw order then slot; `nextCursor` null on the last page",
        schema: z.object({ items: z.array(boardRowSchema), nextCursor: z.string().nullable() }),
      },
    },
    handler: async (c, { ctx, params, query }) =>
      c.json(await teamBoard(ctx.db, ctx.auth!.departmentId, params.id, query)),
  }),
  defineRoute({
    method: "get",
    path: "/rounds/:id/assignments.csv",
    operationId: "exportAssignmentsCsv",
    summary: "Export a round's assignments as CSV (Chinese headers)",
    tag: "assignments",
    access: ["admin", "auditor"],
    params: roundIdParams,
    responses: { 200: { description: "UTF-8 CSV with BOM", contentTypes: ["text/csv"] } },
    handler: async (c, { ctx, params }) => {
      const { items: rows } = await teamBoard(ctx.db, ctx.auth!.departmentId, params.id);
      return c.body(boardCsv(rows), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="assignments-${params.id}.csv"`,
      });
    },
  }),
  defineRoute({
    method: "get",
    path: "/rounds/:id/assignments.xlsx",
    operationId: "exportAssignmentsXlsx",
    summary: "Export a round's assignments as XLSX (Chinese headers)",
    tag: "assignments",
    access: ["admin", "auditor"],
    params: roundIdParams,
    responses: {
      200: {
        description: "Workbook",
        contentTypes: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      },
    },
    handler: async (c, { ctx, params }) => {
      const round = await getRoundForParticipant(ctx.db, ctx.auth!.departmentId, params.id);
      const { items: rows } = await teamBoard(ctx.db, ctx.auth!.departmentId, params.id);
      const buf = await boardXlsx(rows, round.title);
      return c.body(buf as unknown as ArrayBuffer, 200, {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="assignments-${params.id}.xlsx"`,
      });
    },
  }),
];
