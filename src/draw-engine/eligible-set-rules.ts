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

/** 32-bit MurmurHash3-style hash of entry i's id bytes (whole 4-byte words, then the tail). */
function idKey(buf: Uint8Array, entryOff: Float64Array, i: number): number {
  const o = entryOff[i]!;
  const from = o + 8 + u32At(buf, o);
  const to = from + u32At(buf, from - 4);
  let h = to - from;
  let j = from;
  for (; j + 4 <= to; j += 4) {
    let k = buf[j]! | (buf[j + 1]! << 8) | (buf[j + 2]! << 16) | (buf[j + 3]! << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  for (let s = 0; j < to; j++, s += 8) k |= buf[j]! << s;
  k = Math.imul(k, 0xcc9e2d51);
  h ^= Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** log2 of the bitmap size: 2^25 bits = 4 MiB, so a million ids leave ~15 000 chance collisions. */
const BITMAP_BITS = 25;

/**
 * No id in two strata (within a stratum the order check already excludes
 * repeats). Every id gets a 32-bit hash of its bytes, and one pass marks the
 * hash's low 25 bits in a 4 MiB bitmap, noting the bits marked twice; a second
 * pass collects the entries on such a bit (an id listed twice is among them),
 * and only those few (~3 % at a million) are sorted by hash and bytes and
 * compared with their neighbours. The radix sort of every entry by an FNV hash
 * this replaces cost ~2× more (and FNV of credit codes collided 4 % of the time).
 * The hash only groups candidates; it is not part of any rule.
 */
function checkIdsDistinctAcrossStrata(set: PackedEligibleSet): void {
  const n = set.size;
  const { buf, entryOff } = set;
  const mask = (1 << BITMAP_BITS) - 1;
  const seen = new Int32Array(1 << (BITMAP_BITS - 5));
  const twice = new Int32Array(1 << (BITMAP_BITS - 5));
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = idKey(buf, entryOff, i);
  let collisions = 0;
  for (let i = 0; i < n; i++) {
    const b = keys[i]! & mask;
    const w = b >>> 5;
    const bit = 1 << (b & 31);
    if ((seen[w]! & bit) === 0) seen[w] = seen[w]! | bit;
    else if ((twice[w]! & bit) === 0) {
      twice[w] = twice[w]! | bit;
      collisions++;
    }
  }
  if (collisions === 0) return;
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = keys[i]! & mask;
    if ((twice[b >>> 5]! & (1 << (b & 31))) !== 0) candidates.push(i);
  }
  candidates.sort((a, b) => keys[a]! - keys[b]! || compareIdsOf(set, a, b));
  for (let x = 1; x < candidates.length; x++) {
    const a = candidates[x - 1]!;
    const b = candidates[x]!;
    if (keys[a] === keys[b] && compareIdsOf(set, a, b) === 0)
      fail(
        "duplicate-id",
        `entity id ${JSON.stringify(entryId(set, Math.max(a, b)))} appears in more than one stratum of the eligible set`,
      );
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
