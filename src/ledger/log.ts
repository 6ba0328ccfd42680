/**
 * The append-only transparency log: one Merkle log per department (the log id is the
 * department id). Appends serialise on a per-department advisory lock held until the
 * caller's transaction ends, so indices are dense and an artefact and its leaf commit or
 * roll back together.
 */
import { and, asc, desc, eq, gte, isNull, lt, type SQL, sql } from "drizzle-orm";
import { announceChange } from "../db/change-feed.js";
import type { Db } from "../db/types.js";
import { Conflict, Invalid, NotFound } from "../errors.js";
import { buildLeaf, type LedgerLeaf } from "./canonical.js";
import { ledgerEntries } from "./schema.js";

/** Advisory lock class for ledger appends; the second key is hashtext(department id). */
const LEDGER_LOCK_CLASS = 7_243_102;

/** Kinds are free-form so every domain can name its own ("round.commitment", "publication"). */
const KIND_RE = /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/;

/** Kinds this module writes itself. */
export const TAKE_DOWN_KIND = "take-down";

export interface AppendInput {
  departmentId: string;
  kind: string;
  artefactId: string;
  /** Any JSON value; stored as canonical JSON (JCS). */
  content: unknown;
  /** Defaults to the current time; tests pass a controllable clock. */
  now?: Date;
}

export interface AppendedLeaf {
  index: number;
  leafHash: string;
  leaf: LedgerLeaf;
}

export async function lockLedger(db: Db, departmentId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(${LEDGER_LOCK_CLASS}, hashtext(${departmentId}))`);
}

/**
 * Appends one leaf. Pass the caller's transaction as `db` so the artefact and its leaf land
 * together; called with the plain handle it runs in its own transaction.
 */
export async function appendToLedger(db: Db, input: AppendInput): Promise<AppendedLeaf> {
  if (!KIND_RE.test(input.kind) || input.kind.length > 64) {
    throw new Invalid(`invalid ledger kind ${JSON.stringify(input.kind)}`, [
      { field: "kind", reason: "lower-case words joined by . _ -" },
    ]);
  }
  if (input.artefactId.length === 0 || input.artefactId.length > 200) {
    throw new Invalid("artefactId must be 1–200 characters", [{ field: "artefactId", reason: "length" }]);
  }
  return db.transaction(async (tx) => {
    await lockLedger(tx, input.departmentId);
    const [last] = await tx
      .select({ index: ledgerEntries.index })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.departmentId, input.departmentId))
      .orderBy(desc(ledgerEntries.index))
      .limit(1);
    const index = last ? last.index + 1 : 0;
    const built = buildLeaf({
      log: input.departmentId,
      index,
      kind: input.kind,
      artefactId: input.artefactId,
      loggedAt: (input.now ?? new Date()).toISOString(),
      content: input.content,
    });
    await tx.insert(ledgerEntries).values({
      departmentId: input.departmentId,
      index,
      kind: input.kind,
      artefactId: input.artefactId,
      leafJson: built.leafJson,
      leafHash: built.leafHash,
      contentJson: built.contentJson,
    });
    // Whatever is logged is public data of the department: drop what instances cached of it.
    await announceChange(tx, input.departmentId);
    return { index, leafHash: built.leafHash, leaf: built.leaf };
  });
}

/**
 * Hides an entry's content (e.g. a publication past its retention period). The leaf stays,
 * so every proof still verifies, and the take-down is itself logged as a new entry.
 */
export async function takeDownLedgerEntry(
  db: Db,
  input: { departmentId: string; index: number; reason: string; now?: Date },
): Promise<AppendedLeaf> {
  return db.transaction(async (tx) => {
    await lockLedger(tx, input.departmentId);
    const where = and(
      eq(ledgerEntries.departmentId, input.departmentId),
      eq(ledgerEntries.index, input.index),
    );
    const [row] = await tx.select().from(ledgerEntries).where(where);
    if (!row) throw new NotFound(`no ledger entry ${input.index}`);
    if (row.takenDownAt) throw new Conflict(`ledger entry ${input.index} was already taken down`);
    const now = input.now ?? new Date();
    const appended = await appendToLedger(tx, {
      departmentId: input.departmentId,
      kind: TAKE_DOWN_KIND,
      artefactId: row.artefactId,
      content: { index: row.index, kind: row.kind, leafHash: row.leafHash, reason: input.reason },
      now,
    });
    await tx
      .update(ledgerEntries)
      .set({ contentJson: null, takenDownAt: now, takenDownByIndex: appended.index })
      .where(and(where, isNull(ledgerEntries.takenDownAt)));
    return appended;
  });
}

/** Public view of one entry: content hidden after a take-down, leaf always shown. */
export async function getLedgerEntry(db: Db, departmentId: string, index: number) {
  const [row] = await db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.departmentId, departmentId), eq(ledgerEntries.index, index)));
  if (!row) throw new NotFound(`no ledger entry ${index}`);
  return entryView(row);
}

async function selectEntries(db: Db, departmentId: string, ...conditions: SQL[]) {
  const rows = await db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.departmentId, departmentId), ...conditions))
    .orderBy(asc(ledgerEntries.index));
  return rows.map(entryView);
}

export function listLedgerEntries(db: Db, departmentId: string, from: number, limit: number) {
  return selectEntries(
    db,
    departmentId,
    gte(ledgerEntries.index, from),
    lt(ledgerEntries.index, from + limit),
  );
}

/** Entries recorded for one artefact (e.g. to find a publication's leaf). */
export function findLedgerEntries(db: Db, departmentId: string, kind: string, artefactId: string) {
  return selectEntries(
    db,
    departmentId,
    eq(ledgerEntries.kind, kind),
    eq(ledgerEntries.artefactId, artefactId),
  );
}

type EntryRow = typeof ledgerEntries.$inferSelect;

function entryView(row: EntryRow) {
  return {
    index: row.index,
    leafHash: row.leafHash,
    leaf: JSON.parse(row.leafJson) as LedgerLeaf,
    content: row.contentJson === null ? null : (JSON.parse(row.contentJson) as unknown),
    takenDown: row.takenDownAt ? { at: row.takenDownAt.toISOString(), byIndex: row.takenDownByIndex } : null,
  };
}
