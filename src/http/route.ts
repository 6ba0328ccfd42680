import type { Context } from "hono";
import type { z } from "zod";
import type { SessionInfo } from "../auth/sessions.js";
import type { AuthContext, Role } from "../auth/tokens.js";
import type { Config } from "../config.js";
import type { Database } from "../db/types.js";
import type { Caches } from "./cache.js";
import type { RateLimitName } from "./rate-limit.js";

/** What every handler receives besides its validated input. */
export interface RequestCtx {
  database: Database;
  db: Database["db"];
  config: Config;
  /** Present when the request carried a valid bearer token or staff session cookie. */
  auth: AuthContext | null;
  /** The staff session, when the request is authenticated by its cookie (src/auth/request-auth.ts). */
  session: SessionInfo | null;
  /** The app's clock (injectable in tests: lock-out and session expiry). */
  now: () => Date;
  /** In-memory read caches (src/http/cache.ts). */
  caches: Caches;
  requestId: string;
}

export interface ResponseSpec {
  description: string;
  /** JSON body schema; omit for empty or non-JSON bodies. */
  schema?: z.ZodType;
  /** Non-JSON content types (CSV, XLSX, NDJSON, HTML). */
  contentTypes?: string[];
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteDef<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Hono-style path, e.g. `/entities/:code`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /**
   * `public` routes need no token; otherwise the roles allowed. `operator` is implied wherever
   * `admin` is listed unless the route is `adminOnly` (see `rolesAllowed`).
   */
  access: "public" | readonly Role[];
  /** The department's administration (accounts, departments, tokens, webhooks): admin, never operator. */
  adminOnly?: boolean;
  /**
   * Per-client limit (src/http/rate-limit.ts); required on every public route that is not a
   * GET (mounting one without it fails), so no anonymous write goes unlimited.
   */
  rateLimit?: RateLimitName;
  params?: P;
  query?: Q;
  /** JSON request body. */
  body?: B;
  /** Raw (non-JSON) request bodies accepted, e.g. text/csv; the handler reads the stream. */
  rawBody?: { contentTypes: string[]; description: string };
  responses: Record<number, ResponseSpec>;
  handler: (
    c: Context,
    input: { ctx: RequestCtx; params: Infer<P>; query: Infer<Q>; body: Infer<B> },
  ) => Promise<Response> | Response;
}

/** Identity helper that keeps the generic parameters inferred at each route definition. */
export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(def: RouteDef<P, Q, B>): RouteDef {
  return def as unknown as RouteDef;
}

/**
 * The roles a route admits. The operator (经办人) does the admin's workflow, so it is added
 * wherever admin is listed, except on routes marked `adminOnly`: one rule here instead of
 * `"operator"` in every route's list.
 */
export function rolesAllowed(route: Pick<RouteDef, "access" | "adminOnly">): readonly Role[] {
  if (route.access === "public") return [];
  if (route.adminOnly || !route.access.includes("admin") || route.access.includes("operator")) {
    return route.access;
  }
  return [...route.access, "operator"];
}
