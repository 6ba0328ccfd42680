import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  addWorkingDays,
  isWorkingDay,
  loadCalendar,
  setCalendar,
  WorkingCalendar,
} from "../../src/calendar/calendar.js";
import { packageCalendarData } from "../../src/calendar/data.js";
import { shanghaiDate } from "../../src/calendar/dates.js";
import { decisionDeadline, resultDeadline, retractionDeadline } from "../../src/calendar/deadlines.js";
import { Invalid } from "../../src/errors.js";

// Expected dates below come from the State Council notices as shipped in chinese-days
// (dist/years/2025.json, 2026.json); each count is spelled out so it can be checked by hand.
const packageOnly = () => new WorkingCalendar(packageCalendarData());

afterEach(() => setCalendar(packageOnly()));

describe("working days from the official calendar", () => {
  const cal = packageOnly();

  it("treats make-up weekends as working days and holiday weekdays as days off", () => {
    expect(cal.isWorkingDay("2025-01-26")).toBe(true); // Sunday, 春节调休上班
    expect(cal.isWorkingDay("2025-02-08")).toBe(true); // Saturday, 春节调休上班
    expect(cal.isWorkingDay("2025-01-28")).toBe(false); // Tuesday, 除夕 holiday
    expect(cal.isWorkingDay("2025-10-08")).toBe(false); // Wednesday, 国庆 holiday
    expect(cal.isWorkingDay("2025-10-11")).toBe(true); // Saturday, 国庆调休上班
    expect(cal.isWorkingDay("2026-01-04")).toBe(true); // Sunday, 元旦调休上班
    expect(cal.isWorkingDay("2026-02-21")).toBe(false); // Saturday inside 春节
    expect(cal.isWorkingDay("2025-03-08")).toBe(false); // ordinary Saturday
    expect(cal.isWorkingDay("2025-03-10")).toBe(true); // ordinary Monday
    expect(cal.dayInfo("2025-02-08")).toMatchObject({ kind: "makeup-workday", provisional: false });
  });

  it("counts a normal result deadline across Spring Festival 2025", () => {
    // Ended Mon 2025-01-20. 1–4: Jan 21–24; 5: Sun Jan 26 (make-up); 6: Jan 27; Jan 28–Feb 4 off;
    // 7–9: Feb 5–7; 10: Sat Feb 8 (make-up); 11–15: Feb 10–14; 16–20: Feb 17–21.
    expect(resultDeadline("2025-01-20", cal)).toEqual({ date: "2025-02-21", provisional: false });
    expect(cal.addWorkingDays("2025-01-24", 1)).toEqual({ date: "2025-01-26", provisional: false });
    expect(cal.addWorkingDays("2025-01-27", 1)).toEqual({ date: "2025-02-05", provisional: false });
  });

  it("counts a decision deadline across National Day 2025", () => {
    // Decided Fri 2025-09-26. 1: Sun Sep 28 (make-up); 2–3: Sep 29–30; Oct 1–8 off;
    // 4–5: Oct 9–10; 6: Sat Oct 11 (make-up); 7: Mon Oct 13.
    expect(decisionDeadline("2025-09-26", cal)).toEqual({ date: "2025-10-13", provisional: false });
  });

  it("counts a retraction deadline across Spring Festival 2026", () => {
    // Revoked Thu 2026-02-12. 1: Feb 13; 2: Sat Feb 14 (make-up); Feb 15–23 off; 3–5: Feb 24–26.
    expect(retractionDeadline("2026-02-12", cal)).toEqual({ date: "2026-02-26", provisional: false });
  });

  it("counts a result deadline across Mid-autumn and National Day 2026", () => {
    // Ended Fri 2026-09-18. 1: Sun Sep 20 (make-up); 2–5: Sep 21–24; Sep 25–27 off; 6–8: Sep 28–30;
    // Oct 1–7 off; 9–10: Oct 8–9; 11: Sat Oct 10 (make-up); 12–16: Oct 12–16; 17–20: Oct 19–22.
    expect(resultDeadline("2026-09-18", cal)).toEqual({ date: "2026-10-22", provisional: false });
    expect(cal.workingDaysBetween("2026-09-18", "2026-10-22")).toEqual({ days: 20, provisional: false });
  });

  it("marks a deadline in an unannounced year as provisional and assumes Monday–Friday", () => {
    expect(cal.isAnnounced(2031)).toBe(false);
    // Wed 2031-10-01 is National Day in reality, but 2031 is not announced: Oct 1–3, 6–7.
    expect(cal.addWorkingDays("2031-09-30", 5)).toEqual({ date: "2031-10-07", provisional: true });
    expect(cal.dayInfo("2031-10-01")).toMatchObject({ working: true, provisional: true });
    expect(cal.addWorkingDays("2031-09-30", 0)).toEqual({ date: "2031-09-30", provisional: false });
  });

  it("uses Asia/Shanghai dates for instants", () => {
    // 2025-01-27 16:30 UTC is already 00:30 on the 28th (除夕) in Beijing.
    expect(shanghaiDate(new Date("2025-01-27T16:30:00Z"))).toBe("2025-01-28");
    expect(cal.isWorkingDay(new Date("2025-01-27T16:30:00Z"))).toBe(false);
    expect(cal.isWorkingDay(new Date("2025-01-27T15:30:00Z"))).toBe(true);
  });

  it("rejects malformed or impossible dates and bad counts", () => {
    expect(() => cal.isWorkingDay("2025-02-30")).toThrow(Invalid);
    expect(() => cal.isWorkingDay("2025-2-3")).toThrow(Invalid);
    expect(() => cal.addWorkingDays("2025-01-01", -1)).toThrow(Invalid);
    expect(() => cal.addWorkingDays("2025-01-01", 1.5)).toThrow(Invalid);
  });
});

describe("loading a newer year without a code change", () => {
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "sortes-cal-"));
    mkdirSync(join(dir, "calendar"));
    return dir;
  };

  it("adds an unannounced year from DATA_DIR/calendar/*.json", () => {
    const dir = dataDir();
    writeFileSync(
      join(dir, "calendar", "2031.json"),
      JSON.stringify({
        source: "test notice",
        holidays: {
          "2031-10-01": "国庆节",
          "2031-10-02": "国庆节",
          "2031-10-03": "国庆节",
          "2031-10-06": "国庆节",
        },
        workdays: ["2031-10-11"],
      }),
    );
    expect(addWorkingDays("2031-09-30", 5)).toEqual({ date: "2031-10-07", provisional: true });
    loadCalendar(dir);
    expect(isWorkingDay("2031-10-01")).toBe(false);
    expect(isWorkingDay("2031-10-11")).toBe(true); // a Saturday, now a make-up workday
    // 1: Oct 7; 2–4: Oct 8–10; 5: Sat Oct 11.
    expect(addWorkingDays("2031-09-30", 5)).toEqual({ date: "2031-10-11", provisional: false });
  });

  it("replaces a packaged year wholesale", () => {
    const dir = dataDir();
    writeFileSync(
      join(dir, "calendar", "override.json"),
      JSON.stringify({ year: 2025, holidays: ["2025-03-10"] }),
    );
    const cal = loadCalendar(dir);
    expect(cal.isWorkingDay("2025-03-10")).toBe(false);
    expect(cal.isWorkingDay("2025-01-28")).toBe(true); // no longer a holiday in the replacement
    expect(cal.isWorkingDay("2025-02-08")).toBe(false); // nor a make-up day
    expect(cal.year(2025).source).toBe("file:override.json");
  });

  it("rejects an invalid file with per-field errors and keeps the old calendar", () => {
    const dir = dataDir();
    writeFileSync(
      join(dir, "calendar", "2031.json"),
      JSON.stringify({ holidays: ["2031-13-01"], workdays: ["2031-10-08"] }),
    );
    let caught: unknown;
    try {
      loadCalendar(dir);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(Invalid);
    const fields = (caught as Invalid).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["holidays.2031-13-01", "workdays.2031-10-08"]));
    expect(isWorkingDay("2025-01-28")).toBe(false); // package calendar still installed
  });
});
