/**
 * The department's findings by publication state, for the console's review page: pending ones
 * (awaiting approval or a decision not to publish) with their legal deadline and working days
 * left, overdue first; published, retracted and withheld ones newest first. Paged and filtered
 * here, so the browser never holds more than one page. Deadlines come from the working-day
 * calendar (chinese-days data) on the server, never from the browser's clock alone.
 */
import { and, count, desc, eq, ilike, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { findings } from "../findings/schema.js";
import { dueState, publicationDeadline } from "./deadlines.js";
import { publications, publicationWithholdings, retractions } from "./schema.js";
import { DUE_SOON_WORKING_DAYS } from "./watchdog.js";

export const REVIEW_STATES = ["pending", "published", "retracted", "withheld"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export interface ReviewQuery {
  state: ReviewState;
  roundId?: string;
  /** Part of the credit code or the entity's name. */
  q?: string;
  offset: number;
  limit: number;
}

/** Which findings are in each state (a finding is in exactly one). */
function stateCondition(state: ReviewState): SQL {
  const notPublished = isNull(publications.findingId);
  switch (state) {
    case "pending":
      return and(notPublished, isNull(publicationWithholdings.findingId), eq(findings.involvesMinor, false))!;
    case "published":
      return and(isNotNull(publications.findingId), isNull(retractions.findingId))!;
    case "retracted":
      return isNotNull(retractions.findingId);
    case "withheld":
      // A minor's finding is never published even without a recorded decision (RULES §7).
      return and(
        notPublished,
        or(isNotNull(publicationWithholdings.findingId), eq(findings.involvesMinor, true)),
      )!;
  }
}

function filters(departmentId: string, q: Omit<ReviewQuery, "state" | "offset" | "limit">): SQL[] {
  const out: SQL[] = [eq(findings.departmentId, departmentId)];
  if (q.roundId) out.push(eq(findings.roundId, q.roundId));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    out.push(or(ilike(findings.entityId, like), ilike(findings.entityName, like))!);
  }
  return out;
}

const columns = {
  f: findings,
  publishedAt: publications.publishedAt,
  takenDownAt: publications.takenDownAt,
  withheldReason: publicationWithholdings.reason,
  withheldNote: publicationWithholdings.note,
  withheldAt: publicationWithholdings.decidedAt,
  retractionReason: retractions.reason,
  retractedAt: retractions.retractedAt,
};

function joined(db: Db) {
  return db
    .select(columns)
    .from(findings)
    .leftJoin(publications, eq(publications.findingId, findings.id))
    .leftJoin(publicationWithholdings, eq(publicationWithholdings.findingId, findings.id))
    .leftJoin(retractions, eq(retractions.findingId, findings.id));
}

type Row = Awaited<ReturnType<ReturnType<typeof joined>["where"]>>[number];

function view(r: Row, state: ReviewState, now: Date) {
  const f = r.f;
  const deadline = publicationDeadline(f);
  const due = state === "pending" && deadline ? dueState(deadline, now, DUE_SOON_WORKING_DAYS) : null;
  return {
    id: f.id,
    roundId: f.roundId,
    entityId: f.entityId,
    entityName: f.entityName,
    resultCode: f.resultCode,
    decisionType: f.decisionType,
    involvesMinor: f.involvesMinor,
    filedAt: f.filedAt.toISOString(),
    state,
    deadline: deadline
      ? { date: deadline.date, provisional: deadline.provisional, basis: deadline.basis }
      : null,
    due,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    takenDownAt: r.takenDownAt?.toISOString() ?? null,
    withheld:
      state === "withheld"
        ? {
            reason: r.withheldReason ?? "minor",
            note: r.withheldNote ?? null,
            decidedAt: r.withheldAt?.toISOString() ?? null,
          }
        : null,
    retraction: r.retractionReason
      ? { reason: r.retractionReason, retractedAt: r.retractedAt?.toISOString() ?? null }
      : null,
  };
}

export type ReviewItem = ReturnType<typeof view>;

/** How many findings are in each state (for the tabs), under the same round/search filter. */
async function stateCounts(db: Db, base: SQL[]): Promise<Record<ReviewState, number>> {
  const out = {} as Record<ReviewState, number>;
  for (const state of REVIEW_STATES) {
    const [row] = await db
      .select({ n: count() })
      .from(findings)
      .leftJoin(publications, eq(publications.findingId, findings.id))
      .leftJoin(publicationWithholdings, eq(publicationWithholdings.findingId, findings.id))
      .leftJoin(retractions, eq(retractions.findingId, findings.id))
      .where(and(...base, stateCondition(state)));
    out[state] = Number(row?.n ?? 0);
  }
  return out;
}

export async function reviewQueue(db: Db, departmentId: string, query: ReviewQuery, now: Date) {
  const base = filters(departmentId, query);
  const where = and(...base, stateCondition(query.state));
  const counts = await stateCounts(db, base);
  if (query.state === "pending") {
    // The order is the legal deadline, which only the working-day calendar knows: every
    // pending finding is read (they are the unpublished ones, a bounded set) and sorted here.
    const rows = await joined(db).where(where).orderBy(findings.filedAt, findings.id);
    const items = rows
      .map((r) => view(r, "pending", now))
      .sort((a, b) => (a.deadline?.date ?? "").localeCompare(b.deadline?.date ?? ""));
    return {
      items: items.slice(query.offset, query.offset + query.limit),
      total: items.length,
      counts,
      overdue: items.filter((i) => i.due?.state === "overdue").length,
    };
  }
  const latest = sql`coalesce(${retractions.retractedAt}, ${publications.publishedAt}, ${publicationWithholdings.decidedAt}, ${findings.filedAt})`;
  const rows = await joined(db)
    .where(where)
    .orderBy(desc(latest), desc(findings.id))
    .limit(query.limit)
    .offset(query.offset);
  return {
    items: rows.map((r) => view(r, query.state, now)),
    total: counts[query.state],
    counts,
    overdue: null,
  };
}
