/**
 * The sortes-draw/v2 eligible set (docs/draw-spec.md §16.3), packed in one byte
 * buffer laid out exactly as it is hashed:
 *
 *   entry(stratum, id) = lp(stratum) ‖ lp(id)
 *   chunk j            = the entries 1024·j … 1024·j + 1023, in set order
 *   chunk leaf         = lp(T_eligible_chunk) ‖ entry ‖ entry ‖ …
 *   root               = RFC 6962 MTH over the chunk leaves, in chunk order
 *
 * The buffer holds, per chunk, 0x00 ‖ chunk leaf — the RFC 6962 leaf-hash input —
 * so a chunk's leaf hash is one SHA-256 call over a slice and the whole root is
 * ~N/1024 calls over the set's bytes (native SHA-256 where the backend has it).
 * Ids stay bytes until someone needs one as a string (the selected few).
 */
import { compareBytes, utf8, writeU32be } from "./bytes.js";
import { lp } from "./encoding.js";
import { sha256 } from "./hash.js";
import { MerkleRootBuilder } from "./merkle.js";
import { TAGS_V2, V2_CHUNK_SIZE } from "./tags.js";

/** A stratum's run of consecutive entries in set order. */
export interface StratumRun {
  stratum: string;
  start: number;
  count: number;
}

export interface PackedEligibleSet {
  buf: Uint8Array;
  /** Entry i starts at entryOff[i] (its lp(stratum)). */
  entryOff: Float64Array;
  /** Chunk j's leaf-hash input is buf[chunkOff[j], chunkOff[j + 1]). */
  chunkOff: Float64Array;
  size: number;
  /** Runs in set order (only meaningful once the set is known to be in order). */
  strata: StratumRun[];
  /**
   * Optional: the chunks' RFC 6962 leaf hashes already computed from exactly these bytes by
   * a native SHA-256 the engine cannot call synchronously (WebCrypto in the portal's worker).
   */
  chunkLeafHashes?: Uint8Array[];
}

const CHUNK_HEADER = (() => {
  const tag = lp(TAGS_V2.eligibleChunk);
  const h = new Uint8Array(1 + tag.length);
  h.set(tag, 1);
  return h;
})();

const decoder = new TextDecoder();

/** Appends entries (already canonical, as UTF-8 bytes) in the order given. */
export class EligibleSetBuilder {
  private buf: Uint8Array;
  private used = 0;
  private entryOff: Float64Array;
  private readonly chunkOff: number[] = [];
  private n = 0;
  private readonly strata: StratumRun[] = [];
  private lastStratum: Uint8Array | null = null;
  private lastStratumName = "";

  constructor(expectedEntries = 1024) {
    this.buf = new Uint8Array(Math.max(256, expectedEntries * 32));
    this.entryOff = new Float64Array(Math.max(16, expectedEntries));
  }

  get size(): number {
    return this.n;
  }

  /** Adds one entry from canonical stratum and id strings. */
  add(stratum: string, id: string): void {
    this.addBytes(utf8(stratum), utf8(id), stratum);
  }

  /**
   * Adds one entry from the UTF-8 bytes of a canonical stratum and id (copied).
   * `stratumName` saves decoding when the caller already has the string.
   */
  addBytes(stratum: Uint8Array, id: Uint8Array, stratumName?: string): void {
    this.addSlice(stratum, id, 0, id.length, stratumName);
  }

  /** As addBytes, with the id given as src[from, to) (no subarray per entry). */
  addSlice(stratum: Uint8Array, src: Uint8Array, from: number, to: number, stratumName?: string): void {
    if (this.n % V2_CHUNK_SIZE === 0) {
      this.reserve(CHUNK_HEADER.length);
      this.chunkOff.push(this.used);
      this.buf.set(CHUNK_HEADER, this.used);
      this.used += CHUNK_HEADER.length;
    }
    const idLength = to - from;
    const need = 8 + stratum.length + idLength;
    this.reserve(need);
    if (this.n === this.entryOff.length) {
      const bigger = new Float64Array(this.entryOff.length * 2);
      bigger.set(this.entryOff);
      this.entryOff = bigger;
    }
    this.entryOff[this.n] = this.used;
    const b = this.buf;
    let o = this.used;
    // lp(stratum) ‖ lp(id), bytes copied by hand (a TypedArray.set per few bytes costs more)
    writeU32be(b, o, stratum.length);
    o += 4;
    for (let i = 0; i < stratum.length; i++) b[o++] = stratum[i]!;
    writeU32be(b, o, idLength);
    o += 4;
    for (let i = from; i < to; i++) b[o++] = src[i]!;
    this.used = o;
    const last = this.strata[this.strata.length - 1];
    if (
      last &&
      (this.lastStratum === stratum || (this.lastStratum && compareBytes(this.lastStratum, stratum) === 0))
    )
      last.count++;
    else {
      // Kept by reference (no copy per run): callers never mutate a stratum's bytes.
      this.lastStratum = stratum;
      this.lastStratumName = stratumName ?? decoder.decode(stratum);
      this.strata.push({ stratum: this.lastStratumName, start: this.n, count: 1 });
    }
    this.n++;
  }

  finish(): PackedEligibleSet {
    const chunkOff = new Float64Array(this.chunkOff.length + 1);
    chunkOff.set(this.chunkOff);
    chunkOff[this.chunkOff.length] = this.used;
    return {
      buf: this.buf.subarray(0, this.used),
      entryOff: this.entryOff.subarray(0, this.n),
      chunkOff,
      size: this.n,
      strata: this.strata,
    };
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.used + extra) cap *= 2;
    const bigger = new Uint8Array(cap);
    bigger.set(this.buf.subarray(0, this.used));
    this.buf = bigger;
  }
}

export function u32At(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** Byte range of entry i's id. */
export function idRange(set: PackedEligibleSet, i: number): [number, number] {
  const o = set.entryOff[i]!;
  const ls = u32At(set.buf, o);
  const li = u32At(set.buf, o + 4 + ls);
  return [o + 8 + ls, o + 8 + ls + li];
}

/** Entry i's id as a string (ASCII ids without a TextDecoder call). */
export function entryId(set: PackedEligibleSet, i: number): string {
  const [a, b] = idRange(set, i);
  const buf = set.buf;
  let ascii = b - a <= 64;
  for (let j = a; ascii && j < b; j++) if (buf[j]! > 0x7f) ascii = false;
  if (ascii) return String.fromCharCode.apply(null, buf.subarray(a, b) as unknown as number[]);
  return decoder.decode(buf.subarray(a, b));
}

/** Chunked root of a packed set (no order check; see checkEligibleSetOrder). */
export function eligibleSetRoot(set: PackedEligibleSet): Uint8Array {
  const b = new MerkleRootBuilder();
  for (let j = 0; j + 1 < set.chunkOff.length; j++) b.addLeafHash(eligibleChunkLeafHash(set, j));
  return b.root();
}

/** RFC 6962 leaf hash of chunk j. */
export function eligibleChunkLeafHash(set: PackedEligibleSet, j: number): Uint8Array {
  const given = set.chunkLeafHashes?.[j];
  if (given) return given;
  return sha256(set.buf.subarray(set.chunkOff[j]!, set.chunkOff[j + 1]!));
}

/** The entries of a packed set as strings, in set order. */
export function eligibleEntries(set: PackedEligibleSet): { stratum: string; id: string }[] {
  const out: { stratum: string; id: string }[] = [];
  for (const r of set.strata)
    for (let i = r.start; i < r.start + r.count; i++) out.push({ stratum: r.stratum, id: entryId(set, i) });
  return out;
}
