import { expect, it } from "vitest";
import { listNotices } from "../../src/jobs/notices.js";
import { allJobs } from "../../src/jobs/registry.js";
import { watchPublicationDeadlines } from "../../src/publication/watchdog.js";
import { findingBody, recordAndSign, teamFixture, tempDataDir } from "../findings/helpers.js";
import { testApp, testConfig } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

describeEachDriver("publication deadlines and the watchdog", (get) => {
  it("counts working days across Spring Festival and National Day, flags unannounced years, watches", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    await recordAndSign(call, fx);
    const file = async (over: Record<string, unknown>) => {
      const r = await call("POST", `${fx.base}/findings`, {
        token: fx.members[0]!.token,
        json: findingBody(over),
      });
      expect(r.status, r.text).toBe(201);
      return r.data as { id: string; publicationDeadline: { date: string; provisional: boolean } };
    };
    // Decided Thu 2026-02-12. 1: Feb 13; 2: Sat Feb 14 (make-up); Feb 15–23 off; 3–6: Feb 24–27;
    // 7: Sat Feb 28 (make-up).
    const decision = await file({
      decisionType: "decision",
      decidedOn: "2026-02-12",
      inspectionEndedOn: "2026-02-10",
    });
    expect(decision.publicationDeadline).toMatchObject({ date: "2026-02-28", provisional: false });
    // Ended Thu 2026-02-12. 1–2: Feb 13–14; 3–7: Feb 24–28; 8–12: Mar 2–6; 13–17: Mar 9–13; 18–20: Mar 16–18.
    const result = await file({ inspectionEndedOn: "2026-02-12" });
    expect(result.publicationDeadline).toMatchObject({ date: "2026-03-18", provisional: false });
    // Ended Fri 2026-09-18, across Mid-autumn and National Day (make-up Sun Sep 20 and Sat Oct 10).
    const autumn = await file({ inspectionEndedOn: "2026-09-18" });
    expect(autumn.publicationDeadline).toMatchObject({ date: "2026-10-22", provisional: false });
    // Other decisions: 20 working days, like results.
    const other = await file({
      decisionType: "other_decision",
      decidedOn: "2026-02-12",
      inspectionEndedOn: "2026-02-01",
    });
    expect(other.publicationDeadline.date).toBe("2026-03-18");
    // 2031 is not announced: Monday–Friday is assumed and the deadline says so.
    const future = await file({ inspectionEndedOn: "2031-06-02" });
    expect(future.publicationDeadline).toMatchObject({ date: "2031-06-30", provisional: true });

    const listed = await call("GET", "/publication/deadlines", { token: fx.tokens.auditor });
    expect(listed.status).toBe(200);
    const byId = new Map(listed.data.items.map((i: { findingId: string }) => [i.findingId, i]));
    expect(byId.get(future.id)).toMatchObject({
      deadline: { date: "2031-06-30", provisional: true },
      state: "on-time",
    });

    // The watchdog on a controllable clock: Mon 2026-03-16 09:00 in Shanghai.
    const now = new Date("2026-03-16T01:00:00Z");
    const first = await watchPublicationDeadlines(get().db, now);
    expect(first.raised).toBeGreaterThanOrEqual(3);
    const notices = await listNotices(get().db, { departmentId: fx.department.id });
    const keys = notices.map((n) => n.key).sort();
    expect(keys).toEqual(
      [
        `publication-due-soon:${result.id}`,
        `publication-due-soon:${other.id}`,
        `publication-overdue:${decision.id}`,
      ].sort(),
    );
    const overdue = notices.find((n) => n.key === `publication-overdue:${decision.id}`);
    expect(overdue).toMatchObject({ kind: "publication-overdue", dueDate: "2026-02-28" });
    await watchPublicationDeadlines(get().db, now);
    expect(await listNotices(get().db, { departmentId: fx.department.id })).toHaveLength(3);

    // Publishing the provisional one carries the flag into the public document.
    const pub = await call("POST", `/findings/${future.id}/approve`, { token: fx.tokens.admin });
    expect(pub.data.content.deadline).toEqual({ date: "2031-06-30", provisional: true, met: true });
    const names = allJobs(testConfig()).map((j) => j.name);
    expect(names).toEqual(expect.arrayContaining(["publication-deadline-watchdog", "publication-take-down"]));
  });
});
