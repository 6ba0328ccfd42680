/**
 * A round whose checklist item the approved plan does not cover is refused at creation, with
 * the words commit uses: it was accepted, its contributors committed, and only commit refused.
 */
import { expect, it } from "vitest";
import { createItem, publishItem } from "../../src/checklist/items.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { roundBody } from "./helpers.js";

describeEachDriver("round creation checks the approved plan", (get) => {
  it("refuses an item outside the plan, and a year without an approved plan, creating nothing", async () => {
    const fx = await roundFixture(get().db, { entities: 10 });
    const { call } = testApp(get());
    const admin = fx.tokens.admin;
    const code = `${fx.itemCode}-X`;
    await createItem(get().db, fx.department.id, {
      code,
      inspectingBody: "福州市市场监督管理局",
      name: "计划外事项",
      legalBasis: "《中华人民共和国产品质量法》第十五条",
      content: "产品质量",
      methods: ["on_site"],
      targetDescription: "",
      targetEntityTypes: [],
      targetIndustries: [],
      targetRegionCodes: [],
      requiredQualification: "食品安全",
      entityCount: null,
      defaultRateBp: null,
      defaultRoundsPerYear: null,
      legalOverride: null,
      notes: "",
    });
    await publishItem(get().db, fx.department.id, code);

    const outside = await call("POST", "/rounds", { token: admin, json: roundBody(code) });
    expect(outside.status, outside.text).toBe(422);
    expect(outside.headers.get("content-type")).toContain("application/problem+json");
    expect(outside.data.detail).toBe("the approved plan for 2026 does not cover this checklist item");

    const noPlan = await call("POST", "/rounds", {
      token: admin,
      json: roundBody(fx.itemCode, { planYear: 2027 }),
    });
    expect(noPlan.status, noPlan.text).toBe(422);
    expect(noPlan.data.detail).toBe("there is no approved plan for 2027");

    const list = await call("GET", "/rounds", { token: admin });
    expect(list.status).toBe(200);
    expect(list.data.items).toEqual([]);

    // The planned item still makes a round.
    const planned = await call("POST", "/rounds", { token: admin, json: roundBody(fx.itemCode) });
    expect(planned.status, planned.text).toBe(201);
  });
});
