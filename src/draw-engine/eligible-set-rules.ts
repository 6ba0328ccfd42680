/**
 * The rules of a sortes-draw/v2 eligible set (docs/draw-spec.md §16.3) on its packed form:
 * entries strictly ascending, no id in two strata; packing arbitrary entries into set order;
 * finding an entity by id. The layout itself is in eligible-set.ts.
 */
import { compareBytes, utf8 } from "./bytes.js";
import { EligibleSetBuilder, entryId, idRange, type PackedEligibleSet, u32At } from "./eligible-set.js";
import { canonicalEntityId, canonicalLabel, writeLp } from "./encoding.js";
import { fail } from "./errors.js";

/** memcmp of entries a and b (no allocation: this runs once per entry when checking order). */
export function compareEntries(set: PackedEligibleSet, a: number, b: number): number {
  const buf = set.buf;
  const a0 = set.entryOff[a]!;
  const b0 = set.entryOff[b]!;
  const asl = u32At(buf, a0);
  const bsl = u32At(buf, b0);
  const la = 8 + asl + u32At(buf, a0 + 4 + asl);
  const lb = 8 + bsl + u32At(buf, b0 + 4 + bsl);
  const n = la < lb ? la : lb;
  for (let i = 0; i < n; i++) {
    const d = buf[a0 + i]! - buf[b0 + i]!;
    if (d !== 0) return d;
  }
  return la - lb;
}

/** memcmp of the lp(id) parts of entries a and b (lengths first, as the bytes sort). */
function compareIdsOf(set: PackedEligibleSet, a: number, b: number): number {
  const buf = set.buf;
  let oa = set.entryOff[a]!;
  let ob = set.entryOff[b]!;
  oa += 4 + u32At(buf, oa);
  ob += 4 + u32At(buf, ob);
  const la = 4 + u32At(buf, oa);
  const lb = 4 + u32At(buf, ob);
  const n = la < lb ? la : lb;
  for (let i = 0; i < n; i++) {
    const d = buf[oa + i]! - buf[ob + i]!;
    if (d !== 0) return d;
  }
  return la - lb;
}

/**
 * Rules of a committed set (spec §16.3): entries strictly ascending (so no
 * (stratum, id) twice) and no id in two strata. Ids within a stratum are sorted by
 * lp(id), so merging the strata runs puts equal ids next to each other.
 */
export function checkEligibleSetOrder(set: PackedEligibleSet): void {
  const buf = set.buf;
  const runs = set.strata;
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    // Runs must ascend by lp(stratum); a stratum seen twice means the file is not in set order.
    if (r > 0) {
      const c = compareEntries(set, runs[r - 1]!.start, run.start);
      if (c >= 0)
        fail(
          "unsorted-eligible",
          `eligible entry #${run.start + 1} (${JSON.stringify(entryId(set, run.start))}) is not in ascending order`,
        );
    }
    // Within a run the lp(stratum) bytes are equal: compare lp(id) only, length first.
    const skip = 4 + u32At(buf, set.entryOff[run.start]!);
    let prevAt = set.entryOff[run.start]! + skip;
    let prevLength = u32At(buf, prevAt);
    for (let i = run.start + 1; i < run.start + run.count; i++) {
      const at = set.entryOff[i]! + skip;
      const length = u32At(buf, at);
      let c = prevLength - length;
      if (c === 0) {
        for (let j = 4; j < 4 + length; j++) {
          c = buf[prevAt + j]! - buf[at + j]!;
          if (c !== 0) break;
        }
      }
      if (c >= 0) {
        if (c === 0) fail("duplicate-id", `entity ${JSON.stringify(entryId(set, i))} is listed twice`);
        fail(
          "unsorted-eligible",
          `eligible entry #${i + 1} (${JSON.stringify(entryId(set, i))}) is not in ascending order`,
        );
      }
      prevAt = at;
      prevLength = length;
    }
  }
  if (runs.length > 1) checkIdsDistinctAcrossStrata(set);
}

/**
 * No id in two strata (within a stratum the order check already excludes
 * repeats). Every id gets a 32-bit FNV-1a hash of its bytes; entries are radix-
 * sorted by it (two 16-bit passes) and only entries with equal hashes are compared
 * byte by byte. Linear, and ~10× faster than merging the strata by comparisons.
 * The hash only groups candidates; it is not part of any rule.
 */
function checkIdsDistinctAcrossStrata(set: PackedEligibleSet): void {
  const n = set.size;
  const buf = set.buf;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const o = set.entryOff[i]!;
    const from = o + 8 + u32At(buf, o);
    const to = from + u32At(buf, from - 4);
    // FNV-1a-style mixing of whole 4-byte words, then the tail bytes.
    let h = 0x811c9dc5 ^ (to - from);
    let j = from;
    for (; j + 4 <= to; j += 4)
      h = Math.imul(
        h ^ (buf[j]! | (buf[j + 1]! << 8) | (buf[j + 2]! << 16) | (buf[j + 3]! << 24)),
        0x01000193,
      );
    for (; j < to; j++) h = Math.imul(h ^ buf[j]!, 0x01000193);
    keys[i] = (h ^ (h >>> 15)) >>> 0;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let other = new Uint32Array(n);
  for (const shift of [0, 16]) {
    const count = new Uint32Array(65537);
    for (let i = 0; i < n; i++) count[((keys[order[i]!]! >>> shift) & 0xffff) + 1]!++;
    for (let b = 1; b <= 65536; b++) count[b]! += count[b - 1]!;
    for (let i = 0; i < n; i++) {
      const e = order[i]!;
      other[count[(keys[e]! >>> shift) & 0xffff]!++] = e;
    }
    [order, other] = [other, order];
  }
  for (let i = 1; i < n; i++) {
    const a = order[i - 1]!;
    if (keys[a] !== keys[order[i]!]) continue;
    // A run of equal hashes: compare every pair in it (runs are tiny).
    let j = i;
    while (j + 1 < n && keys[order[j + 1]!] === keys[a]) j++;
    for (let x = i - 1; x <= j; x++)
      for (let y = x + 1; y <= j; y++)
        if (compareIdsOf(set, order[x]!, order[y]!) === 0)
          fail(
            "duplicate-id",
            `entity id ${JSON.stringify(entryId(set, order[y]!))} appears in more than one stratum of the eligible set`,
          );
    i = j;
  }
}

/**
 * Packs canonicalised entries in set order (sorted by entry bytes). Any input order;
 * ids are canonicalised (spec §3.1) and a duplicate rejects the set.
 */
export function packEligibleSet(input: Iterable<{ stratum: string; id: string }>): PackedEligibleSet {
  const strata = new Map<unknown, Uint8Array>();
  const rows: { s: Uint8Array; id: Uint8Array; e: Uint8Array }[] = [];
  let line = 0;
  for (const x of input) {
    line++;
    let s = strata.get(x.stratum);
    if (!s) {
      s = utf8(canonicalLabel(x.stratum, `stratum of row ${line}`));
      strata.set(x.stratum, s);
    }
    const id = utf8(canonicalEntityId(x.id));
    const e = new Uint8Array(8 + s.length + id.length);
    writeLp(e, writeLp(e, 0, s), id);
    rows.push({ s, id, e });
  }
  let sorted = true;
  for (let i = 1; i < rows.length && sorted; i++)
    if (compareBytes(rows[i - 1]!.e, rows[i]!.e) >= 0) sorted = false;
  if (!sorted) rows.sort((a, b) => compareBytes(a.e, b.e));
  const b = new EligibleSetBuilder(rows.length);
  for (const r of rows) b.addBytes(r.s, r.id);
  const set = b.finish();
  checkEligibleSetOrder(set);
  return set;
}

/** Order of entry i's lp(id) against lp(id) of `id` (length first, then bytes). */
function compareLpIdTo(set: PackedEligibleSet, i: number, id: Uint8Array): number {
  const [a, b] = idRange(set, i);
  if (b - a !== id.length) return b - a - id.length;
  for (let j = 0; j < id.length; j++) {
    const d = set.buf[a + j]! - id[j]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** Position of a canonical id in an ordered set (binary search in each stratum run), or -1. */
export function findEntity(set: PackedEligibleSet, id: string): number {
  const want = utf8(id);
  for (const r of set.strata) {
    let lo = r.start;
    let hi = r.start + r.count;
    while (lo < hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      const c = compareLpIdTo(set, mid, want);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
  }
  return -1;
}
