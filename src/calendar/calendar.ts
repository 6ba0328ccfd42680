/**
 * The working-day calendar (工作日): Monday–Friday, minus public holidays (法定节假日),
 * plus make-up working weekends (调休上班), as announced by the State Council each year.
 * A year without an announcement falls back to plain Monday–Friday and every answer that
 * depends on it is flagged `provisional`.
 */
import { join } from "node:path";
import { Invalid } from "../errors.js";
import { type CalendarData, loadCalendarData, packageCalendarData } from "./data.js";
import { dayNumber, fromDayNumber, toIsoDate, weekdayOf, yearOf } from "./dates.js";

export type DayKind = "workday" | "weekend" | "holiday" | "makeup-workday";

export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  /** Holiday name for holidays and make-up workdays. */
  name: string | null;
  /** The year's calendar is not announced: the answer assumes Monday–Friday. */
  provisional: boolean;
}

export interface Deadline {
  date: string;
  /** The computation touched a year whose calendar is not announced yet. */
  provisional: boolean;
}

/** Upper bound on `n` so a typo cannot spin for ever. */
const MAX_WORKING_DAYS = 3700;

export class WorkingCalendar {
  constructor(private readonly data: CalendarData) {}

  isAnnounced(year: number): boolean {
    return this.data.years.has(year);
  }

  /** Announced years and the source of each, ascending. */
  announcedYears(): { year: number; source: string }[] {
    return [...this.data.years.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([year, source]) => ({ year, source }));
  }

  dayInfo(input: string | Date): DayInfo {
    const date = toIsoDate(input);
    return this.infoAt(dayNumber(date), date);
  }

  private infoAt(n: number, date = fromDayNumber(n)): DayInfo {
    const provisional = !this.isAnnounced(yearOf(date));
    const holiday = this.data.holidays.get(date);
    if (holiday !== undefined)
      return { date, working: false, kind: "holiday", name: holiday || null, provisional };
    const makeup = this.data.workdays.get(date);
    if (makeup !== undefined)
      return { date, working: true, kind: "makeup-workday", name: makeup || null, provisional };
    const wd = weekdayOf(n);
    const weekend = wd === 0 || wd === 6;
    return { date, working: !weekend, kind: weekend ? "weekend" : "workday", name: null, provisional };
  }

  isWorkingDay(input: string | Date): boolean {
    return this.dayInfo(input).working;
  }

  /**
   * The n-th working day strictly after `start` ("within n working days after X" ends on it).
   * n = 0 returns `start` itself (e.g. "the same day").
   */
  addWorkingDays(input: string | Date, n: number): Deadline {
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
      throw new Invalid(`working-day count must be an integer 0..${MAX_WORKING_DAYS}`, [
        { field: "n", reason: String(n) },
      ]);
    }
    const start = toIsoDate(input);
    let day = dayNumber(start);
    let provisional = false;
    for (let left = n; left > 0; ) {
      day++;
      const info = this.infoAt(day);
      provisional ||= info.provisional;
      if (info.working) left--;
    }
    return { date: fromDayNumber(day), provisional };
  }

  /** Working days in (from, to]; negative when `to` is before `from`. */
  workingDaysBetween(
    fromInput: string | Date,
    toInput: string | Date,
  ): { days: number; provisional: boolean } {
    const a = dayNumber(toIsoDate(fromInput));
    const b = dayNumber(toIsoDate(toInput));
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    let days = 0;
    let provisional = false;
    for (let d = lo + 1; d <= hi; d++) {
      const info = this.infoAt(d);
      provisional ||= info.provisional;
      if (info.working) days++;
    }
    return { days: sign * days, provisional };
  }

  /** Every holiday and make-up workday of a year, for display. */
  year(year: number) {
    const pick = (m: Map<string, string>) =>
      [...m.entries()]
        .filter(([d]) => yearOf(d) === year)
        .sort((x, y) => (x[0] < y[0] ? -1 : 1))
        .map(([date, name]) => ({ date, name: name || null }));
    return {
      year,
      announced: this.isAnnounced(year),
      source: this.data.years.get(year) ?? null,
      holidays: pick(this.data.holidays),
      makeupWorkdays: pick(this.data.workdays),
    };
  }
}

let current: WorkingCalendar | null = null;

/** The process-wide calendar; package data only until `loadCalendar` has run. */
export function getCalendar(): WorkingCalendar {
  current ??= new WorkingCalendar(packageCalendarData());
  return current;
}

export function setCalendar(calendar: WorkingCalendar): void {
  current = calendar;
}

/**
 * (Re)loads package data plus `DATA_DIR/calendar/*.json` and installs it process-wide.
 * Call at start-up; the admin reload endpoint calls it again after a new file is dropped in.
 */
export function loadCalendar(dataDir: string): WorkingCalendar {
  const calendar = new WorkingCalendar(loadCalendarData(join(dataDir, "calendar")));
  setCalendar(calendar);
  return calendar;
}

export function isWorkingDay(date: string | Date, calendar = getCalendar()): boolean {
  return calendar.isWorkingDay(date);
}

export function addWorkingDays(date: string | Date, n: number, calendar = getCalendar()): Deadline {
  return calendar.addWorkingDays(date, n);
}
