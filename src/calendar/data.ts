/**
 * Official holiday data: the `chinese-days` package (State Council announcements, 2004 onwards)
 * plus operator-supplied JSON files that add or replace years without a code change.
 *
 * Override file format (one or more years; the package's own `dist/years/YYYY.json` and
 * `dist/chinese-days.json` files are accepted as they are):
 *   { "years": [2027], "source": "国办发明电〔2026〕…", "holidays": { "2027-01-01": "元旦", … },
 *     "workdays": { "2027-02-06": "春节" } }
 * `holidays`/`workdays` may also be plain arrays of dates. Which years the file is
 * authoritative for: `years`, else `year`, else the file name (`2027.json`), else every year
 * that has a holiday in it. Holidays or make-up days outside those years (e.g. 2026-12-31 in a
 * 2027 notice) are merged date by date.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { z } from "zod";
import { Invalid } from "../errors.js";
import { dayNumber, isIsoDate, weekdayOf, yearOf } from "./dates.js";

export interface CalendarData {
  /** date → holiday name (a day off, even on a weekday). */
  holidays: Map<string, string>;
  /** date → holiday name (a weekend day that is a working day: 调休上班). */
  workdays: Map<string, string>;
  /** announced year → where its data came from. */
  years: Map<number, string>;
}

const dates = z
  .union([z.record(z.string(), z.string()), z.array(z.string())])
  .default({})
  .transform((v) => (Array.isArray(v) ? Object.fromEntries(v.map((d) => [d, ""])) : v));

export const calendarFileSchema = z
  .object({
    years: z.array(z.number().int().min(1990).max(2200)).min(1).optional(),
    year: z.number().int().min(1990).max(2200).optional(),
    source: z.string().max(500).optional(),
    holidays: dates,
    workdays: dates,
  })
  .superRefine((f, ctx) => {
    for (const [key, map] of [
      ["holidays", f.holidays],
      ["workdays", f.workdays],
    ] as const) {
      for (const d of Object.keys(map)) {
        if (!isIsoDate(d)) {
          ctx.addIssue({ code: "custom", path: [key, d], message: "not a YYYY-MM-DD date" });
        } else if (key === "workdays") {
          const wd = weekdayOf(dayNumber(d));
          if (wd !== 0 && wd !== 6) {
            ctx.addIssue({
              code: "custom",
              path: [key, d],
              message: "a make-up workday must be a Saturday or Sunday",
            });
          }
        }
        if (key === "workdays" && d in f.holidays) {
          ctx.addIssue({
            code: "custom",
            path: [key, d],
            message: "date is both a holiday and a make-up workday",
          });
        }
      }
    }
  });

export type CalendarFile = z.output<typeof calendarFileSchema>;

const require = createRequire(import.meta.url);

function packageSource(): string {
  const pkg = require("chinese-days/package.json") as { version: string };
  return `chinese-days@${pkg.version}`;
}

/** The data shipped with the installed `chinese-days` package. */
export function packageCalendarData(): CalendarData {
  const raw = require("chinese-days/dist/chinese-days.json") as unknown;
  const file = calendarFileSchema.parse(raw);
  const data: CalendarData = { holidays: new Map(), workdays: new Map(), years: new Map() };
  applyCalendarFile(data, file, packageSource());
  return data;
}

/** Parses and validates an override document; `name` (a file name) appears in errors. */
export function parseCalendarFile(raw: unknown, name: string): CalendarFile {
  const r = calendarFileSchema.safeParse(raw);
  if (!r.success) {
    throw new Invalid(
      `calendar file ${name} is invalid`,
      r.error.issues.slice(0, 100).map((i) => ({ field: i.path.join("."), reason: i.message })),
      { file: name, totalErrors: r.error.issues.length },
    );
  }
  return r.data;
}

function declaredYears(file: CalendarFile, name: string): number[] {
  if (file.years) return file.years;
  if (file.year !== undefined) return [file.year];
  const m = /^(\d{4})\.json$/.exec(basename(name));
  if (m) return [Number(m[1])];
  return [...new Set(Object.keys(file.holidays).map(yearOf))];
}

/** Merges a validated file into `data`: its declared years are replaced wholesale. */
export function applyCalendarFile(data: CalendarData, file: CalendarFile, source: string, name = source) {
  const years = new Set(declaredYears(file, name));
  if (years.size === 0)
    throw new Invalid(`calendar file ${name} declares no year`, [{ field: "years", reason: "required" }]);
  for (const map of [data.holidays, data.workdays]) {
    for (const d of [...map.keys()]) if (years.has(yearOf(d))) map.delete(d);
  }
  for (const [d, n] of Object.entries(file.holidays)) {
    data.workdays.delete(d);
    data.holidays.set(d, n);
  }
  for (const [d, n] of Object.entries(file.workdays)) {
    data.holidays.delete(d);
    data.workdays.set(d, n);
  }
  for (const y of years) data.years.set(y, file.source ? `${source} (${file.source})` : source);
}

/**
 * Package data overlaid with every `*.json` in `dir` (applied in byte order of file name, so
 * a later file wins). A missing directory means no overrides; an invalid file is an error.
 */
export function loadCalendarData(dir: string | null): CalendarData {
  const data = packageCalendarData();
  if (!dir) return data;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return data;
    throw err;
  }
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, name), "utf8"));
    } catch (err) {
      throw new Invalid(`calendar file ${name} is not valid JSON: ${(err as Error).message}`);
    }
    applyCalendarFile(data, parseCalendarFile(raw, name), `file:${name}`, name);
  }
  return data;
}
