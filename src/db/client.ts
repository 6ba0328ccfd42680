import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { runMigrations } from "./migrate.js";
import * as schema from "./schema.js";
import type { Database, Db } from "./types.js";

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; "memory://" for a throw-away database. */
  dataDir?: string;
  /** Pool size for postgres.js. */
  max?: number;
  migrate?: boolean;
}

/**
 * Opens the database behind the single `Db` type and applies pending migrations.
 * Migrations on PostgreSQL use their own `max: 1` connection so that advisory locks and
 * DDL never share a pooled connection with application traffic.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const migrate = opts.migrate ?? true;
  if (opts.url) {
    if (migrate) await runMigrations({ kind: "postgres", url: opts.url });
    const client = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    return { db, raw: { kind: "postgres", client }, close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = opts.dataDir ?? "./data/pglite";
  if (!dataDir.startsWith("memory://")) mkdirSync(resolve(dataDir), { recursive: true });
  const client = await PGlite.create(dataDir);
  if (migrate) await runMigrations({ kind: "pglite", client });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, raw: { kind: "pglite", client }, close: () => client.close() };
}
