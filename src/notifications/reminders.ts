/**
 * The daily reminder job: publication deadline within 3 working days or passed, inspections
 * overdue (the round's window ended without a finding), certificates expiring within 30 days.
 * Each event's id is derived from its kind, subject and date, so the job can run any number
 * of times (and on several instances) and each reminder is enqueued once.
 */
import { sql } from "drizzle-orm";
import { dayNumber, fromDayNumber, shanghaiDate } from "../calendar/dates.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import type { JobDef } from "../jobs/runner.js";
import { pendingDeadlines } from "../publication/watchdog.js";
import { entityDetails, LISTED_ENTITIES } from "./domain-events.js";
import { enqueueNotifications, eventIdFor, type NotificationEvent } from "./outbox.js";

export const CERTIFICATE_WARNING_DAYS = 30;

async function publicationEvents(db: Db, now: Date): Promise<NotificationEvent[]> {
  const items = await pendingDeadlines(db, now);
  return items.flatMap((i) => {
    if (i.state === "on-time") return [];
    const kind = i.state === "overdue" ? "publication.overdue" : "publication.due-soon";
    return [
      {
        id: eventIdFor(kind, i.findingId, i.deadline.date),
        departmentId: i.departmentId,
        kind,
        recipient: { type: "department" as const, id: i.departmentId },
        payload: {
          findingId: i.findingId,
          roundId: i.roundId,
          entityId: i.entityId,
          deadline: i.deadline.date,
          provisional: i.deadline.provisional,
          workingDaysLeft: i.workingDaysLeft,
        },
      },
    ];
  });
}

interface OverdueRow {
  department_id: string;
  round_id: string;
  title: string;
  window_until: string;
  revision_id: string | null;
  inspector_id: string;
  n: number | string;
  ids: string[] | string;
}

/** One event per (round, inspector) whose window ended with teams that filed no finding. */
async function inspectionEvents(db: Db, today: string): Promise<NotificationEvent[]> {
  const rows = await queryRows<OverdueRow>(
    db,
    sql`
    select a.department_id, a.round_id, r.title, r.window_until::text as window_until, r.revision_id,
           a.inspector_id, count(*) as n,
           (array_agg(a.entity_id order by a.entity_id))[1:${LISTED_ENTITIES}] as ids
      from assignments a join rounds r on r.id = a.round_id
     where r.status in ('drawn', 'in_progress') and r.window_until < ${today}::date
       and a.status <> 'recused'
       and not exists (select 1 from findings f where f.round_id = a.round_id and f.entity_id = a.entity_id)
     group by a.department_id, a.round_id, r.title, r.window_until, r.revision_id, a.inspector_id`,
  );
  const events: NotificationEvent[] = [];
  for (const r of rows) {
    // postgres.js parses text[]; PGlite too, but be lenient with the literal form.
    const ids = Array.isArray(r.ids)
      ? r.ids
      : r.ids
          .replace(/^\{|\}$/g, "")
          .split(",")
          .filter(Boolean);
    const details = await entityDetails(db, r.department_id, r.revision_id, ids);
    events.push({
      id: eventIdFor("inspection.overdue", r.round_id, r.inspector_id, r.window_until),
      departmentId: r.department_id,
      kind: "inspection.overdue",
      recipient: { type: "inspector", id: r.inspector_id },
      payload: {
        roundId: r.round_id,
        roundTitle: r.title,
        windowUntil: r.window_until,
        count: Number(r.n),
        entities: ids.map((id) => ({
          entityId: id,
          entityName: details.get(id)?.entityName ?? null,
          address: details.get(id)?.address ?? null,
        })),
      },
    });
  }
  return events;
}

async function certificateEvents(db: Db, today: string): Promise<NotificationEvent[]> {
  const until = fromDayNumber(dayNumber(today) + CERTIFICATE_WARNING_DAYS);
  const rows = await queryRows<{
    id: string;
    department_id: string;
    name: string;
    certificate_no: string;
    valid_until: string;
  }>(
    db,
    sql`select id, department_id, name, certificate_no, cert_valid_until::text as valid_until
          from inspectors
         where status = 'active' and cert_valid_until >= ${today}::date and cert_valid_until <= ${until}::date`,
  );
  return rows.map((r) => ({
    id: eventIdFor("certificate.expiring", r.id, r.valid_until),
    departmentId: r.department_id,
    kind: "certificate.expiring" as const,
    recipient: { type: "inspector" as const, id: r.id },
    payload: {
      inspectorId: r.id,
      name: r.name,
      certificateNo: r.certificate_no,
      certValidUntil: r.valid_until,
    },
  }));
}

export async function raiseReminders(db: Db, now: Date) {
  const today = shanghaiDate(now);
  const publication = await publicationEvents(db, now);
  const inspection = await inspectionEvents(db, today);
  const certificates = await certificateEvents(db, today);
  const all = [...publication, ...inspection, ...certificates];
  const enqueued = await db.transaction((tx) => enqueueNotifications(tx, all));
  return {
    publication: publication.length,
    inspection: inspection.length,
    certificates: certificates.length,
    enqueued,
  };
}

export const notificationRemindersJob: JobDef = {
  name: "notification-reminders",
  // 08:40 Asia/Shanghai, after the publication watchdog.
  cron: "40 8 * * *",
  description:
    "Notify publication deadlines (≤ 3 working days, overdue), overdue inspections and certificates expiring within 30 days",
  run: raiseReminders,
};
