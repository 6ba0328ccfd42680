/**
 * Runs a whole draw from committed inputs (docs/draw-spec.md §10). The same
 * function serves the service (to produce results) and the verifier (to
 * recompute them), so there is exactly one implementation of the rules.
 */
import { compareUtf8, fromHex, toHex } from "./bytes.js";
import { type Commitment, commitmentHash, FAILURE_POLICY, validateCommitment } from "./commitment.js";
import { checkEligibleSetV2, isPackedEligibleSet, orderedEligibleSet } from "./committed-sets-v2.js";
import type { Beacon, BeaconPlan } from "./drand.js";
import { verifyBeacon } from "./drand.js";
import { eligibleEntries, eligibleSetRoot, type PackedEligibleSet } from "./eligible-set.js";
import { canonicalEntityId } from "./encoding.js";
import { checkReveals, computeSeed, type Reveal } from "./entropy.js";
import { fail } from "./errors.js";
import {
  canonicalInspector,
  commitEligible,
  conflictSetRoot,
  type EligibleEntry,
  type InspectorRecord,
  inspectorPoolRoot,
} from "./leaves.js";
import { type StratumSelection, selectEntities } from "./selection.js";
import { selectEntitiesV2 } from "./selection-v2.js";
import { checkSubstitutionRecords } from "./substitution-records.js";
import { ALGORITHM_ID, ALGORITHM_V2 } from "./tags.js";
import { assignTeams, assignTeamsV2, type SubstitutionInput, type TeamOutcome } from "./teams.js";

export interface DrawInput {
  commitment: Commitment;
  /** Entries in any order, or (v2 verifiers) a packed set read straight from the published file. */
  eligible: readonly EligibleEntry[] | PackedEligibleSet;
  inspectors: readonly InspectorRecord[];
  /** Conflict digests, lower-case hex (see conflictDigest). */
  conflicts: readonly string[];
  reveals: readonly Reveal[];
  beacon: Beacon | null;
  substitutions: readonly SubstitutionInput[];
}

export interface DrawResult extends TeamOutcome {
  commitmentHash: string;
  seed: string;
  selections: StratumSelection[];
}

/** Parameters from which `buildCommitment` computes roots and counts. */
export interface CommitmentParams {
  /** Default sortes-draw/v1 (the engine's historical default); the service commits CURRENT_ALGORITHM. */
  algorithm?: string;
  roundId: string;
  committedAt: string;
  roster: { revision: string; root: string };
  filter: string;
  eligible: readonly EligibleEntry[];
  rates: Record<string, number>;
  exclusions: { id: string; reason: string }[];
  floor?: { minTotalBp: number; legalBasis: string | null };
  teams: Commitment["teams"];
  inspectors: readonly InspectorRecord[];
  conflicts: readonly string[];
  contributors: { name: string; commitment: string }[];
  beacon: BeaconPlan | null;
  revealDeadline: string;
}

/** Builds (and validates) a commitment from the round's inputs. */
export function buildCommitment(p: CommitmentParams): Commitment {
  return validateCommitment(assembleCommitment(p));
}

/** Computes roots and counts into a commitment WITHOUT validating the rules (tests use it to build bad rounds). */
export function assembleCommitment(p: CommitmentParams): Commitment {
  const algorithm = p.algorithm ?? ALGORITHM_ID;
  const el = eligibleCommitment(algorithm, p.eligible);
  const strata = [...el.counts.keys()];
  for (const s of Object.keys(p.rates)) if (!el.counts.has(s)) strata.push(s);
  strata.sort(compareUtf8);
  const exclusions = p.exclusions
    .map((x) => ({ id: canonicalEntityId(x.id), reason: x.reason }))
    .sort((a, b) => compareUtf8(a.id, b.id));
  const c: Commitment = {
    algorithm,
    roundId: p.roundId,
    committedAt: p.committedAt,
    roster: p.roster,
    filter: p.filter,
    eligible: {
      root: toHex(el.root),
      strata: strata.map((s) => {
        const rate = p.rates[s];
        if (rate === undefined) fail("bad-rate", `no rate given for stratum ${JSON.stringify(s)}`);
        return { stratum: s, count: el.counts.get(s) ?? 0, rateBp: rate };
      }),
      exclusions,
    },
    floor: p.floor ?? { minTotalBp: 300, legalBasis: null },
    teams: p.teams,
    inspectors: { root: toHex(inspectorPoolRoot(p.inspectors)), count: p.inspectors.length },
    conflicts: {
      root: toHex(conflictSetRoot(p.conflicts.map((d) => fromHex(d, 32)))),
      count: p.conflicts.length,
    },
    entropy: {
      contributors: p.contributors,
      beacon: p.beacon,
      revealDeadline: p.revealDeadline,
      failurePolicy: FAILURE_POLICY,
    },
  };
  return c;
}

/** Root and per-stratum counts of an eligible set under `algorithm`. */
function eligibleCommitment(
  algorithm: string,
  eligible: readonly EligibleEntry[] | PackedEligibleSet,
): { root: Uint8Array; counts: Map<string, number> } {
  if (algorithm === ALGORITHM_V2) {
    const set = orderedEligibleSet(eligible);
    return { root: eligibleSetRoot(set), counts: new Map(set.strata.map((r) => [r.stratum, r.count])) };
  }
  return commitEligible(isPackedEligibleSet(eligible) ? eligibleEntries(eligible) : eligible);
}

/** The eligible set in the form the commitment's algorithm draws from, checked against it. */
type CheckedEligible =
  | { algorithm: "v1"; entries: EligibleEntry[] }
  | { algorithm: "v2"; set: PackedEligibleSet };

/** Checks the committed sets against the published data; throws on the first difference. */
export function checkCommittedSets(
  c: Commitment,
  input: Pick<DrawInput, "eligible" | "inspectors" | "conflicts">,
): CheckedEligible {
  let checked: CheckedEligible;
  if (c.algorithm === ALGORITHM_V2) {
    const set = orderedEligibleSet(input.eligible);
    checkEligibleSetV2(c, set);
    checked = { algorithm: "v2", set };
  } else {
    checked = { algorithm: "v1", entries: checkEligibleV1(c, input.eligible) };
  }
  checkPoolAndConflicts(c, input);
  return checked;
}

function checkEligibleV1(c: Commitment, eligible: DrawInput["eligible"]): EligibleEntry[] {
  const el = commitEligible(isPackedEligibleSet(eligible) ? eligibleEntries(eligible) : eligible);
  if (toHex(el.root) !== c.eligible.root) {
    fail(
      "eligible-root",
      `the eligible set hashes to root ${toHex(el.root)}, but the commitment says ${c.eligible.root}`,
    );
  }
  for (const s of c.eligible.strata) {
    const n = el.counts.get(s.stratum) ?? 0;
    if (n !== s.count)
      fail(
        "count-mismatch",
        `stratum ${JSON.stringify(s.stratum)} has ${n} eligible entities, the commitment says ${s.count}`,
      );
  }
  for (const s of el.counts.keys()) {
    if (!c.eligible.strata.some((x) => x.stratum === s))
      fail(
        "unknown-stratum",
        `the eligible set has stratum ${JSON.stringify(s)}, which the commitment does not list`,
      );
  }
  // Exclusions are few: one pass over the set finds which of them are eligible.
  const excluded = new Set(c.eligible.exclusions.map((x) => x.id));
  const eligibleAndExcluded = new Set<string>();
  if (excluded.size > 0) for (const e of el.entries) if (excluded.has(e.id)) eligibleAndExcluded.add(e.id);
  for (const x of c.eligible.exclusions) {
    if (eligibleAndExcluded.has(x.id))
      fail(
        "excluded-but-eligible",
        `entity ${x.id} is listed as excluded (${x.reason}) but is in the eligible set`,
      );
  }
  return el.entries;
}

function checkPoolAndConflicts(c: Commitment, input: Pick<DrawInput, "inspectors" | "conflicts">): void {
  // Counts first: a dropped or added record is named as such, not only as a different root.
  if (input.inspectors.length !== c.inspectors.count)
    fail(
      "inspector-count",
      `${input.inspectors.length} inspectors are published, but the commitment says ${c.inspectors.count}`,
    );
  const poolRoot = toHex(inspectorPoolRoot(input.inspectors));
  if (poolRoot !== c.inspectors.root) {
    fail(
      "inspector-root",
      `the ${input.inspectors.length} published inspectors hash to root ${poolRoot}, but the commitment says ${c.inspectors.root}`,
    );
  }
  if (input.conflicts.length !== c.conflicts.count)
    fail(
      "conflict-count",
      `${input.conflicts.length} conflict digests are published, but the commitment says ${c.conflicts.count}`,
    );
  const confRoot = toHex(conflictSetRoot(input.conflicts.map(conflictDigestBytes)));
  if (confRoot !== c.conflicts.root) {
    fail(
      "conflict-root",
      `the ${input.conflicts.length} published conflict digests hash to root ${confRoot}, but the commitment says ${c.conflicts.root}`,
    );
  }
}

function conflictDigestBytes(d: string, i: number): Uint8Array {
  try {
    return fromHex(d, 32);
  } catch {
    fail(
      "conflict-not-canonical",
      `conflict digest #${i + 1} ${JSON.stringify(d)} is not 64 lower-case hex digits`,
    );
  }
}

/** Computes every result of a draw. Throws DrawError naming the first problem. */
export function runDraw(input: DrawInput): DrawResult {
  const c = validateCommitment(input.commitment);
  const eligible = checkCommittedSets(c, input);
  const ch = commitmentHash(c);
  const nonces = checkReveals(c.entropy.contributors, input.reveals, c.entropy.revealDeadline);
  let randomness: Uint8Array | null = null;
  if (c.entropy.beacon) {
    if (!input.beacon)
      fail(
        "beacon-missing",
        `the commitment requires drand round ${c.entropy.beacon.round}, but no beacon was given`,
      );
    randomness = verifyBeacon(c.entropy.beacon, input.beacon);
  } else if (input.beacon) {
    fail("beacon-unexpected", "a beacon was given but the commitment does not plan one");
  }
  const seed = computeSeed(ch, nonces, randomness);
  const selections =
    eligible.algorithm === "v2"
      ? selectEntitiesV2(seed, c.eligible.strata, eligible.set)
      : selectEntities(seed, c.eligible.strata, eligible.entries);
  const selected = selections.flatMap((s) =>
    s.selected.map((x) => ({ stratum: s.stratum, id: x.id, ticket: x.ticket })),
  );
  checkSubstitutionRecords(input.substitutions);
  const teams = (eligible.algorithm === "v2" ? assignTeamsV2 : assignTeams)({
    seed,
    rules: c.teams,
    pool: input.inspectors.map(canonicalInspector),
    conflictDigests: input.conflicts,
    selected,
    substitutions: input.substitutions,
  });
  return { commitmentHash: toHex(ch), seed: toHex(seed), selections, ...teams };
}
