import { sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { raiseNotice } from "./notices.js";
import type { JobDef } from "./runner.js";

/** The revision label due in the month of `now` (Asia/Shanghai), or null outside June/December. */
export function dueRevisionLabel(now: Date): string | null {
  // Shanghai has no DST: UTC+8 all year, so a fixed offset is exact.
  const local = new Date(now.getTime() + 8 * 3600_000);
  const month = local.getUTCMonth() + 1;
  if (month !== 6 && month !== 12) return null;
  return `${local.getUTCFullYear()}-${month === 6 ? "06" : "12"}`;
}

/** Raises a notice for every department that has not frozen the revision due this month. */
export async function remindRosterRevisions(db: Db, now: Date) {
  const label = dueRevisionLabel(now);
  if (!label) return { label: null, reminded: 0 };
  const missing = await queryRows<{ id: string }>(
    db,
    sql`select d.id from departments d
        where not exists (select 1 from entity_revisions r where r.department_id = d.id and r.label = ${label})`,
  );
  let reminded = 0;
  for (const { id } of missing) {
    const isNew = await raiseNotice(db, {
      departmentId: id,
      kind: "roster-revision-due",
      key: `roster-revision:${label}`,
      message: `市场主体名录库 ${label} 修订版尚未冻结 / roster revision ${label} has not been frozen yet`,
      dueDate: `${label}-${label.endsWith("06") ? "30" : "31"}`,
    });
    if (isNew) reminded++;
  }
  return { label, reminded };
}

export const rosterRevisionReminder: JobDef = {
  name: "roster-revision-reminder",
  // 09:00 on the 1st and the 20th of June and December.
  cron: "0 9 1,20 6,12 *",
  description: "Remind departments to freeze the June/December roster revision",
  run: remindRosterRevisions,
};
