import { z } from "zod";
import { Forbidden, Unauthorized } from "../errors.js";
import { problemSchema } from "../http/problem.js";
import { defineRoute } from "../http/route.js";
import { changeOwnPassword } from "./accounts.js";
import { checkSignInOrigin, clearSessionCookie, setSessionCookie } from "./request-auth.js";
import { roleEnum } from "./schema.js";
import { sessionAnswer, signIn, signOut } from "./sessions.js";

const ALL_ROLES = roleEnum.enumValues;

const sessionBody = z
  .object({
    account: z.object({
      id: z.string().uuid(),
      login: z.string(),
      displayName: z.string(),
      role: z.enum(ALL_ROLES),
      departmentId: z.string().uuid(),
      inspectorId: z.string().uuid().nullable(),
      /** True while the password is a one-time password: the console asks for a new one first. */
      mustChangePassword: z.boolean(),
    }),
    csrfToken: z.string().describe("Send as the x-csrf-token header on every POST/PUT/PATCH/DELETE"),
    expiresAt: z
      .string()
      .describe("Absolute end of the session (it also ends after SESSION_IDLE_MINUTES unused)"),
  })
  .meta({ id: "StaffSession" });

const lockedProblem = problemSchema
  .extend({ lockedUntil: z.string().describe("ISO-8601 time the account unlocks") })
  .meta({ id: "LockedProblem" });

export const sessionRoutes = [
  defineRoute({
    method: "post",
    path: "/auth/sign-in",
    operationId: "signIn",
    summary: "Sign in with a login and password",
    tag: "auth",
    access: "public",
    rateLimit: "signIn",
    body: z.object({ login: z.string().min(1).max(200), password: z.string().min(1).max(1024) }),
    responses: {
      200: {
        description:
          "Signed in. Sets the cookie sortes_session (HttpOnly; SameSite=Strict; Path=/; Secure when COOKIE_SECURE)",
        schema: sessionBody,
      },
      401: { description: "Wrong login or password (the same answer for an unknown login)" },
      403: {
        description: "Cross-site sign-in refused (…/csrf: Sec-Fetch-Site or Origin names another site)",
      },
      423: { description: "Locked after repeated failed sign-ins, until lockedUntil", schema: lockedProblem },
    },
    handler: async (c, { ctx, body }) => {
      checkSignInOrigin(c, ctx.config);
      const now = ctx.now();
      const { cookie, session } = await signIn(ctx.db, { ...body, now, settings: ctx.config });
      setSessionCookie(c, cookie, ctx.config, session.expiresAt, now);
      return c.json(sessionAnswer(session), 200);
    },
  }),
  defineRoute({
    method: "get",
    path: "/auth/session",
    operationId: "getSession",
    summary: "The signed-in account and its CSRF token",
    tag: "auth",
    // Answers from the cookie alone: public, so a page can ask whether anyone is signed in.
    access: "public",
    responses: {
      200: { description: "The session", schema: sessionBody },
      401: { description: "No live session cookie (never signed in, signed out, idle or expired)" },
    },
    handler: (c, { ctx }) => {
      if (!ctx.session) throw new Unauthorized("not signed in");
      return c.json(sessionAnswer(ctx.session), 200);
    },
  }),
  defineRoute({
    method: "post",
    path: "/auth/sign-out",
    operationId: "signOut",
    summary: "End the current session",
    tag: "auth",
    access: ALL_ROLES,
    responses: { 204: { description: "Signed out (with a bearer token there is nothing to end)" } },
    handler: async (c, { ctx }) => {
      if (ctx.session) {
        await signOut(ctx.db, ctx.session.id);
        clearSessionCookie(c, ctx.config);
      }
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: "post",
    path: "/auth/password",
    operationId: "changeOwnPassword",
    summary: "Change the signed-in account's password",
    tag: "auth",
    access: ALL_ROLES,
    body: z.object({
      current: z.string().min(1).max(1024),
      next: z.string().max(1024).describe("At least 10 characters"),
    }),
    responses: {
      204: { description: "Changed; the account's other sessions end" },
      403: { description: "Authenticated by a bearer token, which has no password" },
    },
    handler: async (c, { ctx, body }) => {
      if (!ctx.session) throw new Forbidden("only a signed-in account has a password to change");
      await changeOwnPassword(ctx.db, {
        accountId: ctx.session.account.id,
        sessionId: ctx.session.id,
        ...body,
      });
      return c.body(null, 204);
    },
  }),
];
