/**
 * sortes-draw/v2 checks of the published eligible set against the commitment
 * (docs/draw-spec.md §16.3, §10 step 2). The inspector pool and conflict set are
 * committed exactly as in v1.
 */
import { toHex } from "./bytes.js";
import type { Commitment } from "./commitment.js";
import { eligibleEntries, eligibleSetRoot, type PackedEligibleSet } from "./eligible-set.js";
import { checkEligibleSetOrder, findEntity, packEligibleSet } from "./eligible-set-rules.js";
import { DrawError, fail } from "./errors.js";
import type { EligibleEntry } from "./leaves.js";

export function isPackedEligibleSet(x: unknown): x is PackedEligibleSet {
  return typeof x === "object" && x !== null && "buf" in x && "entryOff" in x && "chunkOff" in x;
}

/**
 * The eligible set as a checked, ordered packed set. A packed set read from a file in
 * set order is used as it is; anything else (entries, or a file in another order) is
 * canonicalised and sorted — the set's order is defined by its bytes, not by the file.
 */
export function orderedEligibleSet(
  eligible: readonly EligibleEntry[] | PackedEligibleSet,
): PackedEligibleSet {
  if (!isPackedEligibleSet(eligible)) return packEligibleSet(eligible);
  try {
    checkEligibleSetOrder(eligible);
    return eligible;
  } catch (e) {
    if (e instanceof DrawError && e.code === "unsorted-eligible")
      return packEligibleSet(eligibleEntries(eligible));
    throw e;
  }
}

/** Root, per-stratum counts, unknown strata and exclusions of a v2 eligible set. */
export function checkEligibleSetV2(c: Commitment, set: PackedEligibleSet): void {
  const root = toHex(eligibleSetRoot(set));
  if (root !== c.eligible.root)
    fail(
      "eligible-root",
      `the eligible set hashes to root ${root}, but the commitment says ${c.eligible.root}`,
    );
  const counts = new Map(set.strata.map((r) => [r.stratum, r.count]));
  for (const s of c.eligible.strata) {
    const n = counts.get(s.stratum) ?? 0;
    if (n !== s.count)
      fail(
        "count-mismatch",
        `stratum ${JSON.stringify(s.stratum)} has ${n} eligible entities, the commitment says ${s.count}`,
      );
  }
  for (const s of counts.keys()) {
    if (!c.eligible.strata.some((x) => x.stratum === s))
      fail(
        "unknown-stratum",
        `the eligible set has stratum ${JSON.stringify(s)}, which the commitment does not list`,
      );
  }
  for (const x of c.eligible.exclusions) {
    if (findEntity(set, x.id) >= 0)
      fail(
        "excluded-but-eligible",
        `entity ${x.id} is listed as excluded (${x.reason}) but is in the eligible set`,
      );
  }
}
