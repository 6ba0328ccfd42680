/**
 * Calendar dates as `YYYY-MM-DD` strings in Asia/Shanghai terms, handled as integer day
 * numbers (days since 1970-01-01). No locale formatting, no floats, no time zone database:
 * China has used a fixed UTC+8 offset without daylight saving since 1991.
 */
import { Invalid } from "../errors.js";

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a `YYYY-MM-DD` string; throws Invalid for malformed or impossible dates. */
export function dayNumber(date: string, field = "date"): number {
  const m = DATE_RE.exec(date);
  if (!m)
    throw new Invalid(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`, [
      { field, reason: "expected YYYY-MM-DD" },
    ]);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over to March; a round trip exposes impossible dates.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Invalid(`no such calendar date: ${date}`, [{ field, reason: "impossible date" }]);
  }
  return ms / DAY_MS;
}

/** `YYYY-MM-DD` for a day number. */
export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** True for a well-formed, possible `YYYY-MM-DD` date. */
export function isIsoDate(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** The Asia/Shanghai calendar date of an instant (e.g. when an inspection ended). */
export function shanghaiDate(instant: Date): string {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new Invalid("invalid instant");
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Accepts a `YYYY-MM-DD` string or an instant (converted to its Shanghai date). */
export function toIsoDate(input: string | Date): string {
  if (typeof input === "string") {
    dayNumber(input);
    return input;
  }
  return shanghaiDate(input);
}
