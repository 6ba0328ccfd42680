import { expect, it } from "vitest";
import { loadSeedItems } from "../../src/checklist/seed-items.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

const plan = (year: number, codes: string[]) => ({
  year,
  roundsPerYear: 2,
  ratesBp: { A: 300, B: 300, C: 300, D: 300 },
  items: codes.map((itemCode) => ({ itemCode })),
});

describeEachDriver("checklist withdrawal (动态调整)", (get) => {
  it("takes a withdrawn item off the current list but keeps its published history public", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await newDepartment(get().db);
    await loadSeedItems(get().db, department.id, { codes: ["SFJ-003", "SFJ-004"] });
    await call("PATCH", "/checklist/SFJ-003", { token: tokens.admin, json: { notes: "待发布的第二版" } });
    const reason = "《基层法律服务工作者管理办法》修订，检查事项调整";
    const b = await newDepartment(get().db);
    expect(
      (await call("POST", "/checklist/SFJ-003/withdraw", { token: b.tokens.admin, json: { reason } })).status,
    ).toBe(404);
    const withdrawn = await call("POST", "/checklist/SFJ-003/withdraw", {
      token: tokens.admin,
      json: { reason },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.data.draft).toBeNull();
    expect(withdrawn.data.published).toMatchObject({ version: 1, withdrawalReason: reason });
    expect(Date.parse(withdrawn.data.published.withdrawnAt)).not.toBeNaN();

    const pub = `/public/departments/${department.code}/checklist`;
    expect((await call("GET", pub)).data.items.map((i: { code: string }) => i.code)).toEqual(["SFJ-004"]);
    const history = (await call("GET", `${pub}?all=true`)).data.items;
    expect(
      history.map((i: { code: string; withdrawnAt: string | null }) => [i.code, i.withdrawnAt !== null]),
    ).toEqual([
      ["SFJ-003", true],
      ["SFJ-004", false],
    ]);
    expect((await call("GET", `${pub}/SFJ-003`)).data.current.withdrawalReason).toBe(reason);

    expect(
      (await call("PATCH", "/checklist/SFJ-003", { token: tokens.admin, json: { notes: "x" } })).status,
    ).toBe(409);
    expect((await call("POST", "/checklist/SFJ-003/publish", { token: tokens.admin })).status).toBe(409);
    expect(
      (await call("POST", "/checklist/SFJ-003/withdraw", { token: tokens.admin, json: { reason } })).status,
    ).toBe(409);
    expect(
      (await call("POST", "/checklist/SFJ-003/withdraw", { token: tokens.auditor, json: { reason } })).status,
    ).toBe(403);
  });

  it("refuses to withdraw an item that was never published", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await newDepartment(get().db);
    await loadSeedItems(get().db, department.id, { codes: ["SFJ-005"], publish: false });
    const r = await call("POST", "/checklist/SFJ-005/withdraw", {
      token: tokens.admin,
      json: { reason: "不再检查" },
    });
    expect(r.status).toBe(409);
    expect(r.data.detail).toContain("never published");
  });

  it("keeps withdrawn items out of new plans and approvals, but not out of approved plans", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await newDepartment(get().db);
    await loadSeedItems(get().db, department.id, { codes: ["SFJ-003", "SFJ-004"] });
    await call("POST", "/plans", { token: tokens.admin, json: plan(2030, ["SFJ-003", "SFJ-004"]) });
    await call("POST", "/plans/2030/approve", { token: tokens.admin });
    await call("POST", "/plans", { token: tokens.admin, json: plan(2031, ["SFJ-004", "SFJ-003"]) });
    await call("POST", "/checklist/SFJ-003/withdraw", { token: tokens.admin, json: { reason: "法律废止" } });

    const approval = await call("POST", "/plans/2031/approve", { token: tokens.admin });
    expect(approval.status).toBe(422);
    expect(approval.data.errors).toEqual([
      { field: "items[1].itemCode", reason: expect.stringContaining("withdrawn") },
    ]);
    const fresh = await call("POST", "/plans", { token: tokens.admin, json: plan(2032, ["SFJ-003"]) });
    expect(fresh.status).toBe(422);
    expect(fresh.data.errors[0]).toMatchObject({
      field: "items[0].itemCode",
      reason: expect.stringContaining("法律废止"),
    });

    const approved = (await call("GET", `/public/departments/${department.code}/plans/2030`)).data;
    expect(
      approved.items.map((i: { code: string; withdrawnAt: string | null }) => [
        i.code,
        i.withdrawnAt !== null,
      ]),
    ).toEqual([
      ["SFJ-003", true],
      ["SFJ-004", false],
    ]);
  });
});
