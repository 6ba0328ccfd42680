/**
 * RFC 6962 / RFC 9162 Merkle trees (docs/draw-spec.md §4).
 *   leafHash(d) = SHA-256(0x00 ‖ d)
 *   node(l, r)  = SHA-256(0x01 ‖ l ‖ r)
 *   root([])    = SHA-256("")
 * Split point: the largest power of two strictly below n. Sizes and indices are
 * JS numbers handled with division, never 32-bit bit operators, so trees past
 * 2^31 leaves stay correct.
 */
import { compareBytes, concatBytes, equalBytes } from "./bytes.js";
import { fail } from "./errors.js";
import { sha256 } from "./hash.js";

const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

export function merkleLeafHash(leaf: Uint8Array): Uint8Array {
  return sha256(concatBytes(LEAF_PREFIX, leaf));
}

// One reused 0x01 ‖ left ‖ right buffer: a million-leaf tree hashes a million
// nodes, and a concatenation per node was a visible share of verification.
// (SHA-256 backends never keep a reference to their input.)
const nodeScratch = new Uint8Array(65);
nodeScratch[0] = 1;

export function merkleNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== 32 || right.length !== 32) return sha256(concatBytes(NODE_PREFIX, left, right));
  nodeScratch.set(left, 1);
  nodeScratch.set(right, 33);
  return sha256(nodeScratch);
}

export function merkleEmptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

/**
 * Streaming root builder: feed leaf hashes (or leaves) in tree order; memory is
 * O(log n). Keeps a stack of perfect subtrees; equal-height neighbours merge at
 * once, and `root()` folds the remaining stack right-to-left, which is exactly
 * the RFC 6962 shape.
 */
export class MerkleRootBuilder {
  private readonly stack: { height: number; hash: Uint8Array }[] = [];
  private count = 0;
  private lastLeaf: Uint8Array | null = null;

  get size(): number {
    return this.count;
  }

  addLeafHash(hash: Uint8Array): void {
    let node = { height: 0, hash };
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (!top || top.height !== node.height) break;
      this.stack.pop();
      node = { height: node.height + 1, hash: merkleNodeHash(top.hash, node.hash) };
    }
    this.stack.push(node);
    this.count++;
  }

  /** Adds a raw leaf, enforcing strictly ascending byte order (sorted, no duplicates). */
  addLeaf(leaf: Uint8Array): void {
    if (this.lastLeaf) {
      const c = compareBytes(this.lastLeaf, leaf);
      if (c === 0) fail("duplicate-leaf", `leaf #${this.count} duplicates the previous leaf`);
      if (c > 0) fail("unsorted-leaves", `leaf #${this.count} is not in ascending byte order`);
    }
    this.lastLeaf = leaf;
    this.addLeafHash(merkleLeafHash(leaf));
  }

  root(): Uint8Array {
    if (this.stack.length === 0) return merkleEmptyRoot();
    let acc = (this.stack[this.stack.length - 1] as { hash: Uint8Array }).hash;
    for (let i = this.stack.length - 2; i >= 0; i--) {
      acc = merkleNodeHash((this.stack[i] as { hash: Uint8Array }).hash, acc);
    }
    return acc;
  }
}

/** Root over leaf hashes in the given order. */
export function merkleRootFromLeafHashes(hashes: readonly Uint8Array[]): Uint8Array {
  const b = new MerkleRootBuilder();
  for (const h of hashes) b.addLeafHash(h);
  return b.root();
}

/** Sorts leaves by bytes; rejects duplicates. Returns a new array. */
export function sortLeaves(leaves: readonly Uint8Array[]): Uint8Array[] {
  const sorted = [...leaves].sort(compareBytes);
  for (let i = 1; i < sorted.length; i++) {
    if (compareBytes(sorted[i - 1] as Uint8Array, sorted[i] as Uint8Array) === 0) {
      fail("duplicate-leaf", `duplicate leaf at sorted position ${i}`);
    }
  }
  return sorted;
}

/** Root of a SET of leaves: sorted by bytes, duplicates rejected. */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  return merkleRootFromLeafHashes(sortLeaves(leaves).map(merkleLeafHash));
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function mth(h: readonly Uint8Array[], from: number, to: number): Uint8Array {
  return merkleRootFromLeafHashes(h.slice(from, to));
}

/** RFC 6962 §2.1.1 PATH(m, D[n]) over leaf hashes. */
export function merkleInclusionProof(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leafHashes.length) {
    fail("bad-index", `leaf index ${index} outside tree of size ${leafHashes.length}`);
  }
  const path: Uint8Array[] = [];
  const walk = (m: number, from: number, to: number): void => {
    const n = to - from;
    if (n <= 1) return;
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      walk(m, from, from + k);
      path.push(mth(leafHashes, from + k, to));
    } else {
      walk(m - k, from + k, to);
      path.push(mth(leafHashes, from, from + k));
    }
  };
  walk(index, 0, leafHashes.length);
  return path;
}

const odd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/** RFC 9162 §2.1.3.2 inclusion verification. */
export function verifyMerkleInclusion(a: {
  leafHash: Uint8Array;
  index: number;
  treeSize: number;
  proof: readonly Uint8Array[];
  root: Uint8Array;
}): boolean {
  if (!Number.isSafeInteger(a.index) || !Number.isSafeInteger(a.treeSize)) return false;
  if (a.index < 0 || a.index >= a.treeSize) return false;
  let fn = a.index;
  let sn = a.treeSize - 1;
  let r = a.leafHash;
  for (const p of a.proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = merkleNodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = merkleNodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, a.root);
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]) over leaf hashes (0 < m ≤ n). */
export function merkleConsistencyProof(leafHashes: readonly Uint8Array[], m: number): Uint8Array[] {
  const n = leafHashes.length;
  if (!Number.isSafeInteger(m) || m < 0 || m > n) fail("bad-index", `old size ${m} outside 0..${n}`);
  const proof: Uint8Array[] = [];
  if (m === 0 || m === n) return proof;
  const sub = (mm: number, from: number, to: number, complete: boolean): void => {
    const size = to - from;
    if (mm === size) {
      if (!complete) proof.push(mth(leafHashes, from, to));
      return;
    }
    const k = largestPowerOfTwoBelow(size);
    if (mm <= k) {
      sub(mm, from, from + k, complete);
      proof.push(mth(leafHashes, from + k, to));
    } else {
      sub(mm - k, from + k, to, false);
      proof.push(mth(leafHashes, from, from + k));
    }
  };
  sub(m, 0, n, true);
  return proof;
}

/** RFC 9162 §2.1.4.2 consistency verification. */
export function verifyMerkleConsistency(a: {
  firstSize: number;
  secondSize: number;
  firstRoot: Uint8Array;
  secondRoot: Uint8Array;
  proof: readonly Uint8Array[];
}): boolean {
  const { firstSize, secondSize } = a;
  if (!Number.isSafeInteger(firstSize) || !Number.isSafeInteger(secondSize)) return false;
  if (firstSize < 0 || firstSize > secondSize) return false;
  if (firstSize === secondSize) return a.proof.length === 0 && equalBytes(a.firstRoot, a.secondRoot);
  if (firstSize === 0) return a.proof.length === 0 && equalBytes(a.firstRoot, merkleEmptyRoot());
  if (a.proof.length === 0) return false;
  const path = [...a.proof];
  let isPow2 = firstSize;
  while (isPow2 % 2 === 0) isPow2 /= 2;
  if (isPow2 === 1) path.unshift(a.firstRoot);
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = path[0] as Uint8Array;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = merkleNodeHash(c, fr);
      sr = merkleNodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = merkleNodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return equalBytes(fr, a.firstRoot) && equalBytes(sr, a.secondRoot) && sn === 0;
}
