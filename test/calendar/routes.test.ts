import { expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

describeEachDriver("calendar API", (get) => {
  it("serves a year's official calendar and deadlines publicly", async () => {
    const { call } = testApp(get());
    const year = await call("GET", "/public/calendar/years/2025");
    expect(year.status).toBe(200);
    expect(year.data.announced).toBe(true);
    expect(year.data.makeupWorkdays.map((d: { date: string }) => d.date)).toContain("2025-02-08");
    const d = await call("GET", "/public/calendar/deadline?kind=decision&from=2025-09-26");
    expect(d.data).toMatchObject({ date: "2025-10-13", provisional: false, workingDays: 7 });
    const p = await call("GET", "/public/calendar/deadline?kind=result&from=2031-03-03");
    expect(p.data.provisional).toBe(true);
    const bad = await call("GET", "/public/calendar/deadline?kind=result&from=2025-02-30");
    expect(bad.status).toBe(400);
  });

  it("lets only an admin reload the calendar", async () => {
    const { call } = testApp(get(), { DATA_DIR: "/nonexistent-sortes-dir" });
    const { tokens } = await newDepartment(get().db);
    expect((await call("POST", "/calendar/reload", { token: tokens.auditor })).status).toBe(403);
    const ok = await call("POST", "/calendar/reload", { token: tokens.admin });
    expect(ok.status).toBe(200);
    expect(ok.data.years.some((y: { year: number }) => y.year === 2026)).toBe(true);
  });
});
