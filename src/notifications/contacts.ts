/** Inspectors' e-mail and phone for notifications; never part of any public roster. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { NotFound } from "../errors.js";
import { inspectors } from "../rosters/inspectors/inspectors.schema.js";
import { inspectorContacts } from "./schema.js";

export interface Contact {
  email: string | null;
  phone: string | null;
}

async function requireInspector(db: Db, departmentId: string, inspectorId: string) {
  const [row] = await db
    .select({ id: inspectors.id })
    .from(inspectors)
    .where(and(eq(inspectors.id, inspectorId), eq(inspectors.departmentId, departmentId)));
  if (!row) throw new NotFound(`inspector ${inspectorId} not found`);
}

/** Sets both fields (null clears one). Applies to events enqueued from now on. */
export async function putContact(db: Db, departmentId: string, inspectorId: string, c: Contact) {
  await requireInspector(db, departmentId, inspectorId);
  const now = new Date();
  await db
    .insert(inspectorContacts)
    .values({ inspectorId, departmentId, email: c.email, phone: c.phone, updatedAt: now })
    .onConflictDoUpdate({
      target: inspectorContacts.inspectorId,
      set: { email: c.email, phone: c.phone, updatedAt: now },
    });
  return { inspectorId, email: c.email, phone: c.phone, updatedAt: now.toISOString() };
}

export async function getContact(db: Db, departmentId: string, inspectorId: string) {
  await requireInspector(db, departmentId, inspectorId);
  const [row] = await db
    .select()
    .from(inspectorContacts)
    .where(eq(inspectorContacts.inspectorId, inspectorId));
  return {
    inspectorId,
    email: row?.email ?? null,
    phone: row?.phone ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}
