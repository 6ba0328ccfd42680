import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { createAccount, disableAccount, listAccounts, resetPassword } from "./accounts.js";
import { roleEnum } from "./schema.js";

const account = z
  .object({
    id: z.string().uuid(),
    departmentId: z.string().uuid(),
    login: z.string(),
    displayName: z.string(),
    role: z.enum(roleEnum.enumValues),
    inspectorId: z.string().uuid().nullable(),
    actorId: z
      .string()
      .uuid()
      .describe("The id this account's actions carry in the audit trail (tokenId there)"),
    mustChangePassword: z.boolean(),
    lockedUntil: z.string().nullable(),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Account" });

const withPassword = z.object({
  account,
  oneTimePassword: z
    .string()
    .nullable()
    .describe(
      "Generated when no password was given; shown only here. The holder must change it at first sign-in",
    ),
});

const password = z.string().max(1024).describe("At least 10 characters; omit to have one generated");

export const accountRoutes = [
  defineRoute({
    method: "post",
    path: "/accounts",
    operationId: "createAccount",
    summary: "Create a staff account",
    tag: "auth",
    access: ["admin"],
    adminOnly: true,
    body: z.object({
      login: z.string().min(1).max(64),
      displayName: z.string().min(1).max(200),
      role: z.enum(roleEnum.enumValues),
      inspectorId: z
        .string()
        .uuid()
        .optional()
        .describe("Required for role inspector: an inspector of this department who has not left"),
      password: password.optional(),
    }),
    responses: {
      201: { description: "Created", schema: withPassword },
      409: { description: "The login is taken" },
    },
    handler: async (c, { ctx, body }) =>
      c.json(await createAccount(ctx.db, { ...body, departmentId: ctx.auth!.departmentId }), 201),
  }),
  defineRoute({
    method: "get",
    path: "/accounts",
    operationId: "listAccounts",
    summary: "List the department's staff accounts",
    tag: "auth",
    access: ["admin"],
    adminOnly: true,
    responses: {
      200: { description: "Accounts (never their passwords)", schema: z.object({ items: z.array(account) }) },
    },
    handler: async (c, { ctx }) => c.json({ items: await listAccounts(ctx.db, ctx.auth!.departmentId) }),
  }),
  defineRoute({
    method: "post",
    path: "/accounts/:id/password",
    operationId: "resetAccountPassword",
    summary: "Set or generate a new password for an account",
    tag: "auth",
    access: ["admin"],
    adminOnly: true,
    params: z.object({ id: z.string().uuid() }),
    body: z.object({ password: password.optional() }),
    responses: {
      200: {
        description: "Reset: unlocked, must change at next sign-in, its sessions ended",
        schema: withPassword,
      },
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(
        await resetPassword(ctx.db, {
          departmentId: ctx.auth!.departmentId,
          accountId: params.id,
          password: body.password,
        }),
      ),
  }),
  defineRoute({
    method: "post",
    path: "/accounts/:id/disable",
    operationId: "disableAccount",
    summary: "Disable an account and end its sessions",
    tag: "auth",
    access: ["admin"],
    adminOnly: true,
    params: z.object({ id: z.string().uuid() }),
    responses: {
      200: { description: "Disabled (disabling twice keeps the first time)", schema: account },
      409: { description: "An account cannot disable itself" },
    },
    handler: async (c, { ctx, params }) =>
      c.json(
        await disableAccount(ctx.db, {
          departmentId: ctx.auth!.departmentId,
          accountId: params.id,
          byAccountId: ctx.auth!.accountId,
          now: ctx.now(),
        }),
      ),
  }),
];
