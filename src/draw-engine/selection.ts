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

/** (ticket, id bytes) order; ids are unique so this is a strict total order. */
function cmp(a: HeapItem, b: HeapItem): number {
  return compareBytes(a.ticket, b.ticket) || compareBytes(a.idBytes, b.idBytes);
}

const decoder = new TextDecoder();

/** Keeps the k smallest (ticket, id) pairs pushed so far: O(k) memory, O(log k) per kept id. */
export class StratumSelector {
  private readonly heap: HeapItem[] = [];
  private readonly ticketOf: (id: string | Uint8Array, out?: Uint8Array) => Uint8Array;
  private readonly scratch = new Uint8Array(32);
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
   * this way). Both arrays are copied when kept: the hot path reuses buffers, and
   * a backend may return views into a shared pool (node Buffers) that must not
   * be pinned.
   */
  offer(ticket: Uint8Array, idBytes: Uint8Array): void {
    this.seen++;
    const h = this.heap;
    if (h.length < this.k) {
      h.push({ ticket: new Uint8Array(ticket), idBytes: new Uint8Array(idBytes) });
      this.siftUp(h.length - 1);
      return;
    }
    if (this.k === 0) return;
    const top = h[0]!;
    const c = compareBytes(ticket, top.ticket);
    if (c < 0 || (c === 0 && compareBytes(idBytes, top.idBytes) < 0)) {
      h[0] = { ticket: new Uint8Array(ticket), idBytes: new Uint8Array(idBytes) };
      this.siftDown(0);
    }
  }

  /** Selected entities in ascending (ticket, id) order; index = rank. */
  result(): SelectedEntity[] {
    return [...this.heap].sort(cmp).map((x) => ({ id: decoder.decode(x.idBytes), ticket: toHex(x.ticket) }));
  }

  /** Raw heap items (unsorted), for merging partial selections. */
  items(): readonly HeapItem[] {
    return this.heap;
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (cmp(h[i]!, h[p]!) <= 0) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && cmp(h[l]!, h[m]!) > 0) m = l;
      if (r < h.length && cmp(h[r]!, h[m]!) > 0) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
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
      "rate-below-floor",
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
