/**
 * Plan tracking warnings (issue 14), daily: each raises a notice (GET /notices; once per key)
 * and a notification event (webhooks, src/notifications; once per event id).
 *
 * - behind pace: an item of the current year's approved plan cannot reach its planned rounds
 *   (≥ 2 unless the law sets another frequency) before 31 December at its current pace. The
 *   pace is the time the year's committed rounds took so far, counting at least one round, so
 *   "rounds still needed × days per round so far > days left" — with no round yet an item warns
 *   once a third of the year is gone (2 × elapsed > left), with one of two rounds at midyear.
 * - repeated checks (国办发〔2024〕54号): an entity drawn in more of the year's rounds than the
 *   plan's `maxInspectionsPerEntityPerYear`. The draw already leaves capped entities out
 *   (src/draws/sources.ts), so this catches what slips past it: joint rounds, supplementary
 *   draws, a cap lowered by an amendment.
 * - expired certificates: an active inspector whose 执法证 has expired (the notification job
 *   src/notifications/reminders.ts already mails the inspector 30 days before; this is the
 *   department's to-do once it has happened, so the roster gets fixed).
 */
import { sql } from "drizzle-orm";
import { dayNumber, shanghaiDate } from "../calendar/dates.js";
import { textArrayLiteral } from "../db/arrays.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { enqueueNotifications, eventIdFor, type NotificationEvent } from "../notifications/outbox.js";
import { planProgress } from "../plans/progress.js";
import { raiseNotice } from "./notices.js";
import type { JobDef } from "./runner.js";

/** Whether `needed` more rounds fit in the days left at the pace of the `done` ones so far. */
export function behindPace(input: { planned: number; done: number; elapsedDays: number; daysLeft: number }) {
  const needed = input.planned - input.done;
  if (needed <= 0) return false;
  const daysPerRound = input.elapsedDays / Math.max(input.done, 1);
  return needed * daysPerRound > input.daysLeft;
}

interface Warning {
  departmentId: string;
  notice: { kind: string; key: string; message: string; dueDate?: string };
  event: NotificationEvent;
}

/** Limits a run to some departments (a manual re-run, tests on a shared database); the job runs for all. */
export interface WarningScope {
  departmentIds?: string[];
}

const inScope = (scope: WarningScope, column: string) =>
  scope.departmentIds
    ? sql`and ${sql.raw(column)} = any(${textArrayLiteral(scope.departmentIds)}::uuid[])`
    : sql``;

async function paceWarnings(db: Db, year: number, today: string, scope: WarningScope): Promise<Warning[]> {
  const elapsedDays = dayNumber(today) - dayNumber(`${year}-01-01`) + 1;
  const daysLeft = dayNumber(`${year}-12-31`) - dayNumber(today);
  const depts = await queryRows<{ department_id: string }>(
    db,
    sql`select distinct department_id from plans
        where year = ${year} and status = 'approved' ${inScope(scope, "department_id")}`,
  );
  const out: Warning[] = [];
  for (const { department_id: departmentId } of depts) {
    const progress = await planProgress(db, departmentId, year, {
      approvedOnly: true,
      publishedFindingsOnly: false,
    });
    for (const item of progress.items) {
      const pace = { planned: item.roundsPlanned, done: item.roundsCommitted, elapsedDays, daysLeft };
      if (!behindPace(pace)) continue;
      const payload = { year, itemCode: item.itemCode, itemName: item.itemName, ...pace };
      out.push({
        departmentId,
        notice: {
          kind: "plan-behind-pace",
          key: `plan-pace:${year}:${item.itemCode}`,
          message: `${year}年计划事项“${item.itemName}”（${item.itemCode}）已开展 ${item.roundsCommitted}/${item.roundsPlanned} 轮，按目前进度年底前无法完成 / item ${item.itemCode} cannot reach ${item.roundsPlanned} rounds by year end at its current pace`,
          dueDate: `${year}-12-31`,
        },
        event: {
          id: eventIdFor("plan.behind-pace", departmentId, String(year), item.itemCode),
          departmentId,
          kind: "plan.behind-pace",
          recipient: { type: "department", id: departmentId },
          payload,
        },
      });
    }
  }
  return out;
}

async function repeatedCheckWarnings(db: Db, year: number, scope: WarningScope): Promise<Warning[]> {
  const rows = await queryRows<{ department_id: string; entity_id: string; n: number; cap: number }>(
    db,
    sql`with cap as (
          select distinct on (department_id) department_id, max_inspections_per_entity_per_year as cap
            from plans where year = ${year} and status = 'approved'
           order by department_id, version desc)
        select r.department_id, s.entity_id, count(distinct r.id)::int as n, cap.cap
          from rounds r join round_selected s on s.round_id = r.id and s.department_id = r.department_id join cap on cap.department_id = r.department_id
         where r.plan_year = ${year} and r.status <> 'failed' and cap.cap is not null ${inScope(scope, "r.department_id")}
         group by r.department_id, s.entity_id, cap.cap
        having count(distinct r.id) > cap.cap`,
  );
  return rows.map((r) => ({
    departmentId: r.department_id,
    notice: {
      kind: "plan-repeated-check",
      key: `repeated-check:${year}:${r.entity_id}:${r.n}`,
      message: `市场主体 ${r.entity_id} ${year}年已被抽中 ${r.n} 次，超过计划上限 ${r.cap} 次（国办发〔2024〕54号） / entity ${r.entity_id} drawn ${r.n} times in ${year}, above the plan's cap of ${r.cap}`,
    },
    event: {
      id: eventIdFor("plan.repeated-check", r.department_id, String(year), r.entity_id, String(r.n)),
      departmentId: r.department_id,
      kind: "plan.repeated-check",
      recipient: { type: "department", id: r.department_id },
      payload: { year, entityId: r.entity_id, rounds: r.n, cap: r.cap },
    },
  }));
}

async function expiredCertificateNotices(db: Db, today: string, scope: WarningScope) {
  const rows = await queryRows<{
    id: string;
    department_id: string;
    name: string;
    no: string;
    until: string;
  }>(
    db,
    sql`select id, department_id, name, certificate_no as no, cert_valid_until::text as until
          from inspectors where status = 'active' and cert_valid_until < ${today}::date
           ${inScope(scope, "department_id")}`,
  );
  let raised = 0;
  for (const r of rows) {
    const isNew = await raiseNotice(db, {
      departmentId: r.department_id,
      kind: "certificate-expired",
      key: `certificate-expired:${r.id}:${r.until}`,
      message: `检查人员 ${r.name} 的执法证（${r.no}）已于 ${r.until} 到期，不能参加抽取 / inspector ${r.name}'s certificate ${r.no} expired on ${r.until}`,
      dueDate: r.until,
    });
    if (isNew) raised++;
  }
  return raised;
}

export async function raisePlanWarnings(db: Db, now: Date, scope: WarningScope = {}) {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const pace = await paceWarnings(db, year, today, scope);
  const repeated = await repeatedCheckWarnings(db, year, scope);
  const all = [...pace, ...repeated];
  const notices = await db.transaction(async (tx) => {
    let raised = 0;
    for (const w of all) if (await raiseNotice(tx, { departmentId: w.departmentId, ...w.notice })) raised++;
    await enqueueNotifications(
      tx,
      all.map((w) => w.event),
    );
    return raised;
  });
  const certificates = await expiredCertificateNotices(db, today, scope);
  return { year, behindPace: pace.length, repeatedChecks: repeated.length, notices, certificates };
}

export const planWarningsJob: JobDef = {
  name: "plan-warnings",
  // 08:50 Asia/Shanghai, after the notification reminders.
  cron: "50 8 * * *",
  description:
    "Warn (notice + webhook) when a plan item cannot reach its rounds by year end at its pace, when an entity is drawn more often than the plan's yearly cap, and when an active inspector's certificate has expired",
  run: (db, now) => raisePlanWarnings(db, now),
};
