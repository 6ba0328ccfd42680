import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { CHANGE_CHANNEL, ChangeFeed, type Listen } from "./change-feed.js";
import { runMigrations } from "./migrate.js";
import { type ReplicaOptions, ReplicaRouter } from "./replicas.js";
import * as schema from "./schema.js";
import type { Database, Db } from "./types.js";

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; "memory://" for a throw-away database. */
  dataDir?: string;
  /**
   * A PGlite data directory image (PGlite's dumpDataDir) to start from instead of an empty
   * cluster: the test suites start each file's database from one migrated image rather than
   * running initdb and every migration again (~4 s a file).
   */
  pgliteImage?: Blob;
  /** Pool size for postgres.js. */
  max?: number;
  migrate?: boolean;
  /** Read replicas of `url` (hot standbys); ignored without `url`. Started by the HTTP app. */
  replicas?: ReplicaOptions;
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
    const changes = new ChangeFeed(postgresListen(opts.url), db);
    const replicas = opts.replicas?.urls.length ? new ReplicaRouter(client, changes, opts.replicas) : null;
    return {
      db,
      raw: { kind: "postgres", client },
      changes,
      replicas,
      close: async () => {
        await replicas?.stop();
        await changes.stop();
        await client.end({ timeout: 5 });
      },
    };
  }
  const dataDir = opts.dataDir ?? "./data/pglite";
  if (!dataDir.startsWith("memory://")) mkdirSync(resolve(dataDir), { recursive: true });
  const client = await (opts.pgliteImage
    ? PGlite.create({ dataDir, loadDataDir: opts.pgliteImage })
    : PGlite.create(dataDir));
  if (migrate) await runMigrations({ kind: "pglite", client });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const changes = new ChangeFeed(async (onPayload, state) => {
    // One embedded session: notifications arrive at commit, before the committing call returns.
    const unlisten = await client.listen(CHANGE_CHANNEL, onPayload);
    state(true);
    return async () => {
      state(false);
      await unlisten();
    };
  }, db);
  return {
    db,
    raw: { kind: "pglite", client },
    changes,
    close: async () => {
      await changes.stop();
      await client.close();
    },
  };
}

/** LISTEN on a connection of its own, listening again (and saying so) after it is cut off. */
function postgresListen(url: string): Listen {
  return async (onPayload, state) => {
    let stopped = false;
    const listener = postgres(url, {
      max: 1,
      idle_timeout: null,
      max_lifetime: null,
      fetch_types: false,
      onnotice: () => {},
      onclose: () => {
        if (stopped) return;
        state(false);
        setTimeout(relisten, 100);
      },
      // Not in postgres.js's option types, but how its own listen() receives notifications.
      ...{ onnotify: (_channel: string, payload: string) => onPayload(payload) },
    } as unknown as postgres.Options<Record<string, never>>);
    const listen = async () => {
      await listener.unsafe(`listen ${CHANGE_CHANNEL}`);
      if (!stopped) state(true);
    };
    const relisten = () => {
      if (!stopped) listen().catch(() => setTimeout(relisten, 1000));
    };
    await listen();
    return async () => {
      stopped = true;
      state(false);
      await listener.end({ timeout: 5 });
    };
  };
}
