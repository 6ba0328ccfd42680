import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { NotFound } from "../errors.js";
import { type ChecklistItemVersion, toItemVersion } from "./item-view.js";
import { checklistItems, checklistItemVersions } from "./schema.js";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface VersionFilter {
  code?: string;
  itemId?: string;
  version?: number;
  /** Only published versions (the public, inspectors, plans and rounds). */
  publishedOnly: boolean;
}

/**
 * Versions of the department's items, ordered by code (bytewise, "C" collation, so the order
 * does not depend on the server's locale) and then version.
 */
export async function selectVersions(
  db: Db,
  departmentId: string,
  f: VersionFilter,
): Promise<ChecklistItemVersion[]> {
  const conds: SQL[] = [eq(checklistItemVersions.departmentId, departmentId)];
  if (f.code !== undefined) conds.push(eq(checklistItems.code, f.code));
  if (f.itemId !== undefined) conds.push(eq(checklistItems.id, f.itemId));
  if (f.version !== undefined) conds.push(eq(checklistItemVersions.version, f.version));
  if (f.publishedOnly) conds.push(eq(checklistItemVersions.status, "published"));
  const rows = await db
    .select({ v: checklistItemVersions, item: checklistItems })
    .from(checklistItemVersions)
    .innerJoin(checklistItems, eq(checklistItems.id, checklistItemVersions.itemId))
    .where(and(...conds))
    .orderBy(sql`${checklistItems.code} collate "C"`, asc(checklistItemVersions.version));
  return rows.map((r) => toItemVersion(r.v, r.item));
}

export interface ItemSummary {
  itemId: string;
  code: string;
  published: ChecklistItemVersion | null;
  draft: ChecklistItemVersion | null;
}

/** Groups ordered versions into one summary per item: current published version and draft. */
export function summarise(versions: ChecklistItemVersion[]): ItemSummary[] {
  const byItem = new Map<string, ItemSummary>();
  for (const v of versions) {
    let s = byItem.get(v.itemId);
    if (!s) {
      s = { itemId: v.itemId, code: v.code, published: null, draft: null };
      byItem.set(v.itemId, s);
    }
    if (v.status === "draft") s.draft = v;
    else s.published = v; // ascending order: the last published one wins
  }
  return [...byItem.values()];
}

/** The current checklist: the newest published version of each item not withdrawn. */
export function currentOnly(versions: ChecklistItemVersion[]): ChecklistItemVersion[] {
  return summarise(versions.filter((v) => v.status === "published" && v.withdrawnAt === null)).map(
    (s) => s.published!,
  );
}

export async function listItems(db: Db, departmentId: string, opts: { includeDrafts: boolean }) {
  return summarise(await selectVersions(db, departmentId, { publishedOnly: !opts.includeDrafts }));
}

export async function getItem(db: Db, departmentId: string, code: string, opts: { includeDrafts: boolean }) {
  const [summary] = summarise(
    await selectVersions(db, departmentId, { code, publishedOnly: !opts.includeDrafts }),
  );
  if (!summary) throw new NotFound(`checklist item ${code} not found`);
  return summary;
}

export async function listItemVersions(
  db: Db,
  departmentId: string,
  code: string,
  opts: { includeDrafts: boolean },
) {
  const versions = await selectVersions(db, departmentId, { code, publishedOnly: !opts.includeDrafts });
  if (versions.length === 0) throw new NotFound(`checklist item ${code} not found`);
  return versions;
}

export async function getItemVersion(
  db: Db,
  departmentId: string,
  code: string,
  version: number,
  opts: { includeDrafts: boolean },
) {
  const [v] = await selectVersions(db, departmentId, { code, version, publishedOnly: !opts.includeDrafts });
  if (!v) throw new NotFound(`checklist item ${code} version ${version} not found`);
  return v;
}

/**
 * A published version of an item, by item id or code; the newest published one when
 * `version` is omitted. For plans and rounds: drafts are never returned, and an item of
 * another department is simply not found.
 */
export async function getPublishedItemVersion(
  db: Db,
  departmentId: string,
  itemIdOrCode: string,
  version?: number,
): Promise<ChecklistItemVersion> {
  const key = UUID_RE.test(itemIdOrCode) ? { itemId: itemIdOrCode.toLowerCase() } : { code: itemIdOrCode };
  const versions = await selectVersions(db, departmentId, { ...key, version, publishedOnly: true });
  const found = versions.at(-1);
  if (!found) {
    const which = version === undefined ? "" : ` ${version}`;
    throw new NotFound(`checklist item ${itemIdOrCode} has no published version${which}`);
  }
  return found;
}

/** A published version by its version id (what plans store). */
export async function getPublishedVersionById(db: Db, departmentId: string, versionId: string) {
  const rows = await db
    .select({ v: checklistItemVersions, item: checklistItems })
    .from(checklistItemVersions)
    .innerJoin(checklistItems, eq(checklistItems.id, checklistItemVersions.itemId))
    .where(
      and(
        eq(checklistItemVersions.departmentId, departmentId),
        eq(checklistItemVersions.id, versionId),
        eq(checklistItemVersions.status, "published"),
      ),
    );
  const row = rows[0];
  if (!row) throw new NotFound(`checklist item version ${versionId} not found`);
  return toItemVersion(row.v, row.item);
}
