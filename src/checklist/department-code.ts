import { eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import { NotFound } from "../errors.js";

/**
 * Public URLs name a department by its code (/public/departments/:code/...). Resolves it to
 * the id every query filters by; an unknown code is a 404 like any other missing resource.
 */
export async function departmentByCode(db: Db, code: string) {
  const [row] = await db
    .select({ id: departments.id, code: departments.code, name: departments.name })
    .from(departments)
    .where(eq(departments.code, code))
    .limit(1);
  if (!row) throw new NotFound(`department ${code} not found`);
  return row;
}
