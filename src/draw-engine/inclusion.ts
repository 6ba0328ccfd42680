/**
 * Inclusion proofs for one entity of the eligible set (docs/draw-spec.md §5.4):
 * anyone holding only the committed root can check that an entity was in the
 * draw without downloading the whole set.
 */
import { fromHex, toHex } from "./bytes.js";
import { orderedEligibleSet } from "./committed-sets-v2.js";
import {
  EligibleSetBuilder,
  eligibleChunkLeafHash,
  eligibleEntries,
  eligibleSetRoot,
  type PackedEligibleSet,
} from "./eligible-set.js";
import { findEntity } from "./eligible-set-rules.js";
import { canonicalEntityId, canonicalLabel } from "./encoding.js";
import { fail } from "./errors.js";
import { commitEligible, type EligibleEntry, eligibleLeaf } from "./leaves.js";
import { merkleInclusionProof, merkleLeafHash, verifyMerkleInclusion } from "./merkle.js";
import { ALGORITHM_V2, V2_CHUNK_SIZE } from "./tags.js";

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

/**
 * sortes-draw/v2 inclusion (docs/draw-spec.md §16.8): the entity's whole chunk
 * (at most 1024 entries) plus the RFC 6962 path of the chunk leaf.
 */
export interface EligibleChunkInclusionProof {
  algorithm: "sortes-draw/v2";
  root: string;
  /** Number of entities in the set. */
  treeSize: number;
  /** The entity's position in the set. */
  index: number;
  stratum: string;
  id: string;
  /** The entries of chunk floor(index / 1024), in set order. */
  chunk: EligibleEntry[];
  path: string[];
}

/** Builds the v2 inclusion proof of `id` from the whole set (the service reads one chunk instead). */
export function eligibleChunkInclusionProof(
  eligible: readonly EligibleEntry[] | PackedEligibleSet,
  id: string,
): EligibleChunkInclusionProof {
  const set = orderedEligibleSet(eligible);
  const want = canonicalEntityId(id);
  const index = findEntity(set, want);
  if (index < 0) fail("not-eligible", `entity ${JSON.stringify(want)} is not in the eligible set`);
  const hashes: Uint8Array[] = [];
  for (let j = 0; j + 1 < set.chunkOff.length; j++) hashes.push(eligibleChunkLeafHash(set, j));
  const c = Math.floor(index / V2_CHUNK_SIZE);
  const all = eligibleEntries(set);
  const e = all[index]!;
  return {
    algorithm: ALGORITHM_V2,
    root: toHex(eligibleSetRoot(set)),
    treeSize: set.size,
    index,
    stratum: e.stratum,
    id: e.id,
    chunk: all.slice(c * V2_CHUNK_SIZE, (c + 1) * V2_CHUNK_SIZE),
    path: merkleInclusionProof(hashes, c).map(toHex),
  };
}

/**
 * True when (stratum, id) is entry `index` of the set with `root`: the chunk is the
 * right length for its position, holds the entity at index mod 1024, and its leaf
 * hash is on the audit path to the root.
 */
export function verifyEligibleChunkInclusion(p: EligibleChunkInclusionProof): boolean {
  try {
    const c = Math.floor(p.index / V2_CHUNK_SIZE);
    const chunks = Math.ceil(p.treeSize / V2_CHUNK_SIZE);
    const expected = Math.min(V2_CHUNK_SIZE, p.treeSize - c * V2_CHUNK_SIZE);
    if (!Number.isSafeInteger(p.index) || p.index < 0 || p.index >= p.treeSize) return false;
    if (!Array.isArray(p.chunk) || p.chunk.length !== expected) return false;
    const b = new EligibleSetBuilder(expected);
    for (const x of p.chunk) b.add(canonicalLabel(x.stratum, "stratum"), canonicalEntityId(x.id));
    const set = b.finish();
    const at = p.chunk[p.index - c * V2_CHUNK_SIZE]!;
    if (
      canonicalLabel(at.stratum, "stratum") !== canonicalLabel(p.stratum, "stratum") ||
      canonicalEntityId(at.id) !== canonicalEntityId(p.id)
    )
      return false;
    return verifyMerkleInclusion({
      leafHash: eligibleChunkLeafHash(set, 0),
      index: c,
      treeSize: chunks,
      proof: p.path.map((h) => fromHex(h, 32)),
      root: fromHex(p.root, 32),
    });
  } catch {
    return false;
  }
}

/** Verifies an inclusion proof of either algorithm (v2 proofs name theirs; v1 proofs have no `algorithm`). */
export function verifyAnyEligibleInclusion(p: EligibleInclusionProof | EligibleChunkInclusionProof): boolean {
  return "algorithm" in p && p.algorithm === ALGORITHM_V2
    ? verifyEligibleChunkInclusion(p)
    : verifyEligibleInclusion(p as EligibleInclusionProof);
}
