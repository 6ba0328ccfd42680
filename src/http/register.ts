import type { Context, Hono } from "hono";
import type { z } from "zod";
import { Forbidden, Invalid, Unauthorized } from "../errors.js";
import { zodFieldErrors } from "./on-error.js";
import type { RequestCtx, RouteDef } from "./route.js";

export type AppEnv = { Variables: { requestId: string; ctx: RequestCtx } };

async function parsePart(schema: z.ZodType | undefined, value: unknown, where: string) {
  if (!schema) return undefined;
  const r = await schema.safeParseAsync(value);
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
  if (!ctx.auth) throw new Unauthorized("this endpoint needs a bearer token");
  if (!route.access.includes(ctx.auth.role)) {
    throw new Forbidden(`role ${ctx.auth.role} may not ${route.summary.toLowerCase()}`);
  }
}

/** Mounts every route on the app: access check, validation, then the thin handler. */
export function registerRoutes(app: Hono<AppEnv>, routes: RouteDef[]) {
  for (const route of routes) {
    app.on(route.method.toUpperCase(), route.path, async (c) => {
      const ctx = c.get("ctx");
      checkAccess(route, ctx);
      const params = await parsePart(route.params, c.req.param(), "params");
      const query = await parsePart(route.query, c.req.query(), "query");
      const body = route.body ? await parsePart(route.body, await readJson(c), "body") : undefined;
      return route.handler(c, { ctx, params, query, body } as Parameters<RouteDef["handler"]>[1]);
    });
  }
}
