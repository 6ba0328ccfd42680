/**
 * When a finding must be public (RULES §7): computed from the working-day calendar each time
 * it is asked, so a provisional deadline firms up as soon as a newer year's data is loaded.
 */
import type { Deadline, WorkingCalendar } from "../calendar/calendar.js";
import { getCalendar } from "../calendar/calendar.js";
import { shanghaiDate } from "../calendar/dates.js";
import { deadlineFor } from "../calendar/deadlines.js";
import type { FindingRow } from "../findings/findings.js";

type DeadlineFields = Pick<FindingRow, "decisionType" | "inspectionEndedOn" | "decidedOn" | "involvesMinor">;

/** Null for a finding that must never be published (the party is a minor). */
export function publicationDeadline(
  f: DeadlineFields,
  calendar: WorkingCalendar = getCalendar(),
): (Deadline & { basis: string; from: string }) | null {
  if (f.involvesMinor) return null;
  if (f.decisionType === "result") {
    return {
      ...deadlineFor("result", f.inspectionEndedOn, calendar),
      basis: "≤ 20 working days after the inspection ended",
      from: f.inspectionEndedOn,
    };
  }
  const from = f.decidedOn ?? f.inspectionEndedOn;
  const kind = f.decisionType === "decision" ? "decision" : "otherDecision";
  return {
    ...deadlineFor(kind, from, calendar),
    basis:
      kind === "decision"
        ? "≤ 7 working days after the licensing/penalty decision"
        : "≤ 20 working days after the decision",
    from,
  };
}

export type DueState = "on-time" | "due-soon" | "overdue";

/** How an unpublished finding stands on `now` (Shanghai date); due-soon = ≤ `soonDays` working days left. */
export function dueState(
  deadline: Deadline,
  now: Date,
  soonDays = 3,
  calendar: WorkingCalendar = getCalendar(),
): { state: DueState; today: string; workingDaysLeft: number } {
  const today = shanghaiDate(now);
  const left = calendar.workingDaysBetween(today, deadline.date).days;
  const state: DueState = today > deadline.date ? "overdue" : left <= soonDays ? "due-soon" : "on-time";
  return { state, today, workingDaysLeft: left };
}
