import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Logger } from "pino";
import { AppError } from "../errors.js";
import type { AppEnv } from "../http/register.js";
import { recordAudit } from "./audit.js";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Records every authenticated mutating request after its handler ran, whatever the outcome
 * (the status is part of the record). Anonymous requests have no department chain to join.
 * A failure to record is logged, never turned into an error response: the handler's work
 * is already committed by then.
 */
export function auditTrail(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Errors thrown outside a route handler (e.g. no route matched) reach here; record them
    // with their mapped status and re-throw for the error handler.
    let thrown: unknown = null;
    try {
      await next();
    } catch (err) {
      thrown = err ?? new Error("unknown error");
    }
    const ctx = c.get("ctx");
    if (MUTATING.has(c.req.method) && ctx?.auth) {
      const status = thrown ? (thrown instanceof AppError ? thrown.status : 500) : c.res.status;
      try {
        await recordAudit(ctx.db, {
          departmentId: ctx.auth.departmentId,
          tokenId: ctx.auth.tokenId,
          role: ctx.auth.role,
          action: `${c.req.method} ${routePath(c, -1)}`,
          target: c.req.path,
          requestId: ctx.requestId,
          status,
        });
      } catch (err) {
        log.error({ err, requestId: ctx.requestId }, "audit trail: could not record request");
      }
    }
    if (thrown) throw thrown;
  };
}
