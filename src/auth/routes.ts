import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { roleEnum } from "./schema.js";
import { createToken, listTokens, revokeToken } from "./tokens.js";

const tokenSummary = z
  .object({
    id: z.string().uuid(),
    role: z.enum(roleEnum.enumValues),
    label: z.string(),
    inspectorId: z.string().uuid().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: "TokenSummary" });

const createTokenBody = z.object({
  role: z.enum(roleEnum.enumValues),
  label: z.string().min(1).max(200),
  inspectorId: z.string().uuid().optional(),
});

export const authRoutes = [
  defineRoute({
    method: "post",
    path: "/tokens",
    operationId: "createToken",
    summary: "Create an API token",
    tag: "auth",
    access: ["admin"],
    adminOnly: true,
    body: createTokenBody,
    responses: {
      201: {
        description: "The token; its plaintext is shown only here",
        schema: z.object({ id: z.string().uuid(), token: z.string(), role: z.string(), label: z.string() }),
      },
    },
    handler: async (c, { ctx, body }) => {
      const auth = ctx.auth!;
      const created = await createToken(ctx.db, { ...body, departmentId: auth.departmentId });
      return c.json(created, 201);
    },
  }),
  defineRoute({
    method: "get",
    path: "/tokens",
    operationId: "listTokens",
    summary: "List the department's API tokens",
    tag: "auth",
    access: ["admin"],
    adminOnly: true,
    responses: {
      200: {
        description: "Tokens (never their secrets)",
        schema: z.object({ items: z.array(tokenSummary) }),
      },
    },
    handler: async (c, { ctx }) => c.json({ items: await listTokens(ctx.db, ctx.auth!.departmentId) }),
  }),
  defineRoute({
    method: "delete",
    path: "/tokens/:id",
    operationId: "revokeToken",
    summary: "Revoke an API token",
    tag: "auth",
    access: ["admin"],
    adminOnly: true,
    params: z.object({ id: z.string().uuid() }),
    responses: { 204: { description: "Revoked" } },
    handler: async (c, { ctx, params }) => {
      await revokeToken(ctx.db, { departmentId: ctx.auth!.departmentId, tokenId: params.id });
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: "get",
    path: "/me",
    operationId: "whoAmI",
    summary: "Describe the caller (token or signed-in account)",
    tag: "auth",
    access: ["admin", "inspector", "auditor"],
    responses: {
      200: {
        description: "The caller",
        schema: z.object({
          departmentId: z.string().uuid(),
          role: z.string(),
          tokenId: z.string().uuid(),
          inspectorId: z.string().uuid().nullable(),
          accountId: z.string().uuid().nullable().describe("Set when signed in with a staff account"),
          via: z.enum(["token", "session"]),
        }),
      },
    },
    handler: (c, { ctx }) => c.json(ctx.auth!),
  }),
];
