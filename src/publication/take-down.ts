/**
 * Take-down after the retention period (RULES §7): 5 years after publication, 2 years when
 * the party is a natural person. The ledger keeps the leaf, hides its content and logs the
 * take-down as a new entry; the publication row records when and which entry.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/types.js";
import type { JobDef } from "../jobs/runner.js";
import { findLedgerEntries, takeDownLedgerEntry } from "../ledger/log.js";
import { PUBLICATION_CORRECTION_KIND } from "./correct.js";
import { PUBLICATION_KIND } from "./publish.js";
import { publications } from "./schema.js";

export const RETENTION_YEARS = { entity: 5, naturalPerson: 2 } as const;

/** publishedAt + years, calendar-wise in UTC (29 Feb rolls to 1 Mar). */
export function retentionEnds(publishedAt: Date, naturalPerson: boolean): Date {
  const d = new Date(publishedAt.getTime());
  d.setUTCFullYear(
    d.getUTCFullYear() + (naturalPerson ? RETENTION_YEARS.naturalPerson : RETENTION_YEARS.entity),
  );
  return d;
}

/** Takes down every publication (of every department, or one) whose retention ended by `now`. */
export async function takeDownExpired(db: Db, now: Date, departmentId?: string) {
  const scope = departmentId ? eq(publications.departmentId, departmentId) : undefined;
  // Candidates: published at least two years ago; the exact per-row check follows.
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - RETENTION_YEARS.naturalPerson);
  const candidates = await db
    .select({
      findingId: publications.findingId,
      departmentId: publications.departmentId,
      publishedAt: publications.publishedAt,
      naturalPerson: publications.naturalPerson,
    })
    .from(publications)
    .where(
      and(
        scope,
        isNull(publications.takenDownAt),
        sql`${publications.publishedAt} <= ${cutoff.toISOString()}`,
      ),
    );
  const taken: string[] = [];
  for (const c of candidates) {
    if (retentionEnds(c.publishedAt, c.naturalPerson) > now) continue;
    const done = await db.transaction(async (tx) => {
      const [pub] = await tx
        .select()
        .from(publications)
        .where(and(eq(publications.findingId, c.findingId), isNull(publications.takenDownAt)))
        .for("update");
      if (!pub) return false;
      const years = pub.naturalPerson ? RETENTION_YEARS.naturalPerson : RETENTION_YEARS.entity;
      // The original leaf and every corrected version of the document.
      const leaves = [
        ...(await findLedgerEntries(tx, pub.departmentId, PUBLICATION_KIND, pub.findingId)),
        ...(await findLedgerEntries(tx, pub.departmentId, PUBLICATION_CORRECTION_KIND, pub.findingId)),
      ].filter((e) => e.takenDown === null);
      let first: number | null = null;
      for (const leaf of leaves) {
        const entry = await takeDownLedgerEntry(tx, {
          departmentId: pub.departmentId,
          index: leaf.index,
          reason: `retention period of ${years} years ended (RULES §7)`,
          now,
        });
        first ??= entry.index;
      }
      await tx
        .update(publications)
        .set({ takenDownAt: now, takeDownLedgerIndex: first })
        .where(eq(publications.findingId, pub.findingId));
      return true;
    });
    if (done) taken.push(c.findingId);
  }
  return { takenDown: taken.length, findingIds: taken };
}

export const publicationTakeDownJob: JobDef = {
  name: "publication-take-down",
  // 02:30 every night: quiet hours, and a day's delay at most past the retention end.
  cron: "30 2 * * *",
  description: "Take down published findings past their retention period (5 years; 2 for natural persons)",
  run: (db, now) => takeDownExpired(db, now),
};
