import { z } from "zod";
import { NotFound } from "../../errors.js";
import { defineRoute, type RequestCtx } from "../../http/route.js";
import { inspectorImportRoutes } from "../imports/inspectors-imports.routes.js";
import {
  changeInspectorStatus,
  createInspector,
  getInspector,
  type StatusAction,
  updateInspector,
} from "./inspectors.js";
import type { Actor } from "./inspectors-model.js";
import { getInspectorHistory, listInspectors } from "./inspectors-query.js";

const status = z.enum(["active", "suspended", "left"]);
const isoDate = z.iso.date();

const inspectorState = z.object({
  name: z.string(),
  post: z.string().nullable(),
  certificateNo: z.string(),
  certValidFrom: isoDate.nullable(),
  certValidUntil: isoDate,
  qualifications: z.array(z.string()),
  district: z.string().nullable(),
  status,
});

const inspector = inspectorState
  .extend({
    id: z.string().uuid(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Inspector" });

const historyEntry = z
  .object({
    version: z.number().int(),
    action: z.enum(["create", "update", "suspend", "reinstate", "leave", "import"]),
    actorTokenId: z.string().uuid().nullable(),
    actorRole: z.enum(["admin", "inspector", "auditor"]).nullable(),
    reason: z.string().nullable(),
    changedFields: z.array(z.string()),
    before: inspectorState.nullable(),
    after: inspectorState,
    at: z.string(),
  })
  .meta({ id: "InspectorHistoryEntry" });

const fields = {
  name: z.string().trim().min(1).max(50),
  post: z.string().max(100).nullable().optional(),
  certificateNo: z.string().trim().min(1).max(50),
  certValidFrom: isoDate.nullable().optional(),
  certValidUntil: isoDate,
  qualifications: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  district: z.string().max(100).nullable().optional(),
};
const createBody = z.object(fields).strict();
const patchBody = z
  .object({
    ...fields,
    certValidUntil: isoDate.optional(),
    name: fields.name.optional(),
    certificateNo: fields.certificateNo.optional(),
    /** Optimistic concurrency: refuse (409) if the record has changed since this version. */
    expectedVersion: z.number().int().positive().optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
const idParams = z.object({ id: z.string().uuid() });
const reasonBody = (required: boolean) =>
  z
    .object({ reason: required ? z.string().trim().min(1).max(500) : z.string().trim().max(500).optional() })
    .strict();

const actorOf = (ctx: RequestCtx): Actor => ({ tokenId: ctx.auth!.tokenId, role: ctx.auth!.role });

function statusRoute(action: StatusAction, summary: string, reasonRequired: boolean) {
  return defineRoute({
    method: "post",
    path: `/inspectors/:id/${action}`,
    operationId: `${action}Inspector`,
    summary,
    tag: "inspectors",
    access: ["admin"],
    params: idParams,
    body: reasonBody(reasonRequired),
    responses: {
      200: { description: "The inspector after the change", schema: inspector },
      422: { description: "The transition is not allowed from the current status" },
    },
    handler: async (c, { ctx, params, body }) => {
      const d = ctx.auth!.departmentId;
      return c.json(
        await changeInspectorStatus(ctx.db, d, params.id, action, actorOf(ctx), body.reason ?? null),
      );
    },
  });
}

export const inspectorRoutes = [
  // Before /inspectors/:id so the literal path is documented (and matched) first.
  ...inspectorImportRoutes,
  defineRoute({
    method: "post",
    path: "/inspectors",
    operationId: "createInspector",
    summary: "Add an inspector to the roster",
    tag: "inspectors",
    access: ["admin"],
    body: createBody,
    responses: {
      201: { description: "The new inspector (status active)", schema: inspector },
      409: { description: "The certificate number is already on this department's roster" },
    },
    handler: async (c, { ctx, body }) =>
      c.json(await createInspector(ctx.db, ctx.auth!.departmentId, body, actorOf(ctx)), 201),
  }),
  defineRoute({
    method: "get",
    path: "/inspectors",
    operationId: "listInspectors",
    summary: "List the inspector roster",
    tag: "inspectors",
    access: ["admin", "auditor"],
    query: z.object({
      status: status.optional(),
      district: z.string().optional(),
      qualification: z.string().optional(),
      certifiedOn: isoDate.optional().describe("Only inspectors whose certificate is valid on this date"),
      cursor: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
    }),
    responses: {
      200: {
        description: "One page, ordered by certificate number",
        schema: z.object({ items: z.array(inspector), nextCursor: z.string().nullable() }),
      },
    },
    handler: async (c, { ctx, query }) => c.json(await listInspectors(ctx.db, ctx.auth!.departmentId, query)),
  }),
  defineRoute({
    method: "get",
    path: "/inspectors/:id",
    operationId: "getInspector",
    summary: "Get one inspector",
    tag: "inspectors",
    access: ["admin", "auditor"],
    params: idParams,
    responses: { 200: { description: "The inspector", schema: inspector } },
    handler: async (c, { ctx, params }) =>
      c.json(await getInspector(ctx.db, ctx.auth!.departmentId, params.id)),
  }),
  defineRoute({
    method: "patch",
    path: "/inspectors/:id",
    operationId: "updateInspector",
    summary: "Update an inspector's roster fields",
    tag: "inspectors",
    access: ["admin"],
    params: idParams,
    body: patchBody,
    responses: {
      200: { description: "The inspector after the change", schema: inspector },
      409: { description: "Certificate number taken, or expectedVersion is stale" },
    },
    handler: async (c, { ctx, params, body }) => {
      const { expectedVersion, reason, ...patch } = body;
      const d = ctx.auth!.departmentId;
      return c.json(
        await updateInspector(ctx.db, d, params.id, patch, actorOf(ctx), { expectedVersion, reason }),
      );
    },
  }),
  statusRoute("suspend", "Suspend an inspector", true),
  statusRoute("reinstate", "Reinstate a suspended or departed inspector", false),
  statusRoute("leave", "Mark an inspector as having left (revokes their tokens)", true),
  defineRoute({
    method: "get",
    path: "/inspectors/:id/history",
    operationId: "getInspectorHistory",
    summary: "Every change to an inspector",
    tag: "inspectors",
    access: ["admin", "auditor"],
    params: idParams,
    responses: {
      200: { description: "Changes, oldest first", schema: z.object({ items: z.array(historyEntry) }) },
    },
    handler: async (c, { ctx, params }) =>
      c.json({ items: await getInspectorHistory(ctx.db, ctx.auth!.departmentId, params.id) }),
  }),
  defineRoute({
    method: "get",
    path: "/me/inspector",
    operationId: "getOwnInspector",
    summary: "Get the inspector record the caller's token is bound to",
    tag: "inspectors",
    access: ["inspector"],
    responses: { 200: { description: "The caller's inspector record", schema: inspector } },
    handler: async (c, { ctx }) => {
      const { departmentId, inspectorId } = ctx.auth!;
      if (!inspectorId) throw new NotFound("this token is not bound to an inspector");
      return c.json(await getInspector(ctx.db, departmentId, inspectorId));
    },
  }),
];
