import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export const migrationsFolder = fileURLToPath(new URL("../../migrations", import.meta.url));

type Target = { kind: "postgres"; url: string } | { kind: "pglite"; client: PGlite };

/** Applies the committed SQL migrations; the same files serve both drivers. */
export async function runMigrations(target: Target): Promise<void> {
  if (target.kind === "pglite") {
    await migratePglite(drizzlePglite({ client: target.client }), { migrationsFolder });
    return;
  }
  const client = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    // Serialise concurrent starters (several instances, parallel test files) on one lock.
    await client`select pg_advisory_lock(7243001)`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder });
  } finally {
    await client`select pg_advisory_unlock(7243001)`.catch(() => {});
    await client.end({ timeout: 5 });
  }
}
