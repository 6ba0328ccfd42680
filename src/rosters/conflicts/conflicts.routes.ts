import { z } from "zod";
import { NotFound } from "../../errors.js";
import { defineRoute, type RequestCtx } from "../../http/route.js";
import {
  CONFLICT_CATEGORIES,
  CONFLICT_SOURCES,
  type ConflictRecord,
  createConflict,
  endConflict,
  getConflict,
  listConflicts,
} from "./conflicts.js";

const isoDate = z.iso.date();
const role = z.enum(["admin", "inspector", "auditor"]);

const conflict = z
  .object({
    id: z.string().uuid(),
    inspectorId: z.string().uuid(),
    entityCode: z.string(),
    entityCodeFlag: z.string().nullable().describe("Null for a valid USCC; the legacy-number flag otherwise"),
    category: z.enum(CONFLICT_CATEGORIES),
    source: z.enum(CONFLICT_SOURCES),
    validFrom: isoDate,
    validUntil: isoDate.nullable().describe("Exclusive end; null while open-ended"),
    statement: z.string().nullable(),
    createdByTokenId: z.string().uuid().nullable(),
    createdByRole: role.nullable(),
    createdAt: z.string(),
    endedByTokenId: z.string().uuid().nullable(),
    endedByRole: role.nullable(),
    endedAt: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .meta({ id: "ConflictOfInterest" });

const page = z.object({ items: z.array(conflict), nextCursor: z.string().nullable() });

/** The public shape: everything but the internal sequence number. */
function view(r: ConflictRecord) {
  const { seq: _seq, departmentId: _d, ...rest } = r;
  return rest;
}

const listQuery = {
  activeOn: isoDate.optional().describe("Only conflicts in force on this date"),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
};

const byOf = (ctx: RequestCtx) => ({
  tokenId: ctx.auth!.tokenId,
  role: ctx.auth!.role,
  inspectorId: ctx.auth!.inspectorId,
});

export const conflictRoutes = [
  defineRoute({
    method: "post",
    path: "/conflicts",
    operationId: "createConflict",
    summary: "Record or self-declare a conflict of interest",
    tag: "conflicts",
    access: ["admin", "inspector"],
    body: z
      .object({
        inspectorId: z
          .string()
          .uuid()
          .optional()
          .describe("Required for admins; inspectors declare for themselves"),
        entityCode: z
          .string()
          .min(1)
          .max(40)
          .describe("Unified social credit code (legacy numbers accepted)"),
        category: z.enum(CONFLICT_CATEGORIES),
        source: z
          .enum(CONFLICT_SOURCES)
          .optional()
          .describe("Required for admins; always self-declared for inspectors"),
        validFrom: isoDate.optional().describe("Default: today (China)"),
        validUntil: isoDate.nullable().optional().describe("Exclusive end; omit for open-ended"),
        statement: z.string().max(2000).nullable().optional(),
      })
      .strict(),
    responses: { 201: { description: "The recorded conflict", schema: conflict } },
    handler: async (c, { ctx, body }) =>
      c.json(view(await createConflict(ctx.db, ctx.auth!.departmentId, body, byOf(ctx))), 201),
  }),
  defineRoute({
    method: "get",
    path: "/conflicts",
    operationId: "listConflicts",
    summary: "List conflicts of interest, by inspector or by entity",
    tag: "conflicts",
    access: ["admin", "auditor"],
    query: z.object({
      inspectorId: z.string().uuid().optional(),
      entityCode: z.string().optional(),
      ...listQuery,
    }),
    responses: { 200: { description: "One page in creation order", schema: page } },
    handler: async (c, { ctx, query }) => {
      const r = await listConflicts(ctx.db, ctx.auth!.departmentId, query);
      return c.json({ items: r.items.map(view), nextCursor: r.nextCursor });
    },
  }),
  defineRoute({
    method: "get",
    path: "/conflicts/:id",
    operationId: "getConflict",
    summary: "Get one conflict of interest",
    tag: "conflicts",
    access: ["admin", "auditor", "inspector"],
    params: z.object({ id: z.string().uuid() }),
    responses: { 200: { description: "The conflict (inspectors see only their own)", schema: conflict } },
    handler: async (c, { ctx, params }) => {
      const { departmentId, role: r, inspectorId } = ctx.auth!;
      const row = await getConflict(ctx.db, departmentId, params.id);
      if (r === "inspector" && row.inspectorId !== inspectorId)
        throw new NotFound(`conflict ${params.id} not found`);
      return c.json(view(row));
    },
  }),
  defineRoute({
    method: "post",
    path: "/conflicts/:id/end",
    operationId: "endConflict",
    summary: "End a conflict of interest (kept for audit, never deleted)",
    tag: "conflicts",
    access: ["admin"],
    params: z.object({ id: z.string().uuid() }),
    body: z
      .object({
        until: isoDate.optional().describe("First day the conflict no longer applies; default today (China)"),
        reason: z.string().max(500).optional(),
      })
      .strict(),
    responses: {
      200: { description: "The ended conflict", schema: conflict },
      409: { description: "Already ended" },
      422: { description: "The end date is before the start or after a fixed end" },
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(view(await endConflict(ctx.db, ctx.auth!.departmentId, params.id, body, byOf(ctx)))),
  }),
  defineRoute({
    method: "get",
    path: "/me/conflicts",
    operationId: "listOwnConflicts",
    summary: "List the caller's own conflicts of interest",
    tag: "conflicts",
    access: ["inspector"],
    query: z.object(listQuery),
    responses: { 200: { description: "One page in creation order", schema: page } },
    handler: async (c, { ctx, query }) => {
      const { departmentId, inspectorId } = ctx.auth!;
      if (!inspectorId) throw new NotFound("this token is not bound to an inspector");
      const r = await listConflicts(ctx.db, departmentId, { ...query, inspectorId });
      return c.json({ items: r.items.map(view), nextCursor: r.nextCursor });
    },
  }),
];
