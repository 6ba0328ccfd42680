import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { NotFound } from "../errors.js";
import { notices } from "./notices.schema.js";

export interface NoticeInput {
  departmentId: string;
  kind: string;
  key: string;
  message: string;
  dueDate?: string | null;
}

/** Raises a notice once per (department, key); returns whether it was new. */
export async function raiseNotice(db: Db, input: NoticeInput): Promise<boolean> {
  const rows = await db
    .insert(notices)
    .values({ ...input, dueDate: input.dueDate ?? null })
    .onConflictDoNothing()
    .returning({ id: notices.id });
  return rows.length > 0;
}

export async function listNotices(db: Db, input: { departmentId: string; open?: boolean }) {
  const where = input.open
    ? and(eq(notices.departmentId, input.departmentId), isNull(notices.resolvedAt))
    : eq(notices.departmentId, input.departmentId);
  return db.select().from(notices).where(where).orderBy(desc(notices.createdAt)).limit(500);
}

export async function resolveNotice(db: Db, input: { departmentId: string; id: string }) {
  const rows = await db
    .update(notices)
    .set({ resolvedAt: new Date() })
    .where(
      and(eq(notices.id, input.id), eq(notices.departmentId, input.departmentId), isNull(notices.resolvedAt)),
    )
    .returning({ id: notices.id });
  if (rows.length === 0) throw new NotFound(`no open notice ${input.id} in this department`);
}
