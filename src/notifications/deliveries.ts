/** The delivery log (paged, newest first) and replay. */
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { Invalid, NotFound } from "../errors.js";
import { notificationDeliveries, notificationEvents } from "./schema.js";

type Status = (typeof notificationDeliveries.$inferSelect)["status"];
type ChannelName = (typeof notificationDeliveries.$inferSelect)["channel"];

export interface DeliveryFilter {
  departmentId: string;
  status?: Status;
  channel?: ChannelName;
  eventId?: string;
  kind?: string;
  limit: number;
  cursor?: string;
}

// The cursor is the last row's (created_at, id), so a page never repeats or skips a row.
const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = new Date(at ?? "");
  if (!id || Number.isNaN(date.getTime()) || encodeCursor(date, id) !== cursor) {
    throw new Invalid("invalid cursor", [
      { field: "query.cursor", reason: "not a cursor from a previous page" },
    ]);
  }
  return { at: date, id };
}

const columns = {
  id: notificationDeliveries.id,
  eventId: notificationDeliveries.eventId,
  kind: notificationEvents.kind,
  recipientType: notificationEvents.recipientType,
  recipientId: notificationEvents.recipientId,
  channel: notificationDeliveries.channel,
  target: notificationDeliveries.target,
  status: notificationDeliveries.status,
  attempts: notificationDeliveries.attempts,
  nextAttemptAt: notificationDeliveries.nextAttemptAt,
  lastAttemptAt: notificationDeliveries.lastAttemptAt,
  lastError: notificationDeliveries.lastError,
  lastStatus: notificationDeliveries.lastStatus,
  deliveredAt: notificationDeliveries.deliveredAt,
  createdAt: notificationDeliveries.createdAt,
};
const selectDeliveries = (db: Db) =>
  db
    .select(columns)
    .from(notificationDeliveries)
    .innerJoin(notificationEvents, eq(notificationEvents.id, notificationDeliveries.eventId));
type Row = Awaited<ReturnType<typeof selectDeliveries>>[number];

export function deliveryView(r: Row) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    ...r,
    nextAttemptAt: r.status === "pending" || r.status === "failed" ? r.nextAttemptAt.toISOString() : null,
    lastAttemptAt: iso(r.lastAttemptAt),
    deliveredAt: iso(r.deliveredAt),
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listDeliveries(db: Db, f: DeliveryFilter) {
  const conds: (SQL | undefined)[] = [
    eq(notificationDeliveries.departmentId, f.departmentId),
    f.status ? eq(notificationDeliveries.status, f.status) : undefined,
    f.channel ? eq(notificationDeliveries.channel, f.channel) : undefined,
    f.eventId ? eq(notificationDeliveries.eventId, f.eventId) : undefined,
    f.kind ? eq(notificationEvents.kind, f.kind) : undefined,
  ];
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    conds.push(
      or(
        lt(notificationDeliveries.createdAt, c.at),
        and(eq(notificationDeliveries.createdAt, c.at), lt(notificationDeliveries.id, c.id)),
      ),
    );
  }
  const rows = await selectDeliveries(db)
    .where(and(...conds))
    .orderBy(desc(notificationDeliveries.createdAt), desc(notificationDeliveries.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    items: page.map(deliveryView),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/**
 * Sends the delivery again, whatever its state, with the same event id: due now, attempts
 * counted afresh. Receivers that already have the event drop it by its webhook-id.
 */
export async function replayDelivery(db: Db, departmentId: string, id: string) {
  const rows = await db
    .update(notificationDeliveries)
    .set({ status: "pending", attempts: 0, nextAttemptAt: new Date(), lastError: null, deliveredAt: null })
    .where(and(eq(notificationDeliveries.id, id), eq(notificationDeliveries.departmentId, departmentId)))
    .returning({ id: notificationDeliveries.id });
  if (rows.length === 0) throw new NotFound(`delivery ${id} not found`);
  const [row] = await selectDeliveries(db).where(eq(notificationDeliveries.id, id));
  return deliveryView(row as Row);
}
