/**
 * sortes-draw/v2 entity selection (docs/draw-spec.md §16.4–16.5).
 *
 * The committed eligible set fixes every entity's position before any entropy
 * exists, so drawing k of a stratum's n entities only needs k uniform integers:
 * a partial Fisher–Yates shuffle of the positions 0…n−1, each step's integer
 * taken from H(T_select, seed, stratum, u32be(i), u32be(t)) by rejection
 * sampling. Cost O(k) hashes and O(k) memory instead of a ticket per entity —
 * the whole set is never scanned to draw from it. Selected entities then get a
 * staffing ticket H(T_staffing, seed, stratum, id), which orders team assignment.
 */
import { concatBytes, toHex, utf8, writeU32be } from "./bytes.js";
import { entryId, type PackedEligibleSet } from "./eligible-set.js";
import { lp } from "./encoding.js";
import { fail } from "./errors.js";
import { type StratumPlan, type StratumSelection, sampleSize } from "./selection.js";
import { sha256WithPrefix } from "./sha256-prefix.js";
import { TAGS_V2 } from "./tags.js";

function checkSeed(seed: Uint8Array): void {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) fail("bad-seed", "seed must be 32 bytes");
}

const TWO_64 = 1n << 64n;

/**
 * Uniform integer in [0, m) from a stream of digests (spec §16.4): x = first 8 bytes
 * as u64be; accept when x < 2^64 − (2^64 mod m) and return x mod m, otherwise take
 * the next digest. Exact integers only.
 */
export function uniformBelow(m: number, next: () => Uint8Array): number {
  if (!Number.isSafeInteger(m) || m < 1 || m > 0xffffffff) fail("bad-count", `cannot draw below ${m}`);
  for (;;) {
    const h = next();
    const hi = ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
    const lo = ((h[4]! << 24) | (h[5]! << 16) | (h[6]! << 8) | h[7]!) >>> 0;
    // 2^64 mod m < m ≤ 2^32, so any x below 2^64 − 2^32 (hi < 2^32 − 1) is accepted;
    // only the top 2^32 values need the exact bound (BigInt, practically never).
    if (hi !== 0xffffffff) {
      // x mod m with exact 16-bit limbs (every intermediate < 2^48).
      let r = (hi >>> 16) % m;
      r = (r * 65536 + (hi & 0xffff)) % m;
      r = (r * 65536 + (lo >>> 16)) % m;
      return (r * 65536 + (lo & 0xffff)) % m;
    }
    const x = (BigInt(hi) << 32n) | BigInt(lo);
    const bm = BigInt(m);
    if (x < TWO_64 - (TWO_64 % bm)) return Number(x % bm);
  }
}

/** The 16-byte suffix lp(u32be(a)) ‖ lp(u32be(b)), written into `buf` at `at`. */
export function writeTwoCounters(buf: Uint8Array, at: number, a: number, b: number): void {
  writeU32be(buf, at, 4);
  writeU32be(buf, at + 4, a);
  writeU32be(buf, at + 8, 4);
  writeU32be(buf, at + 12, b);
}

/**
 * Positions (0-based, within the stratum, in eligible-set order) of the k drawn
 * entities of a stratum of n, in draw order (index = rank − 1).
 */
export function drawStratumPositions(seed: Uint8Array, stratum: string, n: number, k: number): number[] {
  checkSeed(seed);
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) fail("bad-count", `bad stratum size ${n}`);
  if (!Number.isSafeInteger(k) || k < 0 || k > n) fail("bad-count", `cannot draw ${k} of ${n}`);
  const hash = sha256WithPrefix(concatBytes(lp(TAGS_V2.select), lp(seed), lp(stratum)));
  const suffix = new Uint8Array(16);
  const out = new Uint8Array(32);
  // Virtual array A[p] = p; only displaced positions are stored.
  const moved = new Map<number, number>();
  const at = (p: number) => moved.get(p) ?? p;
  const positions: number[] = new Array(k);
  for (let i = 0; i < k; i++) {
    let t = 0;
    const j =
      i +
      uniformBelow(n - i, () => {
        writeTwoCounters(suffix, 0, i, t++);
        return hash(suffix, out);
      });
    const ai = at(i);
    const aj = at(j);
    moved.set(j, ai);
    moved.set(i, aj);
    positions[i] = aj;
  }
  return positions;
}

/**
 * Staffing ticket H(T_staffing, seed, stratum, id) for many ids of one stratum
 * (the constant prefix absorbed once).
 */
export function staffingTicketHasher(seed: Uint8Array, stratum: string): (id: string) => Uint8Array {
  checkSeed(seed);
  const hash = sha256WithPrefix(concatBytes(lp(TAGS_V2.staffingTicket), lp(seed), lp(stratum)));
  return (id) => hash(lp(utf8(id)));
}

/**
 * Selection of every committed stratum from a packed set whose strata runs have
 * already been checked against the commitment (checkCommittedSetsV2).
 */
export function selectEntitiesV2(
  seed: Uint8Array,
  plan: readonly StratumPlan[],
  set: PackedEligibleSet,
): StratumSelection[] {
  const runs = new Map(set.strata.map((r) => [r.stratum, r]));
  return plan.map((p) => {
    const run = runs.get(p.stratum);
    const n = run?.count ?? 0;
    if (n !== p.count)
      fail(
        "count-mismatch",
        `stratum ${JSON.stringify(p.stratum)}: the commitment says ${p.count} eligible entities, the eligible set has ${n}`,
      );
    const k = sampleSize(p.count, p.rateBp);
    const ticketOf = staffingTicketHasher(seed, p.stratum);
    const selected = drawStratumPositions(seed, p.stratum, n, k).map((pos) => {
      const id = entryId(set, (run?.start ?? 0) + pos);
      return { id, ticket: toHex(ticketOf(id)) };
    });
    return { stratum: p.stratum, n: p.count, rateBp: p.rateBp, k, selected };
  });
}
