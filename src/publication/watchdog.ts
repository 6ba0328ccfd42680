/**
 * Deadline watchdog: filed findings not yet published, with their legal publication
 * deadline, flagged due-soon (≤ 3 working days left) or overdue; the job raises one notice
 * per finding and state (raiseNotice is idempotent per key).
 */
import { and, eq, isNull, type SQL } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { findings } from "../findings/schema.js";
import { raiseNotice } from "../jobs/notices.js";
import type { JobDef } from "../jobs/runner.js";
import { dueState, publicationDeadline } from "./deadlines.js";
import { publications, publicationWithholdings } from "./schema.js";

export const DUE_SOON_WORKING_DAYS = 3;

/** Unpublished, publishable findings (all departments, or one) with their deadline state. */
export async function pendingDeadlines(db: Db, now: Date, departmentId?: string) {
  const conds: (SQL | undefined)[] = [
    isNull(publications.findingId),
    isNull(publicationWithholdings.findingId),
    eq(findings.involvesMinor, false),
  ];
  if (departmentId) conds.push(eq(findings.departmentId, departmentId));
  const rows = await db
    .select({ f: findings })
    .from(findings)
    .leftJoin(publications, eq(publications.findingId, findings.id))
    .leftJoin(publicationWithholdings, eq(publicationWithholdings.findingId, findings.id))
    .where(and(...conds))
    .orderBy(findings.filedAt);
  return rows.flatMap(({ f }) => {
    const deadline = publicationDeadline(f);
    if (!deadline) return [];
    const due = dueState(deadline, now, DUE_SOON_WORKING_DAYS);
    return [
      {
        findingId: f.id,
        departmentId: f.departmentId,
        roundId: f.roundId,
        entityId: f.entityId,
        decisionType: f.decisionType,
        deadline: { date: deadline.date, provisional: deadline.provisional, basis: deadline.basis },
        ...due,
      },
    ];
  });
}

export async function watchPublicationDeadlines(db: Db, now: Date) {
  const items = await pendingDeadlines(db, now);
  let raised = 0;
  for (const item of items) {
    if (item.state === "on-time") continue;
    const overdue = item.state === "overdue";
    const provisional = item.deadline.provisional ? "（暂定 / provisional）" : "";
    const isNew = await raiseNotice(db, {
      departmentId: item.departmentId,
      kind: overdue ? "publication-overdue" : "publication-due-soon",
      key: `publication-${item.state}:${item.findingId}`,
      message: overdue
        ? `检查结果 ${item.findingId}（${item.entityId}）逾期未公示，期限 ${item.deadline.date}${provisional} / finding overdue for publication`
        : `检查结果 ${item.findingId}（${item.entityId}）应于 ${item.deadline.date}${provisional} 前公示 / finding due for publication`,
      dueDate: item.deadline.date,
    });
    if (isNew) raised++;
  }
  return {
    pending: items.length,
    dueSoon: items.filter((i) => i.state === "due-soon").length,
    overdue: items.filter((i) => i.state === "overdue").length,
    raised,
  };
}

export const publicationWatchdogJob: JobDef = {
  name: "publication-deadline-watchdog",
  // 08:30 every day, before office hours start in Asia/Shanghai.
  cron: "30 8 * * *",
  description: "Raise notices for findings due for publication soon or overdue",
  run: watchPublicationDeadlines,
};
