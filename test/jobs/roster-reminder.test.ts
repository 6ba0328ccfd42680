import { expect, it } from "vitest";
import { listNotices } from "../../src/jobs/notices.js";
import { dueRevisionLabel, remindRosterRevisions } from "../../src/jobs/roster-reminder.js";
import { entityRevisions } from "../../src/rosters/entities/entities.schema.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

it("knows which revision is due, in Shanghai time", () => {
  expect(dueRevisionLabel(new Date("2026-06-01T01:00:00Z"))).toBe("2026-06");
  // 31 May 17:00 UTC is already 1 June in Shanghai.
  expect(dueRevisionLabel(new Date("2026-05-31T17:00:00Z"))).toBe("2026-06");
  expect(dueRevisionLabel(new Date("2026-12-20T01:00:00Z"))).toBe("2026-12");
  expect(dueRevisionLabel(new Date("2026-07-01T01:00:00Z"))).toBeNull();
});

describeEachDriver("roster revision reminder", (get) => {
  it("raises one notice per department that has not frozen the due revision", async () => {
    const db = get().db;
    const lagging = await newDepartment(db);
    const done = await newDepartment(db);
    await db.insert(entityRevisions).values({
      departmentId: done.department.id,
      label: "2027-06",
      entityCount: 0,
      riskCounts: {},
      encoding: "test",
      merkleRoot: "00".repeat(32),
    });
    const when = new Date("2027-06-01T01:00:00Z");
    await remindRosterRevisions(db, when);
    await remindRosterRevisions(db, when);
    const laggingNotices = await listNotices(db, { departmentId: lagging.department.id });
    expect(laggingNotices.filter((n) => n.key === "roster-revision:2027-06")).toHaveLength(1);
    expect(laggingNotices[0]?.message).toContain("2027-06");
    const doneNotices = await listNotices(db, { departmentId: done.department.id });
    expect(doneNotices.filter((n) => n.key === "roster-revision:2027-06")).toHaveLength(0);

    const { call } = testApp(get());
    const listed = await call("GET", "/notices?open=true", { token: lagging.tokens.admin });
    const mine = listed.data.items.filter((n: { kind: string }) => n.kind === "roster-revision-due");
    expect(mine.length).toBeGreaterThanOrEqual(1);
    const otherDept = await call("POST", `/notices/${mine[0].id}/resolve`, { token: done.tokens.admin });
    expect(otherDept.status).toBe(404);
    expect(
      (await call("POST", `/notices/${mine[0].id}/resolve`, { token: lagging.tokens.admin })).status,
    ).toBe(204);
    const open = await call("GET", "/notices?open=true", { token: lagging.tokens.admin });
    expect(open.data.items.map((n: { id: string }) => n.id)).not.toContain(mine[0].id);
  });
});
