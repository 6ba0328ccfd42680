/**
 * Inclusion proofs for one entity of the eligible set (docs/draw-spec.md §5.4):
 * anyone holding only the committed root can check that an entity was in the
 * draw without downloading the whole set.
 */
import { fromHex, toHex } from "./bytes.js";
import { canonicalEntityId, canonicalLabel } from "./encoding.js";
import { fail } from "./errors.js";
import { commitEligible, type EligibleEntry, eligibleLeaf } from "./leaves.js";
import { merkleInclusionProof, merkleLeafHash, verifyMerkleInclusion } from "./merkle.js";

export interface EligibleInclusionProof {
  root: string;
  treeSize: number;
  index: number;
  stratum: string;
  id: string;
  path: string[];
}

export function eligibleInclusionProof(
  entries: readonly EligibleEntry[],
  id: string,
): EligibleInclusionProof {
  const el = commitEligible(entries);
  const want = canonicalEntityId(id);
  const index = el.entries.findIndex((e) => e.id === want);
  if (index < 0) fail("not-eligible", `entity ${JSON.stringify(want)} is not in the eligible set`);
  const hashes = el.entries.map((e) => merkleLeafHash(eligibleLeaf(e.stratum, e.id)));
  const e = el.entries[index]!;
  return {
    root: toHex(el.root),
    treeSize: hashes.length,
    index,
    stratum: e.stratum,
    id: e.id,
    path: merkleInclusionProof(hashes, index).map(toHex),
  };
}

/** True when (stratum, id) is leaf `index` of the tree with `root` and `treeSize`. */
export function verifyEligibleInclusion(p: EligibleInclusionProof): boolean {
  try {
    const leaf = eligibleLeaf(canonicalLabel(p.stratum, "stratum"), canonicalEntityId(p.id));
    return verifyMerkleInclusion({
      leafHash: merkleLeafHash(leaf),
      index: p.index,
      treeSize: p.treeSize,
      proof: p.path.map((h) => fromHex(h, 32)),
      root: fromHex(p.root, 32),
    });
  } catch {
    return false;
  }
}
