import type { SQL } from "drizzle-orm";
import type { Db } from "./types.js";

/**
 * Runs raw SQL and returns its rows whichever driver answered: postgres.js returns an
 * array, PGlite an object with `rows`.
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
