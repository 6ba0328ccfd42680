import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { Conflict, Invalid, NotFound, Unprocessable } from "../errors.js";
import { type CreateItemInput, type ItemFields, type ItemPatch, itemRuleErrors } from "./item-input.js";
import { type ChecklistItemVersion, columnsOf, fieldsOf, toItemVersion } from "./item-view.js";
import { checklistItems, checklistItemVersions } from "./schema.js";

function checkRules(fields: ItemFields) {
  const errors = itemRuleErrors(fields);
  if (errors.length) throw new Unprocessable("the checklist item breaks a sampling rule", errors);
}

/** Locks the item row so concurrent edits/publishes of one item run one after another. */
async function lockItem(tx: Db, departmentId: string, code: string, opts = { allowWithdrawn: false }) {
  const [item] = await tx
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.departmentId, departmentId), eq(checklistItems.code, code)))
    .for("update");
  if (!item) throw new NotFound(`checklist item ${code} not found`);
  if (item.withdrawnAt && !opts.allowWithdrawn)
    throw new Conflict(`checklist item ${code} was withdrawn from the checklist`);
  return item;
}

async function latestVersion(tx: Db, itemId: string) {
  const [row] = await tx
    .select()
    .from(checklistItemVersions)
    .where(eq(checklistItemVersions.itemId, itemId))
    .orderBy(desc(checklistItemVersions.version))
    .limit(1);
  if (!row) throw new NotFound("checklist item has no versions");
  return row;
}

/** Creates an item with its first version as a draft (not public until published). */
export async function createItem(
  db: Db,
  departmentId: string,
  input: CreateItemInput,
): Promise<ChecklistItemVersion> {
  const { code, ...fields } = input;
  checkRules(fields);
  return db.transaction(async (tx) => {
    const [item] = await tx
      .insert(checklistItems)
      .values({ departmentId, code })
      .onConflictDoNothing()
      .returning();
    if (!item) throw new Conflict(`checklist item ${code} already exists`);
    const [row] = await tx
      .insert(checklistItemVersions)
      .values({ departmentId, itemId: item.id, version: 1, status: "draft", ...columnsOf(fields) })
      .returning();
    return toItemVersion(row!, item);
  });
}

/**
 * Edits an item. A pending draft is changed in place; when the newest version is published
 * (immutable), the edit becomes a new draft version n+1 starting from the published text.
 */
export async function updateItem(db: Db, departmentId: string, code: string, patch: ItemPatch) {
  return db.transaction(async (tx) => {
    const item = await lockItem(tx, departmentId, code);
    const latest = toItemVersion(await latestVersion(tx, item.id), item);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(defined).length === 0)
      throw new Invalid("the patch changes nothing", [{ field: "body", reason: "give at least one field" }]);
    const fields: ItemFields = { ...fieldsOf(latest), ...defined };
    checkRules(fields);
    if (latest.status === "draft") {
      const [row] = await tx
        .update(checklistItemVersions)
        .set({ ...columnsOf(fields), updatedAt: sql`now()` })
        .where(and(eq(checklistItemVersions.id, latest.id), eq(checklistItemVersions.status, "draft")))
        .returning();
      if (!row) throw new Conflict(`checklist item ${code} changed concurrently; retry`);
      return { version: toItemVersion(row, item), created: false };
    }
    const [row] = await tx
      .insert(checklistItemVersions)
      .values({
        departmentId,
        itemId: item.id,
        version: latest.version + 1,
        status: "draft",
        ...columnsOf(fields),
      })
      .returning();
    return { version: toItemVersion(row!, item), created: true };
  });
}

/** Publishes the pending draft (事前公开): it becomes public and can never change again. */
export async function publishItem(db: Db, departmentId: string, code: string): Promise<ChecklistItemVersion> {
  return db.transaction(async (tx) => {
    const item = await lockItem(tx, departmentId, code);
    const [row] = await tx
      .update(checklistItemVersions)
      .set({ status: "published", publishedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(checklistItemVersions.itemId, item.id), eq(checklistItemVersions.status, "draft")))
      .returning();
    if (!row) throw new Conflict(`checklist item ${code} has no draft to publish`);
    return toItemVersion(row, item);
  });
}

/** Discards the pending draft; an item that was never published disappears with it. */
export async function deleteDraft(db: Db, departmentId: string, code: string): Promise<void> {
  await db.transaction(async (tx) => {
    const item = await lockItem(tx, departmentId, code);
    const deleted = await tx
      .delete(checklistItemVersions)
      .where(and(eq(checklistItemVersions.itemId, item.id), eq(checklistItemVersions.status, "draft")))
      .returning({ id: checklistItemVersions.id });
    if (deleted.length === 0) throw new NotFound(`checklist item ${code} has no draft`);
    const [left] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(checklistItemVersions)
      .where(eq(checklistItemVersions.itemId, item.id));
    if ((left?.n ?? 0) === 0) await tx.delete(checklistItems).where(eq(checklistItems.id, item.id));
  });
}

/**
 * Withdraws an item from the checklist (动态调整, e.g. its legal basis was repealed). It leaves
 * the current public list, its pending draft is discarded, and it can no longer be edited or
 * planned; its published versions stay public as history. Approved plans that cover it are
 * immutable and keep it; rounds should check `withdrawnAt`.
 */
export async function withdrawItem(
  db: Db,
  departmentId: string,
  code: string,
  reason: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const item = await lockItem(tx, departmentId, code, { allowWithdrawn: true });
    if (item.withdrawnAt) throw new Conflict(`checklist item ${code} is already withdrawn`);
    const [published] = await tx
      .select({ id: checklistItemVersions.id })
      .from(checklistItemVersions)
      .where(and(eq(checklistItemVersions.itemId, item.id), eq(checklistItemVersions.status, "published")))
      .limit(1);
    if (!published)
      throw new Conflict(`checklist item ${code} was never published; discard its draft instead`);
    await tx
      .delete(checklistItemVersions)
      .where(and(eq(checklistItemVersions.itemId, item.id), eq(checklistItemVersions.status, "draft")));
    await tx
      .update(checklistItems)
      .set({ withdrawnAt: sql`now()`, withdrawalReason: reason })
      .where(eq(checklistItems.id, item.id));
  });
}
