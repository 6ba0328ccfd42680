/**
 * The sortes-draw/v2 pick rule (docs/draw-spec.md §16.6): among the open candidates
 * of a slot, take those with the smallest load, order them by id bytes, and choose
 * one with a uniform integer drawn from H(T_team_pick, seed, entity id,
 * u32be(pick), u32be(t)), t = 0, 1, … . A chosen candidate in conflict with the
 * entity is struck off for the rest of this pick, which continues with the next t.
 *
 * Each pick costs one hash plus one conflict digest, not one inspector ticket per
 * least-loaded candidate as in v1. Inspectors are kept in per-load buckets sorted
 * by id rank, so a pick finds "the r-th open candidate of the lowest load" by
 * skipping the few closed ones (team members, recused, struck off) instead of
 * scanning the pool; picks restricted to a joint department scan the pool
 * (`leastLoadedScan`, also the reference the buckets are tested against).
 */
import { compareBytes, concatBytes, utf8 } from "./bytes.js";
import { canonicalEntityId, canonicalLabel, lp, writeLp } from "./encoding.js";
import type { InspectorRecord } from "./leaves.js";
import { uniformBelow, writeTwoCounters } from "./selection-v2.js";
import { sha256WithPrefix } from "./sha256-prefix.js";
import { TAGS, TAGS_V2 } from "./tags.js";
import { ConflictLookup } from "./team-conflicts.js";
import type { Picker } from "./teams.js";

export class TeamPoolV2 implements Picker {
  readonly records: InspectorRecord[];
  readonly load: Int32Array;
  private readonly slotById = new Map<string, number>();
  private readonly ids: string[] = [];
  /** Departments of each slot's records (ids are unique in a valid pool: one each). */
  private readonly departments: string[][] = [];
  /** byRank[r] = slot with the r-th smallest id bytes; rankOf is its inverse. */
  private readonly byRank: Int32Array;
  private readonly rankOf: Int32Array;
  /** buckets[L] = ranks of the slots with load L, ascending. */
  private readonly buckets: number[][] = [];
  private minLoad = 0;
  private readonly blocked: Int32Array;
  private readonly struck: Int32Array;
  private epoch = 0;
  private pickSerial = 0;
  /** Ranks closed for the current pick (blocked this epoch or struck off this pick). */
  private readonly closed: number[] = [];
  private readonly blockedRanks: number[] = [];
  private readonly candidates: Int32Array;
  private readonly hash: (suffix: Uint8Array, out?: Uint8Array, length?: number) => Uint8Array;
  private suffix = new Uint8Array(64);
  private suffixLength = 0;
  private readonly digest = new Uint8Array(32);
  private entityId = "";
  private begun = false;
  private readonly conflictLookup: ConflictLookup;
  /** The current pick's number and digest counter (spec §16.6), read by `nextDigest`. */
  private pickNumber = 0;
  private t = 0;
  private readonly nextDigest = (): Uint8Array => {
    writeTwoCounters(this.suffix, this.suffixLength - 16, this.pickNumber, this.t++);
    return this.hash(this.suffix, this.digest, this.suffixLength);
  };

  constructor(seed: Uint8Array, qualified: InspectorRecord[], conflicts: ReadonlySet<string>) {
    this.records = qualified;
    for (const r of qualified) {
      let slot = this.slotById.get(r.id);
      if (slot === undefined) {
        slot = this.ids.length;
        this.slotById.set(r.id, slot);
        this.ids.push(r.id);
        this.departments.push([]);
      }
      this.departments[slot]!.push(r.department);
    }
    const n = this.ids.length;
    const bytes = this.ids.map(utf8);
    this.byRank = Int32Array.from(
      Array.from({ length: n }, (_, i) => i).sort((a, b) => compareBytes(bytes[a]!, bytes[b]!)),
    );
    this.rankOf = new Int32Array(n);
    for (let r = 0; r < n; r++) this.rankOf[this.byRank[r]!] = r;
    this.buckets.push(Array.from({ length: n }, (_, r) => r));
    this.load = new Int32Array(n);
    this.blocked = new Int32Array(n);
    this.struck = new Int32Array(n);
    this.candidates = new Int32Array(n);
    this.hash = sha256WithPrefix(concatBytes(lp(TAGS_V2.teamPick), lp(seed)));
    this.conflictLookup = new ConflictLookup(
      TAGS.conflict,
      this.ids.map((id) => canonicalLabel(id, "inspector id")),
      conflicts,
    );
  }

  slotOf(id: string): number | undefined {
    return this.slotById.get(id);
  }

  idOf(slot: number): string {
    return this.ids[slot]!;
  }

  begin(entityId: string, blockedIds: Iterable<string> = []): void {
    this.epoch++;
    this.blockedRanks.length = 0;
    if (this.entityId !== entityId || !this.begun) {
      this.begun = true;
      this.entityId = entityId;
      // suffix = lp(entity id) ‖ [16 bytes of counters, written per digest]
      const e = utf8(entityId);
      if (this.suffix.length < e.length + 20) this.suffix = new Uint8Array(e.length + 20);
      this.suffixLength = writeLp(this.suffix, 0, e) + 16;
      this.conflictLookup.setEntity(canonicalEntityId(entityId));
    }
    for (const id of blockedIds) this.block(id);
  }

  block(id: string): void {
    const s = this.slotById.get(id);
    if (s === undefined || this.blocked[s] === this.epoch) return;
    this.blocked[s] = this.epoch;
    this.blockedRanks.push(this.rankOf[s]!);
  }

  addLoad(slot: number, delta: 1 | -1): void {
    const from = this.load[slot]!;
    const to = from + delta;
    const rank = this.rankOf[slot]!;
    const src = this.buckets[from]!;
    src.splice(lowerBound(src, rank), 1);
    while (this.buckets.length <= to) this.buckets.push([]);
    const dst = this.buckets[to]!;
    dst.splice(lowerBound(dst, rank), 0, rank);
    this.load[slot] = to;
    if (to < this.minLoad) this.minLoad = to;
    while (this.minLoad < this.buckets.length - 1 && this.buckets[this.minLoad]!.length === 0) this.minLoad++;
  }

  pick(dept: string | null, pick: number): number | null {
    this.pickNumber = pick;
    this.t = 0;
    this.pickSerial++;
    this.closed.length = 0;
    for (const r of this.blockedRanks) this.closed.push(r);
    const next = this.nextDigest;
    for (;;) {
      const chosen = dept === null ? this.drawFromBuckets(next) : this.drawByScan(dept, next);
      if (chosen === null) return null;
      if (!this.inConflict(chosen)) return chosen;
      this.struck[chosen] = this.pickSerial;
      this.closed.push(this.rankOf[chosen]!);
    }
  }

  /** The r-th open slot of the lowest load with any open slot, r uniform. */
  private drawFromBuckets(next: () => Uint8Array): number | null {
    for (let level = this.minLoad; level < this.buckets.length; level++) {
      const bucket = this.buckets[level]!;
      if (bucket.length === 0) continue;
      // Positions in this bucket of the closed ranks at this level, ascending.
      const gaps: number[] = [];
      for (const r of this.closed) if (this.load[this.byRank[r]!] === level) gaps.push(lowerBound(bucket, r));
      if (gaps.length >= bucket.length) continue;
      gaps.sort((a, b) => a - b);
      let idx = uniformBelow(bucket.length - gaps.length, next);
      for (const g of gaps) if (g <= idx) idx++;
      return this.byRank[bucket[idx]!]!;
    }
    return null;
  }

  /** Reference rule by a full scan (also used for joint-department slots). */
  private drawByScan(dept: string | null, next: () => Uint8Array): number | null {
    const count = this.leastLoadedScan(dept);
    return count === 0 ? null : this.candidates[uniformBelow(count, next)]!;
  }

  /** Fills `candidates` with the open least-loaded slots (of `dept`) in id order; returns how many. */
  leastLoadedScan(dept: string | null): number {
    const { byRank, blocked, struck, load, candidates } = this;
    let min = -1;
    let count = 0;
    for (let i = 0; i < byRank.length; i++) {
      const s = byRank[i]!;
      if (blocked[s] === this.epoch || struck[s] === this.pickSerial) continue;
      if (dept !== null && !this.departments[s]!.includes(dept)) continue;
      const l = load[s]!;
      if (min < 0 || l < min) {
        min = l;
        count = 0;
      }
      if (l === min) candidates[count++] = s;
    }
    return count;
  }

  /** conflictDigest(inspector, entity) ∈ conflicts for the current entity. */
  inConflict(slot: number): boolean {
    return this.conflictLookup.has(slot);
  }
}

/** First index i with a[i] >= x in an ascending array. */
function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
