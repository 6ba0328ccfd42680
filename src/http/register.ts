import type { Context, Hono } from "hono";
import type { z } from "zod";
import { Forbidden, Invalid, Unauthorized } from "../errors.js";
import { zodFieldErrors } from "./on-error.js";
import { type ProblemLocale, problemLocale, zodZhCN } from "./problem-locale.js";
import { createRateLimiters, limitKey } from "./rate-limit.js";
import { readFromReplica } from "./replica-reads.js";
import { type RequestCtx, type RouteDef, rolesAllowed } from "./route.js";

export type AppEnv = { Variables: { requestId: string; ctx: RequestCtx } };

async function parsePart(
  schema: z.ZodType | undefined,
  value: unknown,
  where: string,
  locale: ProblemLocale,
) {
  if (!schema) return undefined;
  // Field messages in the caller's language; a schema's own message still wins.
  const r = await schema.safeParseAsync(value, locale === "zh-CN" ? { error: zodZhCN } : undefined);
  if (!r.success) throw new Invalid(`invalid ${where}`, zodFieldErrors(r.error, where));
  return r.data;
}

async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw new Invalid("expected a JSON body (content-type: application/json)");
  }
  try {
    return await c.req.json();
  } catch {
    throw new Invalid("the request body is not valid JSON");
  }
}

function checkAccess(route: RouteDef, ctx: RequestCtx) {
  if (route.access === "public") return;
  if (!ctx.auth) throw new Unauthorized("this endpoint needs a bearer token or a signed-in session");
  if (!rolesAllowed(route).includes(ctx.auth.role)) {
    throw new Forbidden(`role ${ctx.auth.role} may not ${route.summary.toLowerCase()}`);
  }
}

/** An anonymous write without a per-client limit is a bug in the route table, caught at start. */
export function isAnonymousWrite(route: RouteDef): boolean {
  return route.access === "public" && route.method !== "get";
}

/**
 * Mounts every route on the app: access check, validation, the per-client limit (after
 * validation, so only well-formed requests spend the client's budget), then the thin handler.
 */
export function registerRoutes(app: Hono<AppEnv>, routes: RouteDef[], trustProxy: number) {
  const limiters = createRateLimiters();
  for (const route of routes) {
    if (isAnonymousWrite(route) && !route.rateLimit) {
      throw new Error(
        `${route.method.toUpperCase()} ${route.path} is an anonymous write without a rateLimit`,
      );
    }
    const limiter = route.rateLimit ? limiters[route.rateLimit] : undefined;
    app.on(route.method.toUpperCase(), route.path, async (c) => {
      const ctx = c.get("ctx");
      checkAccess(route, ctx);
      const locale = problemLocale(c.req.header("accept-language"));
      const params = await parsePart(route.params, c.req.param(), "params", locale);
      const query = await parsePart(route.query, c.req.query(), "query", locale);
      const body = route.body ? await parsePart(route.body, await readJson(c), "body", locale) : undefined;
      const client = limiter ? limitKey(c, trustProxy) : null;
      // The app's clock (tests inject one), so a slow machine cannot refill a bucket mid-test.
      if (client !== null) limiter?.take(client, ctx.now().getTime());
      const run = (ctx: RequestCtx) =>
        route.handler(c, { ctx, params, query, body } as Parameters<RouteDef["handler"]>[1]);
      // Public reads may be served by a streaming replica (DATABASE_REPLICA_URLS).
      return route.access === "public" && route.method === "get" ? readFromReplica(c, ctx, run) : run(ctx);
    });
  }
}
