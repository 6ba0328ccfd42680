/**
 * Step-by-step re-run of a draw for the portal's "verify in browser" view.
 *
 * The engine's `verifyProof` answers with one overall verdict; the portal shows
 * PASS/FAIL per step, so this file calls the engine's own step functions in the
 * order `runDraw` does (validateCommitment → checkCommittedSets → checkReveals →
 * verifyBeacon → computeSeed → selectEntities / selectEntitiesV2 → assignTeamsFor →
 * verifyProofSignature) and only compares their outputs with the bundle. No
 * draw rule is re-implemented here; a test checks that the verdict equals
 * `verifyProof`'s on every engine test vector.
 */
import {
  assignTeamsFor,
  canonicalInspector,
  checkBundleShape,
  checkCommittedSets,
  checkConflictList,
  checkInspectorList,
  checkReveals,
  checkSubstitutionRecords,
  commitmentHash,
  computeSeed,
  DrawError,
  type EligibleEntry,
  jcs,
  type PackedEligibleSet,
  type ProofBundle,
  type StratumSelection,
  SUPPORTED_ALGORITHMS,
  selectEntities,
  selectEntitiesV2,
  type TeamAssignment,
  type TeamOutcome,
  toHex,
  validateCommitment,
  verifyBeacon,
  verifyProofSignature,
} from "../../draw-engine/index.js";

export const STEP_IDS = [
  "commitment",
  "reveals",
  "beacon",
  "seed",
  "selection",
  "teams",
  "substitutions",
  "signature",
] as const;
export type StepId = (typeof STEP_IDS)[number];

export type StepStatus = "pass" | "fail" | "skipped" | "n/a";

export interface StepResult {
  step: StepId;
  status: StepStatus;
  /** Machine code of the first problem (engine DrawError codes where they apply). */
  code?: string;
  detail: string;
}

export interface StepHooks {
  onStep?(r: StepResult): void;
  onStart?(step: StepId): void;
  /** Progress inside the selection step (entities hashed so far). */
  onSelectionProgress?(done: number, total: number): void;
}

class StepFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const q = (v: unknown): string => JSON.stringify(v);
/** Canonical JSON (RFC 8785), so key order in a served proof never matters. */
const canon = (v: unknown): string => (v === undefined ? "undefined" : jcs(v));

function expectSame(code: string, what: string, claimed: unknown, actual: unknown): void {
  if (canon(claimed) !== canon(actual))
    throw new StepFailure(code, `${what}: the proof says ${q(claimed)}, recomputation gives ${q(actual)}`);
}

/** Same entity, stratum and members in order (compared directly; JCS only to report a difference). */
function sameTeam(c: TeamAssignment | undefined, a: TeamAssignment): boolean {
  if (!c || typeof c !== "object" || c.entityId !== a.entityId || c.stratum !== a.stratum) return false;
  if (!Array.isArray(c.members) || c.members.length !== a.members.length) return false;
  for (let j = 0; j < a.members.length; j++) if (c.members[j] !== a.members[j]) return false;
  return Object.keys(c).length === 3;
}

function compareTeams(code: string, claimed: TeamAssignment[], actual: TeamAssignment[]): void {
  if (claimed.length !== actual.length)
    throw new StepFailure(
      `${code}-count`,
      `the proof lists ${claimed.length} teams, recomputation gives ${actual.length}`,
    );
  for (const [i, a] of actual.entries()) {
    if (!sameTeam(claimed[i], a)) expectSame(code, `team #${i + 1}`, claimed[i], a);
  }
}

/** Runs every step; never throws. Returns the per-step results (all eight, in order). */
export function verifySteps(
  bundle: ProofBundle,
  eligible: readonly EligibleEntry[] | PackedEligibleSet,
  hooks: StepHooks = {},
  opts: { expectedPublicKey?: string } = {},
): StepResult[] {
  const results: StepResult[] = [];
  let blocked = false;
  const run = (step: StepId, fn: () => string | null, independent = false): void => {
    if (blocked && !independent) {
      const r: StepResult = { step, status: "skipped", detail: "not run: an earlier step failed" };
      results.push(r);
      hooks.onStep?.(r);
      return;
    }
    hooks.onStart?.(step);
    let r: StepResult;
    try {
      const detail = fn();
      r = detail === null ? { step, status: "n/a", detail: "" } : { step, status: "pass", detail };
    } catch (e) {
      const code = e instanceof StepFailure || e instanceof DrawError ? e.code : "malformed";
      r = { step, status: "fail", code, detail: (e as Error).message };
      if (!independent) blocked = true;
    }
    results.push(r);
    hooks.onStep?.(r);
  };

  let checked: ReturnType<typeof checkCommittedSets> = { algorithm: "v1", entries: [] };
  let ch: Uint8Array = new Uint8Array(0);
  let nonces: Uint8Array[] = [];
  let randomness: Uint8Array | null = null;
  let seed: Uint8Array = new Uint8Array(0);
  let selections: StratumSelection[] = [];
  let outcome: TeamOutcome | null = null;
  const c = bundle.commitment;

  run("commitment", () => {
    checkBundleShape(bundle);
    if (!SUPPORTED_ALGORITHMS.includes(bundle.algorithm))
      throw new StepFailure("unknown-algorithm", `algorithm ${q(bundle.algorithm)} is not supported`);
    expectSame(
      "algorithm",
      "the algorithm id of the bundle vs its commitment",
      bundle.algorithm,
      c.algorithm,
    );
    checkInspectorList(bundle.inspectors);
    checkConflictList(bundle.conflicts);
    validateCommitment(c);
    checked = checkCommittedSets(c, {
      eligible,
      inspectors: bundle.inspectors,
      conflicts: bundle.conflicts,
    });
    const size = checked.algorithm === "v2" ? checked.set.size : checked.entries.length;
    ch = commitmentHash(c);
    expectSame("commitment-hash", "the commitment hash", bundle.commitmentHash, toHex(ch));
    return `eligible root ${c.eligible.root} (${size} entities), ${c.inspectors.count} inspectors, ${c.conflicts.count} conflicts; commitment ${toHex(ch)}`;
  });
  run("reveals", () => {
    nonces = checkReveals(c.entropy.contributors, bundle.reveals, c.entropy.revealDeadline);
    return `${nonces.length} reveals match their commitments: ${c.entropy.contributors.map((x) => x.name).join(", ")}`;
  });
  run("beacon", () => {
    if (!c.entropy.beacon) {
      if (bundle.beacon)
        throw new StepFailure("beacon-unexpected", "a beacon was given but the commitment does not plan one");
      return null;
    }
    if (!bundle.beacon)
      throw new StepFailure(
        "beacon-missing",
        `the commitment requires drand round ${c.entropy.beacon.round}`,
      );
    randomness = verifyBeacon(c.entropy.beacon, bundle.beacon);
    return `drand round ${bundle.beacon.round}: BLS signature verifies against the committed public key`;
  });
  run("seed", () => {
    seed = computeSeed(ch, nonces, randomness);
    expectSame("seed", "the seed", bundle.seed, toHex(seed));
    return `seed ${toHex(seed)}`;
  });
  run("selection", () => {
    if (checked.algorithm === "v2") {
      // v2 draws positions: O(k) work, nothing to report progress on.
      selections = selectEntitiesV2(seed, c.eligible.strata, checked.set);
    } else {
      const entries = checked.entries;
      const total = entries.length;
      const step = Math.max(1, Math.floor(total / 100));
      function* counted() {
        for (let i = 0; i < total; i++) {
          if (i % step === 0) hooks.onSelectionProgress?.(i, total);
          yield entries[i]!;
        }
        hooks.onSelectionProgress?.(total, total);
      }
      selections = selectEntities(seed, c.eligible.strata, counted());
    }
    expectSame("selection", "the number of strata", bundle.selections.length, selections.length);
    for (const [i, a] of selections.entries()) {
      const claimed = bundle.selections[i]!;
      const { selected: cs, ...cHead } = claimed;
      const { selected: as, ...aHead } = a;
      expectSame("selection", `stratum ${q(a.stratum)}`, cHead, aHead);
      expectSame("selection", `stratum ${q(a.stratum)}: number selected`, cs.length, as.length);
      for (const [j, x] of as.entries()) {
        if (cs[j]!.id !== x.id)
          throw new StepFailure(
            "selection",
            `stratum ${q(a.stratum)}, rank ${j + 1}: the proof lists ${q(cs[j]!.id)}, recomputation selects ${q(x.id)}`,
          );
        if (cs[j]!.ticket !== x.ticket)
          expectSame("ticket", `the ticket of ${q(x.id)}`, cs[j]!.ticket, x.ticket);
      }
    }
    return selections.map((s) => `${s.stratum}: ${s.k}/${s.n}`).join(", ");
  });
  run("teams", () => {
    const selected = selections.flatMap((s) =>
      s.selected.map((x) => ({ stratum: s.stratum, id: x.id, ticket: x.ticket })),
    );
    checkSubstitutionRecords(bundle.substitutions);
    outcome = assignTeamsFor(c.algorithm)({
      seed,
      rules: c.teams,
      pool: bundle.inspectors.map(canonicalInspector),
      conflictDigests: bundle.conflicts,
      selected,
      substitutions: bundle.substitutions.map(({ entityId, recused, reason, at }) => ({
        entityId,
        recused,
        reason,
        at,
      })),
    });
    compareTeams("teams", bundle.teams, outcome.teams);
    expectSame("infeasible", "entities that could not be staffed", bundle.infeasible, outcome.infeasible);
    return `${outcome.teams.length} teams of ${c.teams.size}, ${outcome.infeasible.length} infeasible`;
  });
  run("substitutions", () => {
    const o = outcome!;
    if (bundle.substitutions.length === 0 && o.substitutions.length === 0) {
      compareTeams("final teams", bundle.finalTeams, o.finalTeams);
      return null;
    }
    for (const [i, a] of o.substitutions.entries())
      expectSame(
        "substitution",
        `substitute for ${q(a.recused)} on ${q(a.entityId)} (#${i + 1})`,
        bundle.substitutions[i]?.substitute,
        a.substitute,
      );
    compareTeams("final teams", bundle.finalTeams, o.finalTeams);
    return `${o.substitutions.length} substitutions replayed; ${o.finalTeams.length} final teams`;
  });
  run(
    "signature",
    () => {
      if (opts.expectedPublicKey !== undefined && opts.expectedPublicKey !== bundle.publicKey)
        throw new StepFailure("public-key", `signed with ${bundle.publicKey}, not ${opts.expectedPublicKey}`);
      if (!verifyProofSignature(bundle))
        throw new StepFailure("signature", `the Ed25519 signature does not match key ${bundle.publicKey}`);
      return `Ed25519 signature by ${bundle.publicKey}`;
    },
    true,
  );
  return results;
}
