/**
 * One inspector's assignments as an iCalendar feed (RFC 5545, ical-generator): one all-day
 * VEVENT per assignment spanning the round's inspection window (Shanghai dates; DTEND is
 * the day after the window's last day, as RFC 5545 all-day events end exclusively).
 *
 * UID is the assignment id, so an event stays the same event across refreshes. SEQUENCE
 * counts the changes of the team (substitutions of that entity in the round) and
 * LAST-MODIFIED is the latest of them, so clients replace the event when the team changes.
 * A recused inspector's event is kept and marked STATUS:CANCELLED (with "已回避" in the
 * summary) rather than dropped: clients then show or remove it explicitly, and the inspector
 * sees why it went; the substitute's assignment is a new row, hence a new event.
 *
 * The output depends only on the data (DTSTAMP is LAST-MODIFIED, not the time of the
 * request), so an unchanged feed has an unchanged ETag.
 */
import ical, { ICalEventStatus } from "ical-generator";
import type { MyAssignment } from "./my-assignments.js";

export interface FeedEvent {
  assignment: MyAssignment;
  teamChanges: number;
  teamChangedAt: Date;
}

const METHOD_NAMES: Record<string, string> = { written: "书面检查", on_site: "实地查看" };

/** A Shanghai calendar date as the Date ical-generator writes as that VALUE=DATE day. */
const day = (date: string) => new Date(`${date}T00:00:00Z`);
const dayAfter = (date: string) => new Date(day(date).getTime() + 86_400_000);

function description(a: MyAssignment, roundUrl: string): string {
  const lines = [`抽查任务：${a.roundTitle}`];
  if (a.item) {
    lines.push(`检查事项：${a.item.code} ${a.item.name}`, `检查内容：${a.item.content}`);
    const methods = a.item.method.map((m) => METHOD_NAMES[m] ?? m).join("、");
    if (methods) lines.push(`检查方式：${methods}`);
  }
  lines.push(`检查对象：${a.entity.name ?? a.entityId}（统一社会信用代码 ${a.entity.creditCode}）`);
  if (a.entity.address) lines.push(`地址：${a.entity.address}`);
  lines.push("同组检查人员：");
  if (a.teammates.length === 0) lines.push("  （无）");
  for (const t of a.teammates) {
    lines.push(`  ${t.name}${t.post ? `（${t.post}）` : ""} 执法证号 ${t.certificateNo}`);
  }
  lines.push(
    `检查期限：${a.window.from} 至 ${a.window.until}`,
    `结果公示截止：${a.deadline.resultsPublicBy}${a.deadline.provisional ? "（暂定）" : ""}`,
  );
  if (a.status === "recused") lines.push("本人已回避，此项检查由替补人员执行。");
  lines.push(`抽取结果与验证：${roundUrl}`);
  return lines.join("\n");
}

export function renderFeed(
  events: readonly FeedEvent[],
  o: { inspectorName: string; publicBaseUrl: string },
): string {
  const base = o.publicBaseUrl.replace(/\/+$/, "");
  const calendar = ical({
    name: `双随机抽查任务 · ${o.inspectorName}`,
    prodId: { company: "Sortes", product: "inspector-assignments", language: "ZH" },
    ttl: 3600,
  });
  calendar.x("X-WR-TIMEZONE", "Asia/Shanghai");
  for (const { assignment: a, teamChanges, teamChangedAt } of events) {
    const recused = a.status === "recused";
    const entityName = a.entity.name ?? a.entityId;
    const roundUrl = `${base}/zh/rounds/${a.roundId}`;
    calendar.createEvent({
      id: `${a.id}@sortes`,
      sequence: teamChanges,
      stamp: teamChangedAt,
      lastModified: teamChangedAt,
      allDay: true,
      start: day(a.window.from),
      end: dayAfter(a.window.until),
      summary: `${recused ? "【已回避】" : ""}双随机检查：${entityName}${a.item ? ` · ${a.item.name}` : ""}`,
      location: a.entity.address ?? null,
      description: description(a, roundUrl),
      url: roundUrl,
      status: recused ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
