/**
 * What the console's home shows next to the plan progress: findings whose publication deadline
 * falls in this week (Monday to Sunday, Beijing) or has passed, and inspectors whose certificate
 * expires within the reminder window. Both are read with the same rules the reminder job uses.
 */
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { dayNumber, fromDayNumber, shanghaiDate, weekdayOf } from "../calendar/dates.js";
import type { Db } from "../db/types.js";
import { CERTIFICATE_WARNING_DAYS } from "../notifications/reminders.js";
import { reviewQueue } from "../publication/review-queue.js";
import { inspectors } from "../rosters/inspectors/inspectors.schema.js";

/** Monday and Sunday of the Shanghai week holding `today`. */
export function weekOf(today: string): { from: string; until: string } {
  const n = dayNumber(today);
  // weekdayOf: 0 = Sunday … 6 = Saturday; the Chinese week starts on Monday.
  const sinceMonday = (weekdayOf(n) + 6) % 7;
  return { from: fromDayNumber(n - sinceMonday), until: fromDayNumber(n - sinceMonday + 6) };
}

export async function expiringCertificates(db: Db, departmentId: string, today: string) {
  const until = fromDayNumber(dayNumber(today) + CERTIFICATE_WARNING_DAYS);
  return db
    .select({
      id: inspectors.id,
      name: inspectors.name,
      post: inspectors.post,
      certificateNo: inspectors.certificateNo,
      certValidUntil: inspectors.certValidUntil,
    })
    .from(inspectors)
    .where(
      and(
        eq(inspectors.departmentId, departmentId),
        eq(inspectors.status, "active"),
        gte(inspectors.certValidUntil, today),
        lte(inspectors.certValidUntil, until),
      ),
    )
    .orderBy(asc(inspectors.certValidUntil), asc(inspectors.certificateNo))
    .limit(500);
}

export async function dashboardSummary(db: Db, departmentId: string, now: Date) {
  const today = shanghaiDate(now);
  const week = weekOf(today);
  // Pending findings come sorted by deadline, so this week's (and the overdue) lead the list.
  const pending = await reviewQueue(db, departmentId, { state: "pending", offset: 0, limit: 1_000_000 }, now);
  const due = pending.items.filter((i) => i.deadline !== null && i.deadline.date <= week.until);
  return {
    today,
    week,
    publicationsDue: due,
    certificatesExpiring: {
      withinDays: CERTIFICATE_WARNING_DAYS,
      items: await expiringCertificates(db, departmentId, today),
    },
  };
}
