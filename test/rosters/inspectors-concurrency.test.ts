import { expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { certNo, inspectorBody } from "./inspectors-helpers.js";

describeEachDriver("inspector roster under concurrency", (get) => {
  it("serialises racing changes: every change gets its own version and history row", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    const { data } = await call("POST", "/inspectors", { token: tokens.admin, json: inspectorBody() });
    const districts = ["鼓楼", "台江", "仓山", "晋安", "马尾", "长乐"];
    const results = await Promise.all(
      districts.map((district) =>
        call("PATCH", `/inspectors/${data.id}`, { token: tokens.admin, json: { district } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(districts.map(() => 200));
    expect(results.map((r) => r.data.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    const history = await call("GET", `/inspectors/${data.id}/history`, { token: tokens.admin });
    const items = history.data.items as {
      version: number;
      before: { district: string };
      after: { district: string };
    }[];
    expect(items.map((h) => h.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Each change's "before" is exactly the previous change's "after": nothing was lost.
    for (let i = 1; i < items.length; i++)
      expect(items[i]!.before.district).toBe(items[i - 1]!.after.district);
  });

  it("lets exactly one of two racing creations claim a certificate number", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    const cert = certNo("RACE");
    const results = await Promise.all(
      ["甲", "乙", "丙"].map((name) =>
        call("POST", "/inspectors", {
          token: tokens.admin,
          json: inspectorBody({ name, certificateNo: cert }),
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const list = await call("GET", "/inspectors", { token: tokens.admin });
    expect(list.data.items).toHaveLength(1);
  });
});
