/**
 * Entity selection (docs/draw-spec.md §7): per stratum, the k smallest tickets,
 * ties by id bytes, with k = ceil(n × rate_bp / 10000) in integer arithmetic.
 * Streaming: a bounded max-heap keeps only the best k seen so far (O(k) memory).
 */
import { compareBytes, toHex, utf8 } from "./bytes.js";
import { fail } from "./errors.js";
import { entityTicketHasher } from "./tickets.js";

export const DEFAULT_MIN_TOTAL_BP = 300;

export function checkRateBp(rateBp: unknown, what: string): number {
  if (typeof rateBp !== "number" || !Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > 10000) {
    fail(
      "bad-rate",
      `${what} must be an integer number of basis points in 0..10000, got ${JSON.stringify(rateBp)}`,
    );
  }
  return rateBp;
}

/** ceil(n × rateBp / 10000) exactly (bigint arithmetic, no floats). */
export function sampleSize(n: number, rateBp: number): number {
  if (!Number.isSafeInteger(n) || n < 0) fail("bad-count", `count must be a non-negative integer, got ${n}`);
  checkRateBp(rateBp, "rate");
  return Number((BigInt(n) * BigInt(rateBp) + 9999n) / 10000n);
}

export interface SelectedEntity {
  id: string;
  /** 64 lower-case hex digits. */
  ticket: string;
}

/** A kept candidate: its ticket and the UTF-8 bytes of its id (decoded only for the result). */
export interface HeapItem {
  ticket: Uint8Array;
  idBytes: Uint8Array;
}

const decoder = new TextDecoder();

/**
 * Keeps the k smallest (ticket, id bytes) pairs pushed so far: O(k) memory,
 * O(log k) per kept id. Tickets live in one flat byte array (32 bytes per slot)
 * and the max-heap holds slot numbers, so the hot path allocates nothing and
 * the kept set costs ~32 bytes plus the id per entity.
 */
export class StratumSelector {
  private readonly ticketOf: (id: string | Uint8Array, out?: Uint8Array) => Uint8Array;
  private readonly scratch = new Uint8Array(32);
  private tickets = new Uint8Array(0);
  private heap = new Int32Array(0);
  private readonly ids: Uint8Array[] = [];
  private size = 0;
  private seen = 0;

  constructor(
    seed: Uint8Array,
    readonly stratum: string,
    readonly k: number,
  ) {
    if (!Number.isSafeInteger(k) || k < 0) fail("bad-count", `k must be a non-negative integer, got ${k}`);
    this.ticketOf = entityTicketHasher(seed, stratum);
  }

  get count(): number {
    return this.seen;
  }

  /**
   * Push one canonical entity id of this stratum (as a string or its UTF-8
   * bytes). The bytes are copied only if kept, so callers may reuse a buffer.
   */
  push(id: string | Uint8Array): void {
    const idBytes = typeof id === "string" ? utf8(id) : id;
    this.offer(this.ticketOf(idBytes, this.scratch), idBytes);
  }

  /**
   * Offer an already computed ticket (parallel runs merge their partial heaps
   * this way). Both arrays are copied when kept, so callers may reuse buffers.
   */
  offer(ticket: Uint8Array, idBytes: Uint8Array): void {
    this.seen++;
    if (this.size < this.k) {
      const slot = this.size;
      this.grow(slot + 1);
      this.tickets.set(ticket.subarray(0, 32), slot * 32);
      this.ids[slot] = new Uint8Array(idBytes);
      this.heap[this.size++] = slot;
      this.siftUp(this.size - 1);
      return;
    }
    if (this.k === 0) return;
    const top = this.heap[0]!;
    if (this.cmpCandidate(ticket, idBytes, top) < 0) {
      this.tickets.set(ticket.subarray(0, 32), top * 32);
      this.ids[top] = new Uint8Array(idBytes);
      this.siftDown(0);
    }
  }

  /** Selected entities in ascending (ticket, id) order; index = rank. */
  result(): SelectedEntity[] {
    const slots = Array.from(this.heap.subarray(0, this.size)).sort((a, b) => this.cmpSlots(a, b));
    return slots.map((s) => ({
      id: decoder.decode(this.ids[s]),
      ticket: toHex(this.tickets.subarray(s * 32, s * 32 + 32)),
    }));
  }

  /** Copies of the kept (ticket, id bytes) pairs, unsorted, for merging partial selections. */
  items(): HeapItem[] {
    return Array.from(this.heap.subarray(0, this.size), (s) => ({
      ticket: this.tickets.slice(s * 32, s * 32 + 32),
      idBytes: this.ids[s]!,
    }));
  }

  /** Capacity grows by doubling up to k, so a huge claimed k costs nothing until entities arrive. */
  private grow(needed: number): void {
    if (needed <= this.heap.length) return;
    const cap = Math.min(this.k, Math.max(needed, this.heap.length * 2, 1024));
    const t = new Uint8Array(cap * 32);
    t.set(this.tickets);
    this.tickets = t;
    const h = new Int32Array(cap);
    h.set(this.heap);
    this.heap = h;
  }

  private cmpSlots(a: number, b: number): number {
    const t = this.tickets;
    const oa = a * 32;
    const ob = b * 32;
    for (let i = 0; i < 32; i++) {
      const d = t[oa + i]! - t[ob + i]!;
      if (d !== 0) return d;
    }
    return compareBytes(this.ids[a]!, this.ids[b]!);
  }

  private cmpCandidate(ticket: Uint8Array, idBytes: Uint8Array, slot: number): number {
    const t = this.tickets;
    const o = slot * 32;
    for (let i = 0; i < 32; i++) {
      const d = ticket[i]! - t[o + i]!;
      if (d !== 0) return d;
    }
    return compareBytes(idBytes, this.ids[slot]!);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.cmpSlots(h[i]!, h[p]!) <= 0) break;
      const x = h[i]!;
      h[i] = h[p]!;
      h[p] = x;
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.cmpSlots(h[l]!, h[m]!) > 0) m = l;
      if (r < n && this.cmpSlots(h[r]!, h[m]!) > 0) m = r;
      if (m === i) return;
      const x = h[i]!;
      h[i] = h[m]!;
      h[m] = x;
      i = m;
    }
  }
}

export interface StratumPlan {
  stratum: string;
  count: number;
  rateBp: number;
}

export interface StratumSelection {
  stratum: string;
  n: number;
  rateBp: number;
  k: number;
  selected: SelectedEntity[];
}

/**
 * Runs the selection for every committed stratum over canonical entries. The
 * number of entries per stratum must equal the committed count.
 */
export function selectEntities(
  seed: Uint8Array,
  plan: readonly StratumPlan[],
  entries: Iterable<{ stratum: string; id: string }>,
): StratumSelection[] {
  const selectors = new Map<string, StratumSelector>();
  for (const p of plan)
    selectors.set(p.stratum, new StratumSelector(seed, p.stratum, sampleSize(p.count, p.rateBp)));
  for (const e of entries) {
    const s = selectors.get(e.stratum);
    if (!s)
      fail(
        "unknown-stratum",
        `entity ${JSON.stringify(e.id)} is in stratum ${JSON.stringify(e.stratum)}, which the commitment does not list`,
      );
    s.push(e.id);
  }
  return plan.map((p) => {
    const s = selectors.get(p.stratum)!;
    if (s.count !== p.count) {
      fail(
        "count-mismatch",
        `stratum ${JSON.stringify(p.stratum)}: the commitment says ${p.count} eligible entities, the eligible set has ${s.count}`,
      );
    }
    return { stratum: p.stratum, n: p.count, rateBp: p.rateBp, k: s.k, selected: s.result() };
  });
}

/**
 * Floor rule: Σk ≥ ceil(N × minTotalBp / 10000). A minTotalBp below the default
 * 300 bp needs a cited legal basis. Decided at commitment time (k depends only on
 * committed counts and rates), so a round below the floor never gets entropy.
 */
export function checkFloor(
  plan: readonly StratumPlan[],
  minTotalBp: number,
  legalBasis: string | null,
): void {
  checkRateBp(minTotalBp, "minimum total rate");
  if (minTotalBp < DEFAULT_MIN_TOTAL_BP && !(typeof legalBasis === "string" && legalBasis.length > 0)) {
    fail(
      "floor-without-legal-basis",
      `minimum total rate ${minTotalBp} bp is below ${DEFAULT_MIN_TOTAL_BP} bp and no legal basis is cited`,
    );
  }
  let total = 0;
  let picked = 0;
  for (const p of plan) {
    total += p.count;
    picked += sampleSize(p.count, p.rateBp);
  }
  const floor = sampleSize(total, minTotalBp);
  if (picked < floor) {
    fail(
      "rate-below-floor",
      `the strata rates select ${picked} of ${total} entities, below the floor of ${floor} (${minTotalBp} bp)`,
      { picked, total, floor },
    );
  }
}
