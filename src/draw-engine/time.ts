/** UTC timestamps as integers (docs/draw-spec.md §3.4). No Date parsing: exact civil-calendar arithmetic. */
import { fail } from "./errors.js";

const TS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Parses "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds) to Unix seconds. */
export function parseUtcSeconds(value: unknown, what: string): number {
  const m = typeof value === "string" ? TS.exec(value) : null;
  if (!m)
    fail(
      "invalid-time",
      `${what} must be a UTC time like 2025-06-01T08:00:00Z, got ${JSON.stringify(value)}`,
    );
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
    fail("invalid-time", `${what} ${value} is not a valid calendar time`);
  }
  return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/** Validates a YYYY-MM-DD calendar date (including the day of month). */
export function checkCalendarDate(value: unknown, what: string): string {
  const m = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const [y, mo, d] = (m ? m.slice(1).map(Number) : [0, 0, 0]) as [number, number, number];
  if (!m || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    fail("invalid-date", `${what} must be a real calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value as string;
}
