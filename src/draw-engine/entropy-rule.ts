/**
 * No single party can fix the draw (docs/draw-spec.md §8.5). A seed that one party alone
 * determines can be ground: an operator who knows every nonce can try exclusions or filters
 * before committing and keep the set whose draw it likes. So a round needs entropy that no
 * one party holds in full:
 *   - ≥ 2 independent contributors (the department may be one of them), or
 *   - a drand beacon fixed in the commitment (emitted after it) plus ≥ 1 contributor.
 * "Independent" is what the service can check: distinct contributors (each its own one-time
 * credential and name) whose commitments all differ — two equal commitments hide one nonce,
 * i.e. one party. Who really holds each credential it cannot check; the published names are
 * the claim those parties can confirm.
 *
 * This is a rule of the service (it refuses to create, commit or draw such a round), not part
 * of an algorithm's verification: proofs committed under earlier rules stay valid, and a
 * verifier reports a violation as a warning only.
 */

export const ENTROPY_RULE_CODE = "entropy-single-party";

export interface EntropyPlan {
  /** Committed contributors; `commitment` is null while one is still awaited (draft rounds). */
  contributors: readonly { name: string; commitment: string | null }[];
  beacon: unknown | null;
}

/** Plain words of why a plan breaks the rule and what to add, or null when it meets it. */
export function entropyRuleViolation(plan: EntropyPlan): string | null {
  const names = plan.contributors.map((c) => c.name);
  const hasBeacon = plan.beacon !== null && plan.beacon !== undefined;
  const byCommitment = new Map<string, string[]>();
  for (const c of plan.contributors) {
    if (c.commitment === null) continue;
    const key = c.commitment.toLowerCase();
    byCommitment.set(key, [...(byCommitment.get(key) ?? []), c.name]);
  }
  const shared = [...byCommitment.values()].find((group) => group.length > 1);
  if (shared) {
    return `contributors ${shared.map((n) => JSON.stringify(n)).join(" and ")} sent the same commitment, so they hide the same nonce and count as one party; each contributor must draw its own nonce`;
  }
  if (names.length >= 2 || (hasBeacon && names.length >= 1)) return null;
  const why = "so one party alone could fix the draw";
  if (names.length === 1)
    return `the round's entropy comes from a single contributor (${JSON.stringify(names[0])}) and no beacon, ${why}; add a second, independent contributor (e.g. a notary office or a public representative) or plan a drand beacon round`;
  if (hasBeacon)
    return `the round's entropy comes from a drand beacon alone, ${why} (the drand network); add at least one contributor`;
  return `the round has no contributor and no beacon, ${why}; add at least two independent contributors, or one contributor and a drand beacon round`;
}
