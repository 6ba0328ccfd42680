import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { listAudit, verifyAuditChain } from "./audit.js";

const auditEntry = z
  .object({
    departmentId: z.string().uuid(),
    seq: z.number().int(),
    at: z.string(),
    tokenId: z.string().uuid().nullable(),
    role: z.string(),
    action: z.string(),
    target: z.string(),
    requestId: z.string(),
    status: z.number().int(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: "AuditEntry" });

export const auditRoutes = [
  defineRoute({
    method: "get",
    path: "/audit",
    operationId: "listAudit",
    summary: "List the department's audit trail",
    tag: "audit",
    access: ["admin", "auditor"],
    query: z.object({
      after: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    responses: {
      200: {
        description: "Entries with seq > after, oldest first",
        schema: z.object({ items: z.array(auditEntry) }),
      },
    },
    handler: async (c, { ctx, query }) =>
      c.json({ items: await listAudit(ctx.db, ctx.auth!.departmentId, query.after, query.limit) }),
  }),
  defineRoute({
    method: "get",
    path: "/audit/verify",
    operationId: "verifyAudit",
    summary: "Recompute the audit hash chain",
    tag: "audit",
    access: ["admin", "auditor"],
    responses: {
      200: {
        description: "ok, or the first broken link",
        schema: z.object({
          ok: z.boolean(),
          checked: z.number().int(),
          head: z.string(),
          firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
        }),
      },
    },
    handler: async (c, { ctx }) => c.json(await verifyAuditChain(ctx.db, ctx.auth!.departmentId)),
  }),
];
