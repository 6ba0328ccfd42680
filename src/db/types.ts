import type { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";
import type { ChangeFeed } from "./change-feed.js";
import type { ReplicaRouter } from "./replicas.js";
import type * as schema from "./schema.js";

export type Schema = typeof schema;

/** The one database type domain code sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** The raw client, for the few operations drizzle does not cover (COPY). */
export type RawClient = { kind: "pglite"; client: PGlite } | { kind: "postgres"; client: Sql };

export interface Database {
  db: Db;
  raw: RawClient;
  /** Invalidation of in-memory caches (LISTEN/NOTIFY); started by the HTTP app. */
  changes: ChangeFeed;
  /** Streaming replicas public reads may use (PostgreSQL with DATABASE_REPLICA_URLS only). */
  replicas?: ReplicaRouter | null;
  close(): Promise<void>;
}
