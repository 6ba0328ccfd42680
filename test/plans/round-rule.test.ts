import { describe, expect, it } from "vitest";
import { describeBp } from "../../src/checklist/floors.js";
import {
  effectiveRoundRule,
  type PlanRuleInput,
  planRuleErrors,
  type RuleItem,
} from "../../src/plans/round-rule.js";

const plain: RuleItem = { id: "v-plain", code: "P", version: 3, legalOverride: null };
const full: RuleItem = {
  id: "v-full",
  code: "F",
  version: 1,
  legalOverride: { rateBp: 10000, roundsPerYear: 1, basis: "抽查比例100%，一年一次" },
};
const onceOnly: RuleItem = {
  id: "v-once",
  code: "O",
  version: 2,
  legalOverride: { rateBp: null, roundsPerYear: 1, basis: "每年检查一次" },
};

function plan(over: Partial<PlanRuleInput> = {}): PlanRuleInput {
  return {
    year: 2027,
    roundsPerYear: 2,
    ratesBp: { A: 300, B: 500, C: 1000, D: 5000 },
    items: [plain, full, onceOnly].map((i) => ({ itemVersionId: i.id, roundsPerYear: null, ratesBp: null })),
    ...over,
  };
}

describe("effectiveRoundRule", () => {
  it("uses the plan's figures for an item without a legal override", () => {
    expect(effectiveRoundRule(plain, plan())).toEqual({
      itemVersionId: "v-plain",
      itemCode: "P",
      itemVersion: 3,
      ratesBp: { A: 300, B: 500, C: 1000, D: 5000 },
      roundsPerYear: 2,
      minRateBp: 300,
      minRoundsPerYear: 2,
      legalOverride: null,
      ratesFrom: "plan",
      roundsFrom: "plan",
    });
  });

  it("applies a legal rate as a floor per class and a legal frequency as the cycle", () => {
    const r = effectiveRoundRule(full, plan({ roundsPerYear: 3 }));
    expect(r).toMatchObject({ ratesBp: { A: 10000, B: 10000, C: 10000, D: 10000 }, roundsPerYear: 1 });
    expect(r.legalOverride?.basis).toBe("抽查比例100%，一年一次");
    const once = effectiveRoundRule(onceOnly, plan());
    expect(once).toMatchObject({
      ratesBp: { A: 300, D: 5000 },
      roundsPerYear: 1,
      minRateBp: 300,
      minRoundsPerYear: 1,
    });
    expect(once).toMatchObject({ ratesFrom: "plan", roundsFrom: "legal-override" });
  });

  it("prefers item-specific figures from the plan and refuses an item the plan does not cover", () => {
    const p = plan();
    p.items[0] = { itemVersionId: "v-plain", roundsPerYear: 4, ratesBp: { A: 800, B: 800, C: 800, D: 800 } };
    expect(effectiveRoundRule(plain, p)).toMatchObject({
      roundsPerYear: 4,
      ratesBp: { A: 800 },
      ratesFrom: "plan-item",
    });
    expect(() => effectiveRoundRule({ ...plain, id: "other" }, p)).toThrow("P v3 is not in the 2027 plan");
  });
});

describe("planRuleErrors", () => {
  it("reports every class and item below its floor, and nothing for a compliant plan", () => {
    expect(planRuleErrors(plan(), [plain, full, onceOnly])).toEqual([]);
    const errors = planRuleErrors(plan({ roundsPerYear: 1, ratesBp: { A: 100, B: 299, C: 300, D: 300 } }), [
      plain,
      full,
      onceOnly,
    ]);
    expect(errors.map((e) => e.field)).toEqual([
      "ratesBp.A",
      "ratesBp.B",
      "roundsPerYear",
      "ratesBp.A",
      "ratesBp.B",
    ]);
    expect(errors[0]!.reason).toContain("item P v3");
    expect(errors[3]!.reason).toContain("item O v2");
  });
});

describe("describeBp", () => {
  it("formats basis points with integer arithmetic", () => {
    expect([300, 10000, 250, 5, 1234].map(describeBp)).toEqual([
      "300 bp (3 %)",
      "10000 bp (100 %)",
      "250 bp (2.5 %)",
      "5 bp (0.05 %)",
      "1234 bp (12.34 %)",
    ]);
  });
});
