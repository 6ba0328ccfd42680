/**
 * Proof verification (docs/draw-spec.md §12). Recomputes everything from the
 * bundle plus the published eligible set, compares field by field and reports
 * the FIRST difference in plain words. The signature is checked last so that a
 * tampered field is named rather than reported only as a bad signature.
 */

import { runDraw } from "./draw.js";
import type { PackedEligibleSet } from "./eligible-set.js";
import { jcs } from "./encoding.js";
import { DrawError } from "./errors.js";
import type { EligibleEntry } from "./leaves.js";
import { type ProofBundle, verifyProofSignature } from "./proof.js";
import { SUPPORTED_ALGORITHMS } from "./tags.js";
import type { TeamAssignment } from "./teams.js";
import { checkBundleShape, checkConflictList, checkInspectorList } from "./verify-form.js";

export type VerifyOutcome = { ok: true; summary: string } | { ok: false; code: string; message: string };

class Mismatch extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const q = (s: unknown): string => JSON.stringify(s);
/**
 * Compared canonically (RFC 8785): a served bundle is JCS text, so its objects have
 * sorted keys while recomputed ones keep the engine's order; key order never matters.
 */
const canon = (v: unknown): string => (v === undefined ? "undefined" : jcs(v));

function same(code: string, what: string, claimed: unknown, actual: unknown): void {
  if (canon(claimed) !== canon(actual))
    throw new Mismatch(
      code,
      `${what} differs: the proof says ${q(claimed)}, recomputation gives ${q(actual)}`,
    );
}

function compareTeams(label: string, claimed: TeamAssignment[], actual: TeamAssignment[]): void {
  for (let i = 0; i < Math.max(claimed.length, actual.length); i++) {
    const c = claimed[i];
    const a = actual[i];
    if (!c || !a)
      throw new Mismatch(
        `${label}-count`,
        `the proof lists ${claimed.length} ${label}, recomputation gives ${actual.length}`,
      );
    if (c.entityId !== a.entityId || c.stratum !== a.stratum) {
      throw new Mismatch(
        label,
        `${label} #${i + 1} is for entity ${q(c.entityId)} in the proof but for ${q(a.entityId)} on recomputation`,
      );
    }
    for (let j = 0; j < Math.max(c.members.length, a.members.length); j++) {
      if (c.members[j] !== a.members[j]) {
        throw new Mismatch(
          label,
          `${label.replace(/s$/, "")} of entity ${q(a.entityId)}, member #${j + 1}: the proof says ${q(c.members[j] ?? null)}, recomputation gives ${q(a.members[j] ?? null)}`,
        );
      }
    }
  }
}

function check(
  bundle: ProofBundle,
  eligible: readonly EligibleEntry[] | PackedEligibleSet,
  expectedPublicKey?: string,
): string {
  checkBundleShape(bundle);
  if (!SUPPORTED_ALGORITHMS.includes(bundle.algorithm))
    throw new Mismatch("unknown-algorithm", `algorithm ${q(bundle.algorithm)} is not supported`);
  same(
    "algorithm",
    "the algorithm id of the bundle vs its commitment",
    bundle.algorithm,
    bundle.commitment.algorithm,
  );
  checkInspectorList(bundle.inspectors);
  checkConflictList(bundle.conflicts);
  const r = runDraw({
    commitment: bundle.commitment,
    eligible,
    inspectors: bundle.inspectors,
    conflicts: bundle.conflicts,
    reveals: bundle.reveals,
    beacon: bundle.beacon,
    substitutions: bundle.substitutions.map(({ entityId, recused, reason, at }) => ({
      entityId,
      recused,
      reason,
      at,
    })),
  });
  same("commitment-hash", "the commitment hash", bundle.commitmentHash, r.commitmentHash);
  same("seed", "the seed", bundle.seed, r.seed);
  if (bundle.selections.length !== r.selections.length)
    throw new Mismatch(
      "selection",
      `the proof has ${bundle.selections.length} strata, recomputation gives ${r.selections.length}`,
    );
  for (const [i, a] of r.selections.entries()) {
    const c = bundle.selections[i]!;
    same("selection", `stratum #${i + 1} name`, c.stratum, a.stratum);
    const where = `stratum ${q(a.stratum)}`;
    same("selection", `${where}: eligible count n`, c.n, a.n);
    same("selection", `${where}: rate`, c.rateBp, a.rateBp);
    same("selection", `${where}: sample size k`, c.k, a.k);
    for (let j = 0; j < Math.max(c.selected.length, a.selected.length); j++) {
      const cs = c.selected[j];
      const as = a.selected[j];
      if (!cs || !as)
        throw new Mismatch(
          "selection",
          `${where}: the proof lists ${c.selected.length} selected entities, recomputation gives ${a.selected.length}`,
        );
      if (cs.id !== as.id)
        throw new Mismatch(
          "selection",
          `${where}, rank ${j + 1}: the proof lists entity ${q(cs.id)}, recomputation selects ${q(as.id)} (ticket ${as.ticket})`,
        );
      if (cs.ticket !== as.ticket)
        throw new Mismatch(
          "ticket",
          `${where}, rank ${j + 1}: the ticket of entity ${q(as.id)} differs: the proof says ${cs.ticket}, recomputation gives ${as.ticket}`,
        );
    }
  }
  compareTeams("teams", bundle.teams, r.teams);
  same("infeasible", "the list of entities that could not be staffed", bundle.infeasible, r.infeasible);
  for (const [i, a] of r.substitutions.entries()) {
    same(
      "substitution",
      `the substitute for ${q(a.recused)} on entity ${q(a.entityId)} (substitution #${i + 1})`,
      bundle.substitutions[i]?.substitute,
      a.substitute,
    );
  }
  compareTeams("final teams", bundle.finalTeams, r.finalTeams);
  if (expectedPublicKey !== undefined && expectedPublicKey !== bundle.publicKey) {
    throw new Mismatch(
      "public-key",
      `the proof is signed with key ${bundle.publicKey}, not the expected ${expectedPublicKey}`,
    );
  }
  if (!verifyProofSignature(bundle)) {
    throw new Mismatch(
      "signature",
      `the Ed25519 signature does not match the bundle contents and public key ${bundle.publicKey}`,
    );
  }
  const picked = r.selections.reduce((n, s) => n + s.k, 0);
  return `${picked} entities selected in ${r.selections.length} strata, ${r.finalTeams.length} teams, ${r.infeasible.length} infeasible, ${r.substitutions.length} substitutions; seed ${r.seed}`;
}

/** Verifies a proof bundle against the published eligible set. Never throws. */
export function verifyProof(
  bundle: ProofBundle,
  eligible: readonly EligibleEntry[] | PackedEligibleSet,
  opts: { expectedPublicKey?: string } = {},
): VerifyOutcome {
  try {
    return { ok: true, summary: check(bundle, eligible, opts.expectedPublicKey) };
  } catch (e) {
    if (e instanceof Mismatch || e instanceof DrawError)
      return { ok: false, code: e.code, message: e.message };
    return { ok: false, code: "malformed", message: `the proof is malformed: ${(e as Error).message}` };
  }
}
