/**
 * Fairness over many draws with fixed, different seeds (deterministic):
 *  - per-entity selection frequency is uniform within each stratum: Pearson
 *    chi-square against the expected count D·k/n, df = n − 1, significance
 *    α = 0.001 (critical values from the chi-square table). Sampling k without
 *    replacement makes the statistic slightly conservative (E[χ²] = n(1 − k/n)).
 *  - team membership is spread evenly over the inspectors (same test, df = m − 1)
 *    and within every draw no inspector carries more than one assignment above
 *    the least-loaded one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeSha256 } from "../../src/cli/node-hash.js";
import * as E from "../../src/draw-engine/index.js";

const DRAWS = 1500;
const CHI2_999 = { 7: 24.322, 24: 51.179, 39: 72.055 } as const;

const seedOf = (i: number) => E.sha256(E.utf8(`sortes fairness seed ${i}`));
const chiSquare = (observed: number[], expected: number) =>
  observed.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);

const strata = [
  { stratum: "A", count: 40, rateBp: 1000 },
  { stratum: "B", count: 25, rateBp: 2000 },
];
const entries = strata.flatMap((s) =>
  Array.from({ length: s.count }, (_, i) => ({ stratum: s.stratum, id: `${s.stratum}-${i}` })),
);
const pool: E.InspectorRecord[] = Array.from({ length: 8 }, (_, i) => ({
  id: `I${i}`,
  department: "SCJ",
  qualifications: ["m"],
  validFrom: "2020-01-01",
  validUntil: "2030-12-31",
}));
const rules: E.TeamRules = {
  size: 2,
  qualification: "m",
  window: { from: "2025-01-01", until: "2025-12-31" },
  jointDepartments: [],
};

describe("fairness over fixed seeds", () => {
  afterAll(() => E.setSha256Backend(null));

  const selectedCount = new Map<string, number>();
  const membership = new Map<string, number>();
  let worstSpread = 0;

  beforeAll(() => {
    E.setSha256Backend(nodeSha256);
    for (let d = 0; d < DRAWS; d++) {
      const seed = seedOf(d);
      const sel = E.selectEntities(seed, strata, entries);
      const selected = sel.flatMap((s) => s.selected.map((x) => ({ stratum: s.stratum, ...x })));
      for (const x of selected) selectedCount.set(x.id, (selectedCount.get(x.id) ?? 0) + 1);
      const t = E.assignTeams({ seed, rules, pool, conflictDigests: [], selected, substitutions: [] });
      const load = new Map(pool.map((r) => [r.id, 0]));
      for (const team of t.teams) for (const m of team.members) load.set(m, load.get(m)! + 1);
      for (const [id, n] of load) membership.set(id, (membership.get(id) ?? 0) + n);
      worstSpread = Math.max(worstSpread, Math.max(...load.values()) - Math.min(...load.values()));
    }
  });

  it.each(strata)("stratum $stratum: selection frequency is uniform (chi-square, α = 0.001)", (s) => {
    const k = E.sampleSize(s.count, s.rateBp);
    const observed = entries.filter((e) => e.stratum === s.stratum).map((e) => selectedCount.get(e.id) ?? 0);
    expect(observed.reduce((a, b) => a + b, 0)).toBe(DRAWS * k);
    const stat = chiSquare(observed, (DRAWS * k) / s.count);
    expect(stat).toBeLessThan(CHI2_999[(s.count - 1) as 24 | 39]);
    // and not suspiciously perfect either (a rotation or systematic sampling would give ~0)
    expect(stat).toBeGreaterThan(5);
  });

  it("team membership is spread evenly over inspectors and balanced within each draw", () => {
    const observed = pool.map((r) => membership.get(r.id)!);
    const slots = observed.reduce((a, b) => a + b, 0);
    expect(slots).toBe(DRAWS * 9 * 2);
    expect(chiSquare(observed, slots / pool.length)).toBeLessThan(CHI2_999[7]);
    expect(worstSpread).toBeLessThanOrEqual(1);
  });
});
