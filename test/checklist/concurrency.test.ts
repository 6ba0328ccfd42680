import { expect, it } from "vitest";
import { loadSeedItems } from "../../src/checklist/seed-items.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

describeEachDriver("checklist and plans under concurrent requests", (get) => {
  it("turns concurrent edits of a published item into exactly one new draft version", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await newDepartment(get().db);
    await loadSeedItems(get().db, department.id, { codes: ["SFJ-003"] });
    const edits = await Promise.all(
      ["甲", "乙", "丙", "丁", "戊"].map((n) =>
        call("PATCH", "/checklist/SFJ-003", { token: tokens.admin, json: { notes: n } }),
      ),
    );
    expect(edits.map((e) => e.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(edits.map((e) => e.data.version))).toEqual(new Set([2]));
    const versions = (await call("GET", "/checklist/SFJ-003/versions", { token: tokens.admin })).data.items;
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, "published"],
      [2, "draft"],
    ]);

    const publishes = await Promise.all(
      [1, 2, 3].map(() => call("POST", "/checklist/SFJ-003/publish", { token: tokens.admin })),
    );
    expect(publishes.map((p) => p.status).sort()).toEqual([200, 409, 409]);
  });

  it("creates one plan per year when requests race", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await newDepartment(get().db);
    await loadSeedItems(get().db, department.id, { codes: ["SFJ-004"] });
    const body = {
      year: 2028,
      roundsPerYear: 2,
      ratesBp: { A: 300, B: 300, C: 300, D: 300 },
      items: [{ itemCode: "SFJ-004" }],
    };
    const created = await Promise.all(
      [1, 2, 3].map(() => call("POST", "/plans", { token: tokens.admin, json: body })),
    );
    expect(created.map((c) => c.status).sort()).toEqual([201, 409, 409]);
    const approvals = await Promise.all(
      [1, 2].map(() => call("POST", "/plans/2028/approve", { token: tokens.admin })),
    );
    expect(approvals.map((a) => a.status).sort()).toEqual([200, 409]);
  });
});
