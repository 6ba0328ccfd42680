/**
 * The qualified inspectors of a round with everything team assignment needs
 * per inspector computed once (docs/draw-spec.md §9): id bytes, lp(id), load,
 * "blocked for this entity" marks and the current entity's inspector tickets.
 *
 * Picking a slot is then two scans over flat arrays with no allocation, and
 * each inspector ticket is one SHA-256 compression on the midstate of
 * lp(T_inspector) ‖ lp(seed). The rules are exactly those of teams.ts: the
 * candidate with the smallest (load, ticket, id bytes) among the open ones,
 * conflicted candidates excluded one at a time.
 *
 * Per-inspector state is indexed by "slot" (one per distinct id), so records
 * sharing an id share load, marks and ticket exactly as the by-id maps did.
 */
import { compareBytes, toHex, utf8 } from "./bytes.js";
import { canonicalEntityId, canonicalLabel, lp, taggedHash } from "./encoding.js";
import type { InspectorRecord } from "./leaves.js";
import { TAGS } from "./tags.js";
import { inspectorTicketHasher } from "./tickets.js";

export class TeamPool {
  /** Qualified records in pool order, and the slot of each. */
  readonly records: InspectorRecord[];
  private readonly slotOfRecord: Int32Array;
  private readonly slotById = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly idBytes: Uint8Array[] = [];
  private readonly lpIds: Uint8Array[] = [];
  private readonly canonIds: (string | undefined)[] = [];
  readonly load: Int32Array;
  private readonly blocked: Int32Array;
  private epoch = 0;
  private readonly tickets: Uint8Array[];
  private readonly ticketEpoch: Int32Array;
  private hasher: ((suffix: Uint8Array, out: Uint8Array, length: number) => Uint8Array) | null = null;
  private suffix = new Uint8Array(256);
  private entityLpLength = 0;
  private entityId = "";
  private canonEntity: string | undefined;

  constructor(
    private readonly seed: Uint8Array,
    qualified: InspectorRecord[],
    private readonly conflicts: ReadonlySet<string>,
  ) {
    this.records = qualified;
    this.slotOfRecord = new Int32Array(qualified.length);
    for (const [i, r] of qualified.entries()) {
      let slot = this.slotById.get(r.id);
      if (slot === undefined) {
        slot = this.ids.length;
        this.slotById.set(r.id, slot);
        this.ids.push(r.id);
        const b = utf8(r.id);
        this.idBytes.push(b);
        this.lpIds.push(lp(b));
        this.canonIds.push(undefined);
      }
      this.slotOfRecord[i] = slot;
    }
    const n = this.ids.length;
    this.load = new Int32Array(n);
    this.blocked = new Int32Array(n);
    this.ticketEpoch = new Int32Array(n);
    const flat = new Uint8Array(32 * n);
    this.tickets = Array.from({ length: n }, (_, s) => flat.subarray(32 * s, 32 * s + 32));
  }

  addLoad(slot: number, delta: 1 | -1): void {
    this.load[slot]! += delta;
  }

  slotOf(id: string): number | undefined {
    return this.slotById.get(id);
  }

  /**
   * Starts a pick sequence for one entity: new tickets, nothing blocked except
   * `blockedIds`. Every call invalidates the previous tickets and marks.
   */
  begin(entityId: string, blockedIds: Iterable<string> = []): void {
    this.epoch++;
    if (this.entityId !== entityId || this.epoch === 1) {
      this.entityId = entityId;
      this.canonEntity = undefined;
      const e = lp(entityId);
      if (this.suffix.length < e.length + 4 + 256) this.suffix = new Uint8Array(e.length + 4 + 256);
      this.suffix.set(e, 0);
      this.entityLpLength = e.length;
    }
    for (const id of blockedIds) this.block(id);
  }

  block(id: string): void {
    const s = this.slotById.get(id);
    if (s !== undefined) this.blocked[s] = this.epoch;
  }

  /** The best open candidate (optionally of `dept`), skipping conflicted ones; null when none is left. */
  pick(dept: string | null, _pick?: number): number | null {
    const recs = this.records;
    const slots = this.slotOfRecord;
    const load = this.load;
    const blocked = this.blocked;
    const epoch = this.epoch;
    for (;;) {
      let min = -1;
      for (let i = 0; i < recs.length; i++) {
        const s = slots[i]!;
        if (blocked[s] === epoch || (dept !== null && recs[i]!.department !== dept)) continue;
        if (min < 0 || load[s]! < min) min = load[s]!;
      }
      if (min < 0) return null;
      let best = -1;
      for (let i = 0; i < recs.length; i++) {
        const s = slots[i]!;
        if (blocked[s] === epoch || load[s] !== min || (dept !== null && recs[i]!.department !== dept))
          continue;
        if (best < 0 || this.before(s, best)) best = s;
      }
      if (!this.inConflict(best)) return best;
      blocked[best] = epoch;
    }
  }

  idOf(slot: number): string {
    return this.ids[slot]!;
  }

  /** (ticket, id bytes) of slot a strictly before slot b, for the current entity. */
  private before(a: number, b: number): boolean {
    const c = compareBytes(this.ticket(a), this.ticket(b));
    return c < 0 || (c === 0 && compareBytes(this.idBytes[a]!, this.idBytes[b]!) < 0);
  }

  /** inspectorTicket(seed, entity, id), computed at most once per slot per pick sequence. */
  private ticket(slot: number): Uint8Array {
    const out = this.tickets[slot]!;
    if (this.ticketEpoch[slot] === this.epoch) return out;
    this.hasher ??= inspectorTicketHasher(this.seed);
    const l = this.lpIds[slot]!;
    const need = this.entityLpLength + l.length;
    if (this.suffix.length < need) {
      const bigger = new Uint8Array(need);
      bigger.set(this.suffix.subarray(0, this.entityLpLength));
      this.suffix = bigger;
    }
    this.suffix.set(l, this.entityLpLength);
    this.hasher(this.suffix, out, need);
    this.ticketEpoch[slot] = this.epoch;
    return out;
  }

  /** Same test as conflictDigest(id, entity) ∈ conflicts, canonicalising each side once. */
  inConflict(slot: number): boolean {
    let ci = this.canonIds[slot];
    if (ci === undefined) {
      ci = canonicalLabel(this.ids[slot], "inspector id");
      this.canonIds[slot] = ci;
    }
    if (this.canonEntity === undefined) this.canonEntity = canonicalEntityId(this.entityId);
    const ce = this.canonEntity;
    return this.conflicts.has(toHex(taggedHash(TAGS.conflict, ci, ce)));
  }
}
