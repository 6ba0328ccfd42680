/**
 * sortes-draw/v2 on random small rounds: the engine and the independent
 * reference (reference.ts, written from docs/draw-spec.md §16) must agree.
 * The recorded vectors do not reach every corner of §16.6 — e.g. a pick whose
 * only least-loaded candidate is conflicted (U(1) still counts a digest), or the
 * report of a team dissolved in a joint round — random rounds with many
 * conflicts, joint departments and recusal chains do.
 */
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import * as E from "../../src/draw-engine/index.js";
import { DRAW_RESULT_FIELDS } from "./load-vectors.js";
import { type DrawInputRef, drawV2Ref } from "./reference.js";

const hex = E.toHex;
const DEPTS = ["SCJ", "HBJ", "WJW"];

function randomRound(n: number): E.DrawInput {
  const rnd = seedrandom(`sortes-draw/v2 differential ${n}`);
  const ri = (k: number) => Math.floor(rnd() * k);
  const strata = ["A", "BB", "餐饮"].slice(0, 1 + ri(3));
  const eligible = strata.flatMap((stratum, s) =>
    Array.from({ length: ri(15) }, (_, i) => ({ stratum, id: `E${s}-${i}` })),
  );
  const inspectors: E.InspectorRecord[] = Array.from({ length: 2 + ri(7) }, (_, i) => ({
    id: `I${ri(1000)}-${i}`,
    department: DEPTS[ri(3)]!,
    qualifications: rnd() < 0.85 ? ["food-safety"] : ["licensing"],
    validFrom: "2022-01-01",
    validUntil: rnd() < 0.9 ? "2027-12-31" : "2025-07-15",
  }));
  const conflicts = eligible
    .flatMap((e) => inspectors.filter(() => rnd() < 0.3).map((r) => hex(E.conflictDigest(r.id, e.id))))
    .sort();
  const nonce = E.sha256(E.utf8(`nonce ${n}`));
  const commitment = E.assembleCommitment({
    algorithm: E.ALGORITHM_V2,
    roundId: `differential/${n}`,
    committedAt: "2023-08-23T15:00:00Z",
    roster: { revision: "r", root: hex(E.sha256(E.utf8("r"))) },
    filter: "",
    eligible,
    rates: Object.fromEntries(strata.map((s) => [s, 300 + ri(9701)])),
    exclusions: [],
    teams: {
      size: 2 + ri(2),
      qualification: "food-safety",
      window: { from: "2025-07-01", until: "2025-07-31" },
      jointDepartments: rnd() < 0.4 ? DEPTS.slice(0, 1 + ri(2)) : [],
    },
    inspectors,
    conflicts,
    contributors: [{ name: "a", commitment: hex(E.contributorCommitment(nonce)) }],
    beacon: null,
    revealDeadline: "2023-08-23T18:00:00Z",
  });
  const input: E.DrawInput = {
    commitment,
    eligible,
    inspectors,
    conflicts,
    reveals: [{ name: "a", nonce: hex(nonce), revealedAt: "2023-08-23T16:00:00Z" }],
    beacon: null,
    substitutions: [],
  };
  // Recusals of random current members (chains included), replanned after each one.
  const substitutions: E.SubstitutionInput[] = [];
  for (let k = 0, count = ri(5); k < count; k++) {
    const teams = E.runDraw({ ...input, substitutions }).finalTeams;
    const t = teams[ri(teams.length)];
    if (!t) break;
    const recused = t.members[ri(t.members.length)]!;
    substitutions.push({ entityId: t.entityId, recused, reason: "回避", at: `2023-08-24T0${k}:00:00Z` });
  }
  return { ...input, substitutions };
}

describe("sortes-draw/v2: engine and independent reference agree on random rounds", () => {
  it("200 rounds with conflicts, joint departments and recusal chains", () => {
    const seen = { teams: 0, assignment: 0, substitution: 0, jointDissolved: 0 };
    for (let n = 0; n < 200; n++) {
      const input = randomRound(n);
      const engine = E.runDraw(input);
      const ref = drawV2Ref(input as unknown as DrawInputRef);
      expect(ref.eligibleRoot, `round ${n}`).toBe(input.commitment.eligible.root);
      for (const k of DRAW_RESULT_FIELDS) expect(ref[k], `round ${n}: ${k}`).toEqual(engine[k]);
      seen.teams += engine.teams.length;
      for (const x of engine.infeasible) {
        seen[x.stage]++;
        if (x.stage === "substitution" && input.commitment.teams.jointDepartments.length)
          seen.jointDissolved++;
      }
    }
    // The corners this test is for were actually reached.
    for (const [k, count] of Object.entries(seen)) expect(count, k).toBeGreaterThan(10);
  });
});
