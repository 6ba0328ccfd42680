import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { Logger } from "pino";
import { authenticateRequest, forgetDeadCookie } from "../auth/request-auth.js";
import type { Config } from "../config.js";
import type { Database } from "../db/types.js";
import { NotFound, PayloadTooLarge } from "../errors.js";
import { auditTrail } from "../ledger/audit-middleware.js";
import { mountPortal } from "../portal/mount.js";
import { createCaches } from "./cache.js";
import { mountConsole } from "./console.js";
import { mountDocs } from "./docs.js";
import { rejectNul } from "./nul-guard.js";
import { makeOnError } from "./on-error.js";
import { buildOpenApiDocument } from "./openapi.js";
import { type AppEnv, registerRoutes } from "./register.js";
import { rememberWrite } from "./replica-reads.js";
import { allRoutes } from "./routes.js";

export interface AppDeps {
  database: Database;
  config: Config;
  log: Logger;
  version: string;
  /** Defaults to the system clock; tests move it to expire sessions and lock-outs without sleeping. */
  clock?: () => Date;
}

/** Paths whose bodies may be large uploads; everything else gets the small JSON limit. */
const IMPORT_PATH = /\/imports(\/|$)/;
const EVIDENCE_PATH = /^\/inspections\/[^/]+\/[^/]+\/evidence$/;
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function createApp(deps: AppDeps) {
  const { database, config, log } = deps;
  const app = new Hono<AppEnv>();
  const routes = allRoutes();
  const openapi = buildOpenApiDocument(routes, deps.version);
  database.changes.start();
  // Health checks of the read replicas; until the first one ends, public reads use the primary.
  void database.replicas?.start().catch((err) => log.warn({ err }, "read replica check failed"));
  const caches = createCaches(database.changes);

  app.onError(makeOnError(log));
  app.notFound((c) => {
    throw new NotFound(`no route for ${c.req.method} ${new URL(c.req.url).pathname}`);
  });
  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    log.info(
      {
        requestId: c.get("requestId"),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
  app.use(async (c, next) => {
    // No body to limit; and reading c.req.raw.body would build a whole Request object per call.
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const limit = IMPORT_PATH.test(c.req.path)
      ? config.IMPORT_LIMIT_BYTES
      : EVIDENCE_PATH.test(c.req.path)
        ? config.EVIDENCE_LIMIT_BYTES
        : config.BODY_LIMIT_BYTES;
    return bodyLimit({
      maxSize: limit,
      onError: () => {
        throw new PayloadTooLarge(`request body exceeds ${limit} bytes`);
      },
    })(c, next);
  });
  app.use(rejectNul(routes));
  const now = deps.clock ?? (() => new Date());
  app.use(async (c, next) => {
    // A bearer token, else the staff session cookie (CSRF-checked for writes).
    const { auth, session, deadCookie } = await authenticateRequest(c, {
      db: database.db,
      config,
      tokens: caches.tokens,
      now: now(),
    });
    c.set("ctx", {
      database,
      db: database.db,
      config,
      auth,
      session,
      now,
      caches,
      requestId: c.get("requestId"),
    });
    try {
      await next();
    } finally {
      // A dead session is served as anonymous (public pages keep working); the browser forgets it.
      if (deadCookie) forgetDeadCookie(c, config);
      // After a write, drop what any instance cached for the caller's department (the domain
      // announces its own changes too; this covers any it does not), and wait for the echo so
      // the caller's next read sees the write.
      if (MUTATING.has(c.req.method)) {
        await database.changes.sync(auth?.departmentId);
        // With read replicas: the position the writer's next public reads must see.
        await rememberWrite(c, database, config);
      }
    }
  });
  app.use(auditTrail(log));

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    await database.db.execute("select 1");
    return c.json({ status: "ready" });
  });
  app.get("/openapi.json", (c) => c.json(openapi));
  mountDocs(app);
  mountPortal(app);
  mountConsole(app);
  registerRoutes(app, routes, config.TRUST_PROXY);
  return { app, routes, openapi };
}
