import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { loadCalendar } from "./calendar/calendar.js";
import type { Config } from "./config.js";
import { openDatabase } from "./db/client.js";
import { replicaOptions } from "./db/replicas.js";
import { bootstrapIfEmpty } from "./departments/departments.js";
import { createApp } from "./http/app.js";
import { allJobs } from "./jobs/registry.js";
import { startJobs } from "./jobs/runner.js";
import { getSigningKey } from "./ledger/keys.js";
import { createLogger } from "./logger.js";
import { startNotifier } from "./notifications/runtime.js";
import { failInterruptedImports } from "./rosters/imports/import-jobs.js";

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/**
 * Opens the database (migrating it), bootstraps the first department, and serves HTTP.
 * Returns a stop function that drains in-flight requests before closing the database.
 */
export async function startServer(config: Config, out: (line: string) => void = console.log) {
  const log = createLogger(config);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: join(config.DATA_DIR, "pglite"),
    replicas: replicaOptions(config),
  });
  const boot = await bootstrapIfEmpty(database.db, {
    code: config.BOOTSTRAP_DEPARTMENT_CODE,
    name: config.BOOTSTRAP_DEPARTMENT_NAME,
    regionCode: config.BOOTSTRAP_REGION_CODE,
  });
  if (boot) {
    out(`Created department ${boot.department.code} (${boot.department.name}).`);
    out(`Admin token (shown once, store it now): ${boot.token}`);
    out(
      `Sign in at ${config.PUBLIC_BASE_URL}/console/ as "admin" with the one-time password ${boot.adminPassword} (shown once; change it at first sign-in)`,
    );
  }
  const interrupted = await failInterruptedImports(database.db, { dataDir: config.DATA_DIR });
  if (interrupted > 0) log.warn({ interrupted }, "roster imports cut off by the last shutdown marked failed");
  // Official holiday data plus any newer years dropped into DATA_DIR/calendar.
  loadCalendar(config.DATA_DIR);
  // Create (or load) the signing key before any request can sign with it, outside any
  // caller's transaction, so a rolled-back request can never sign with an unsaved key.
  await getSigningKey(database.db, config);
  const { app } = createApp({ database, config, log, version: packageVersion() });
  const jobs = config.CRON_ENABLED ? startJobs(database.db, allJobs(config, log), log) : null;
  // The outbox worker (NOTIFY_ENABLED); `sortes notify worker` runs the same one on its own.
  const notifier = startNotifier(database.db, config, log);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
      out(`Sortes listening on http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${info.port}`);
      resolve(s);
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      log.info("shutting down: draining requests");
      await jobs?.stop();
      await notifier?.stop();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          resolve();
        }, config.SHUTDOWN_GRACE_MS);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      await database.close();
      log.info("stopped");
    })();
    return stopping;
  };
  return { port, stop, database, adminToken: boot?.token ?? null };
}
