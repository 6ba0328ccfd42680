/**
 * Legal publication deadlines in working days (RULES §7, seed 002). Each helper takes the
 * triggering date (a `YYYY-MM-DD` Shanghai date or an instant) and returns the last day on
 * which the obligation is still met, flagged provisional when an unannounced year is involved.
 */
import { addWorkingDays, type Deadline, getCalendar, type WorkingCalendar } from "./calendar.js";

export const DEADLINE_WORKING_DAYS = {
  /** Normal inspection results: within 20 working days after the inspection ends. */
  result: 20,
  /** Administrative licensing and penalty decisions: within 7 working days of the decision. */
  decision: 7,
  /** Other decisions (seed 002): within 20 working days. */
  otherDecision: 20,
  /** Withdrawal of a revoked/unlawful/remade decision: same day if possible, at most 5. */
  retraction: 5,
  /** Public rule changes (checklist, procedures): within 20 working days. */
  ruleChange: 20,
} as const;

export type DeadlineKind = keyof typeof DEADLINE_WORKING_DAYS;

export function deadlineFor(
  kind: DeadlineKind,
  from: string | Date,
  calendar: WorkingCalendar = getCalendar(),
): Deadline {
  return addWorkingDays(from, DEADLINE_WORKING_DAYS[kind], calendar);
}

/** Results of a normal inspection: ≤ 20 working days after it ends. */
export const resultDeadline = (inspectionEnded: string | Date, calendar?: WorkingCalendar) =>
  deadlineFor("result", inspectionEnded, calendar);

/** Licensing/penalty decisions: ≤ 7 working days after the decision is made. */
export const decisionDeadline = (decidedOn: string | Date, calendar?: WorkingCalendar) =>
  deadlineFor("decision", decidedOn, calendar);

/** Retraction of a revoked or remade decision: ≤ 5 working days (the same day if possible). */
export const retractionDeadline = (revokedOn: string | Date, calendar?: WorkingCalendar) =>
  deadlineFor("retraction", revokedOn, calendar);
