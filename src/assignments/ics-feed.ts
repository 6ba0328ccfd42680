/**
 * Inspectors' secret calendar-feed URLs. The feeds live with assignments (not in
 * src/calendar/, which is the working-day calendar of holidays and deadlines): a feed is one
 * inspector's assignments rendered as iCalendar (ics-render.ts).
 *
 * The secret is 32 random bytes in base64url; only its SHA-256 is stored, so a leaked
 * database does not hand out anyone's schedule and the URL is shown only once.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { NotFound } from "../errors.js";
import { inspectors } from "../rosters/inspectors/inspectors.schema.js";
import { calendarFeeds } from "./ics-feed.schema.js";

const SECRET_FORM = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

export interface FeedOwner {
  departmentId: string;
  inspectorId: string;
}

/** The public path of a feed; the secret is the file name so calendar apps see `.ics`. */
export const feedPath = (secret: string) => `/public/calendar/${secret}.ics`;

/**
 * A new feed for the inspector, revoking the previous one. The inspector's row is locked so
 * two concurrent requests cannot both leave a live feed.
 */
export async function createCalendarFeed(db: Db, owner: FeedOwner) {
  const secret = randomBytes(32).toString("base64url");
  return db.transaction(async (tx) => {
    const [inspector] = await tx
      .select({ id: inspectors.id })
      .from(inspectors)
      .where(and(eq(inspectors.id, owner.inspectorId), eq(inspectors.departmentId, owner.departmentId)))
      .for("update");
    if (!inspector) throw new NotFound(`inspector ${owner.inspectorId} not found`);
    await revokeLive(tx, owner);
    const [row] = await tx
      .insert(calendarFeeds)
      .values({ ...owner, secretHash: hashOf(secret) })
      .returning({ createdAt: calendarFeeds.createdAt });
    return { secret, createdAt: row!.createdAt.toISOString() };
  });
}

/** Revokes the inspector's live feed, if any; its URL answers 404 from then on. */
export async function revokeCalendarFeed(db: Db, owner: FeedOwner): Promise<{ revoked: boolean }> {
  return { revoked: (await revokeLive(db, owner)) > 0 };
}

async function revokeLive(db: Db, owner: FeedOwner): Promise<number> {
  const rows = await db
    .update(calendarFeeds)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(calendarFeeds.departmentId, owner.departmentId),
        eq(calendarFeeds.inspectorId, owner.inspectorId),
        isNull(calendarFeeds.revokedAt),
      ),
    )
    .returning({ id: calendarFeeds.id });
  return rows.length;
}

/** Whether the inspector has a live feed (the URL itself cannot be shown again). */
export async function liveCalendarFeed(db: Db, owner: FeedOwner) {
  const [row] = await db
    .select({ createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(
      and(
        eq(calendarFeeds.departmentId, owner.departmentId),
        eq(calendarFeeds.inspectorId, owner.inspectorId),
        isNull(calendarFeeds.revokedAt),
      ),
    );
  return row ? { createdAt: row.createdAt.toISOString() } : null;
}

export interface ResolvedFeed extends FeedOwner {
  inspectorName: string;
}

/**
 * The owner of a live feed secret. Unknown, revoked and malformed secrets are all "not
 * found", as is the feed of an inspector who has left (their tokens are revoked too).
 */
export async function resolveCalendarFeed(db: Db, secret: string): Promise<ResolvedFeed> {
  const notFound = new NotFound("no such calendar feed (it may have been revoked)");
  if (!SECRET_FORM.test(secret)) throw notFound;
  const [row] = await db
    .select({
      departmentId: calendarFeeds.departmentId,
      inspectorId: calendarFeeds.inspectorId,
      inspectorName: inspectors.name,
    })
    .from(calendarFeeds)
    .innerJoin(inspectors, eq(inspectors.id, calendarFeeds.inspectorId))
    .where(
      and(
        eq(calendarFeeds.secretHash, hashOf(secret)),
        isNull(calendarFeeds.revokedAt),
        ne(inspectors.status, "left"),
      ),
    );
  if (!row) throw notFound;
  return row;
}
