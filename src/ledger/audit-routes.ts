import { z } from "zod";
import { roleEnum } from "../auth/schema.js";
import { defineRoute } from "../http/route.js";
import { verifyAuditChain } from "./audit.js";
import { queryAudit } from "./audit-query.js";

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
    actor: z
      .object({ kind: z.enum(["account", "token"]), name: z.string() })
      .nullable()
      .describe("Who the actor id is: the account (display name and login) or the API token's label"),
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
      order: z
        .enum(["asc", "desc"])
        .default("asc")
        .describe("asc: oldest first from `after`; desc: newest first, below `before`"),
      after: z.coerce.number().int().min(0).default(0).describe("order=asc: entries with seq > after"),
      before: z.coerce.number().int().min(1).optional().describe("order=desc: entries with seq < before"),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      actorId: z.string().uuid().optional().describe("Only this actor (tokenId; an account's actorId)"),
      role: z.enum(roleEnum.enumValues).optional(),
      action: z.string().max(200).optional().describe('Part of the action, e.g. "/rounds" or "POST"'),
      outcome: z.enum(["success", "refused", "failed"]).optional().describe("2xx/3xx, 4xx or 5xx"),
      from: z.iso.datetime({ offset: true }).optional().describe("At or after this instant"),
      to: z.iso.datetime({ offset: true }).optional().describe("Before this instant"),
    }),
    responses: {
      200: {
        description: "A page of entries in the order asked; nextCursor is the next page's after/before",
        schema: z.object({ items: z.array(auditEntry), nextCursor: z.number().int().nullable() }),
      },
    },
    handler: async (c, { ctx, query }) => {
      const { order, after, before, from, to, ...filters } = query;
      const page = await queryAudit(ctx.db, ctx.auth!.departmentId, {
        ...filters,
        order,
        cursor: order === "asc" ? after : before,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      });
      return c.json(page);
    },
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
