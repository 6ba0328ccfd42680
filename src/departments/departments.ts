import { eq, sql } from "drizzle-orm";
import { createAccount } from "../auth/accounts.js";
import { createToken } from "../auth/tokens.js";
import type { Db } from "../db/types.js";
import { Conflict, NotFound } from "../errors.js";
import { departments } from "./schema.js";

export interface DepartmentInput {
  code: string;
  name: string;
  regionCode: string;
  /** The department one level up (tree.ts checks the region codes); none for a top-level one. */
  parentId?: string | null;
}

export async function createDepartment(db: Db, input: DepartmentInput) {
  const [row] = await db.insert(departments).values(input).onConflictDoNothing().returning();
  if (!row) throw new Conflict(`department code ${input.code} already exists`);
  return row;
}

/**
 * Public URLs and the CLI name a department by its code. Resolves it to the row whose id every
 * query filters by; an unknown code is a 404 like any other missing resource.
 */
export async function departmentByCode(db: Db, code: string) {
  const [row] = await db.select().from(departments).where(eq(departments.code, code)).limit(1);
  if (!row) throw new NotFound(`department ${code} not found`);
  return row;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Public query parameters (`?department=`) name a department by id or by code. */
export async function departmentByIdOrCode(db: Db, idOrCode: string) {
  return UUID.test(idOrCode) ? getDepartment(db, idOrCode.toLowerCase()) : departmentByCode(db, idOrCode);
}

export async function getDepartment(db: Db, id: string) {
  const [row] = await db.select().from(departments).where(eq(departments.id, id)).limit(1);
  if (!row) throw new NotFound(`department ${id} not found`);
  return row;
}

/**
 * First start: when no department exists, create the bootstrap department, an admin token and
 * the admin account `admin` with a generated one-time password (it must be changed at first
 * sign-in). Returns the plaintext token and password (to print once) or null when already
 * bootstrapped.
 * Runs in one transaction under an advisory lock so two instances starting together
 * cannot both bootstrap.
 */
export async function bootstrapIfEmpty(db: Db, input: DepartmentInput) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7243002)`);
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(departments);
    if (n > 0) return null;
    const dept = await createDepartment(tx, input);
    const token = await createToken(tx, { departmentId: dept.id, role: "admin", label: "bootstrap admin" });
    const admin = await createAccount(tx, {
      departmentId: dept.id,
      login: "admin",
      displayName: "管理员",
      role: "admin",
    });
    return { department: dept, token: token.token, adminPassword: admin.oneTimePassword as string };
  });
}
