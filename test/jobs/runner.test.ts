import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { type JobDef, plannedRuns, runJobOnce, slotOf } from "../../src/jobs/runner.js";
import { jobRuns } from "../../src/jobs/schema.js";
import { describeEachDriver, uniqueCode } from "../helpers/db.js";

describeEachDriver("job runner", (get) => {
  it("runs a slot at most once even when several instances fire together", async () => {
    let runs = 0;
    const job: JobDef = {
      name: uniqueCode("job"),
      cron: "0 9 1 6,12 *",
      description: "test",
      run: async () => {
        runs++;
        return { ok: true };
      },
    };
    const slot = slotOf(new Date("2026-06-01T01:00:20Z"));
    const results = await Promise.all([1, 2, 3, 4].map(() => runJobOnce(get().db, job, slot)));
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(runs).toBe(1);
    const [row] = await get().db.select().from(jobRuns).where(eq(jobRuns.job, job.name));
    expect(row?.state).toBe("succeeded");
    expect(row?.slot).toBe("2026-06-01T01:00:00.000Z");
    const next = await runJobOnce(get().db, job, slotOf(new Date("2026-12-01T01:00:00Z")));
    expect(next.ran).toBe(true);
    expect(runs).toBe(2);
  });

  it("records a failed run with its error", async () => {
    const job: JobDef = {
      name: uniqueCode("job"),
      cron: "* * * * *",
      description: "fails",
      run: async () => {
        throw new Error("boom");
      },
    };
    await expect(runJobOnce(get().db, job, "s1")).rejects.toThrow("boom");
    const [row] = await get().db.select().from(jobRuns).where(eq(jobRuns.job, job.name));
    expect(row).toMatchObject({ state: "failed", error: "boom" });
  });
});

it("lists the next run of a June/December schedule in Asia/Shanghai", () => {
  const [planned] = plannedRuns([
    { name: "x", cron: "0 9 1 6,12 *", description: "d", run: async () => null },
  ]);
  expect(planned?.nextRun).toBeTruthy();
  const next = new Date(planned!.nextRun!);
  // 09:00 in Shanghai is 01:00 UTC on the 1st of June or December.
  expect(next.getUTCHours()).toBe(1);
  expect(next.getUTCDate()).toBe(1);
  expect([5, 11]).toContain(next.getUTCMonth());
});
