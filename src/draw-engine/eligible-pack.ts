/**
 * Eligible-set leaves (docs/draw-spec.md §5) for a whole set at once, packed in
 * one byte buffer: record i is 0x00 ‖ lp(T_eligible) ‖ lp(stratum) ‖ lp(id),
 * i.e. exactly the RFC 6962 leaf-hash input of eligibleLeaf(stratum, id).
 *
 * Why packed: a million leaves as separate Uint8Arrays (each ~80 bytes, off
 * the V8 heap) cost more to allocate and collect than to hash. Records all
 * start with the same 0x00, so comparing records is comparing leaves.
 */
import { utf8, writeU32be } from "./bytes.js";
import { lp } from "./encoding.js";
import { sha256 } from "./hash.js";
import type { EligibleEntry } from "./leaves.js";
import { MerkleRootBuilder } from "./merkle.js";
import { TAGS } from "./tags.js";

export interface PackedLeaves {
  buf: Uint8Array;
  /** Record i is buf[off[i], off[i + 1]). */
  off: Float64Array;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Packs the leaf-hash inputs of canonical entries, in the given order. */
export function packEligibleLeaves(entries: readonly EligibleEntry[]): PackedLeaves {
  const prefixes = new Map<string, Uint8Array>();
  const tag = lp(TAGS.eligibleLeaf);
  const prefixOf = (stratum: string): Uint8Array => {
    let p = prefixes.get(stratum);
    if (!p) {
      const s = lp(stratum);
      p = new Uint8Array(1 + tag.length + s.length);
      p.set(tag, 1);
      p.set(s, 1 + tag.length);
      prefixes.set(stratum, p);
    }
    return p;
  };
  const n = entries.length;
  const off = new Float64Array(n + 1);
  // Non-ASCII ids are encoded once here and reused below; ASCII ids are written directly.
  const encoded = new Map<number, Uint8Array>();
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    off[i] = total;
    let idLength = e.id.length;
    if (!isAscii(e.id)) {
      const b = utf8(e.id);
      encoded.set(i, b);
      idLength = b.length;
    }
    total += prefixOf(e.stratum).length + 4 + idLength;
  }
  off[n] = total;
  const buf = new Uint8Array(total);
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    const p = prefixOf(e.stratum);
    let o = off[i]!;
    buf.set(p, o);
    o += p.length;
    const len = off[i + 1]! - o - 4;
    writeU32be(buf, o, len);
    o += 4;
    const b = encoded.get(i);
    if (b) buf.set(b, o);
    else for (let j = 0; j < len; j++) buf[o + j] = e.id.charCodeAt(j);
  }
  return { buf, off };
}

/** memcmp order of records a and b. */
export function comparePacked(p: PackedLeaves, a: number, b: number): number {
  const { buf, off } = p;
  const oa = off[a]!;
  const ob = off[b]!;
  const la = off[a + 1]! - oa;
  const lb = off[b + 1]! - ob;
  const n = la < lb ? la : lb;
  for (let i = 0; i < n; i++) {
    const d = buf[oa + i]! - buf[ob + i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/** Merkle root over the records taken in `order` (identity when null). */
export function packedRoot(p: PackedLeaves, order: ArrayLike<number> | null): Uint8Array {
  const b = new MerkleRootBuilder();
  const n = p.off.length - 1;
  for (let k = 0; k < n; k++) {
    const i = order ? order[k]! : k;
    b.addLeafHash(sha256(p.buf.subarray(p.off[i]!, p.off[i + 1]!)));
  }
  return b.root();
}

/**
 * For records in leaf order (strictly ascending): true when no id appears in
 * two strata. Leaf order groups each stratum into one run, sorted by lp(id)
 * bytes; merging the runs puts equal ids next to each other. Linear in the
 * number of records times the number of strata (false, i.e. "take the general
 * path", for more than 64 strata).
 */
export function idsDistinctAcrossStrata(p: PackedLeaves, entries: readonly EligibleEntry[]): boolean {
  const starts: number[] = [];
  for (let i = 0; i < entries.length; i++)
    if (i === 0 || entries[i]!.stratum !== entries[i - 1]!.stratum) starts.push(i);
  if (starts.length <= 1) return true;
  if (starts.length > 64) return false;
  const ends = [...starts.slice(1), entries.length];
  // lp(id) starts after 0x00 ‖ lp(tag) ‖ lp(stratum), constant within a run.
  const skip = starts.map((i) => p.off[i + 1]! - p.off[i]! - 4 - utf8(entries[i]!.id).length);
  const head = [...starts];
  let prev = -1;
  let prevRun = -1;
  for (;;) {
    let best = -1;
    for (let r = 0; r < head.length; r++) {
      if (head[r]! >= ends[r]!) continue;
      if (best < 0 || compareIds(p, head[r]!, skip[r]!, head[best]!, skip[best]!) < 0) best = r;
    }
    if (best < 0) return true;
    if (prev >= 0 && compareIds(p, prev, skip[prevRun]!, head[best]!, skip[best]!) === 0) return false;
    prev = head[best]!;
    prevRun = best;
    head[best]!++;
  }
}

/** memcmp of the lp(id) tails of records a and b. */
function compareIds(p: PackedLeaves, a: number, skipA: number, b: number, skipB: number): number {
  const { buf, off } = p;
  const oa = off[a]! + skipA;
  const ob = off[b]! + skipB;
  const la = off[a + 1]! - oa;
  const lb = off[b + 1]! - ob;
  const n = la < lb ? la : lb;
  for (let i = 0; i < n; i++) {
    const d = buf[oa + i]! - buf[ob + i]!;
    if (d !== 0) return d;
  }
  return la - lb;
}
