/**
 * The notification outbox. Domains that change something a person must hear about call
 * `enqueueNotification(tx, event)` inside their own transaction: the event and one pending
 * delivery per channel target are written with the change or not at all, and the worker
 * (worker.ts) sends them later, at least once.
 */
import { createHash, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { textArrayLiteral } from "../db/arrays.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";

export const NOTIFICATION_KINDS = [
  "assignment.created",
  "assignment.substituted",
  "recusal.decided",
  "finding.returned",
  "publication.due-soon",
  "publication.overdue",
  "inspection.overdue",
  "certificate.expiring",
  "plan.behind-pace",
  "plan.repeated-check",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationEvent {
  /** The de-duplication key (webhook-id). Default: a random UUID; scheduled events pass `eventIdFor(…)`. */
  id?: string;
  departmentId: string;
  kind: NotificationKind;
  /** Who the event concerns: an inspector (e-mail/SMS to their contact) or the whole department. */
  recipient: { type: "inspector" | "department"; id: string };
  /** JSON sent as the webhook's `data` and used to write the e-mail and SMS text. */
  payload: Record<string, unknown>;
}

/**
 * A UUID (version 8, RFC 9562 §5.8) derived from the parts, so an event raised again for the
 * same subject and date (a job run twice, on two instances) has the same id and is stored once.
 */
export function eventIdFor(...parts: string[]): string {
  const b = createHash("sha256")
    .update(`sortes-notification\0${parts.join("\0")}`)
    .digest();
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export async function enqueueNotification(db: Db, event: NotificationEvent): Promise<number> {
  return enqueueNotifications(db, [event]);
}

/**
 * Writes the events (an id already stored is skipped) and their deliveries: one per matching
 * webhook endpoint of the department, and for an inspector one to their e-mail address and
 * one to their phone when known. Two statements whatever the number of events, so a draw's
 * hundreds of events cost what one does. Returns how many events were new.
 */
export async function enqueueNotifications(db: Db, events: readonly NotificationEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const ids = events.map((e) => e.id ?? randomUUID());
  const inserted = await queryRows<{ id: string }>(
    db,
    sql`
    insert into notification_events (id, department_id, kind, recipient_type, recipient_id, payload)
    select x.id, x.d, x.k, x.rt::notification_recipient, x.r, x.p::jsonb
    from unnest(${textArrayLiteral(ids)}::uuid[], ${textArrayLiteral(events.map((e) => e.departmentId))}::uuid[],
                ${textArrayLiteral(events.map((e) => e.kind))}::text[],
                ${textArrayLiteral(events.map((e) => e.recipient.type))}::text[],
                ${textArrayLiteral(events.map((e) => e.recipient.id))}::uuid[],
                ${textArrayLiteral(events.map((e) => JSON.stringify(e.payload)))}::text[])
         as x(id, d, k, rt, r, p)
    on conflict (id) do nothing
    returning id`,
  );
  const newIds = inserted.map((r) => r.id);
  if (newIds.length === 0) return 0;
  await db.execute(sql`
    with e as (select * from notification_events where id = any(${textArrayLiteral(newIds)}::uuid[]))
    insert into notification_deliveries (event_id, department_id, channel, target)
    select e.id, e.department_id, 'webhook'::notification_channel, w.id::text
      from e join webhook_endpoints w
        on w.department_id = e.department_id and (cardinality(w.kinds) = 0 or e.kind = any(w.kinds))
    union all
    select e.id, e.department_id, 'email'::notification_channel, c.email
      from e join inspector_contacts c on e.recipient_type = 'inspector' and c.inspector_id = e.recipient_id
     where c.email is not null
    union all
    select e.id, e.department_id, 'sms'::notification_channel, c.phone
      from e join inspector_contacts c on e.recipient_type = 'inspector' and c.inspector_id = e.recipient_id
     where c.phone is not null
    on conflict do nothing`);
  return newIds.length;
}
