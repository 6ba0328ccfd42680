/**
 * The demo's steps (src/cli/demo-seed.ts) in-process on a fresh department of each driver, at
 * the small size `npm run demo -- --inspectors 20` asks for: that size crashed the conflicts
 * step with a TypeError (no qualified, certified inspector in the random roster).
 */
import { expect, it } from "vitest";
import { type DemoState, inProcessCall, STEPS } from "../../src/cli/demo-seed.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

describeEachDriver("demo seed at small sizes", (get) => {
  it("seeds 20 inspectors: conflicts recorded, the round drawn with teams, findings published", async () => {
    const { department, tokens } = await newDepartment(get().db);
    const { app } = testApp(get());
    const call = inProcessCall(app);
    const state: DemoState = {
      departmentCode: department.code,
      size: { entities: 300, inspectors: 20 },
      adminToken: tokens.admin,
      steps: {},
    };
    for (const [name, step] of STEPS) {
      if (name === "ledger") continue;
      state.steps[name] = (await step(call, tokens.admin, state)) ?? true;
    }
    expect((state.steps.conflicts as { ids: string[] }).ids).toHaveLength(5);
    expect((state.steps.findings as { findingIds: string[] }).findingIds).toHaveLength(3);
    const { roundId } = state.steps.round as { roundId: string };
    const board = await call("GET", `/rounds/${roundId}/board?limit=1000`, { token: tokens.admin });
    expect(board.status).toBe(200);
    expect(board.data.items.length).toBeGreaterThan(0);
  }, 120_000);
});
