/**
 * Leaf encodings of the committed sets (docs/draw-spec.md §5). Each leaf starts
 * with its own tag so a leaf of one set can never be replayed as a leaf of another.
 */
import { compareBytes, concatBytes, toHex, u32be, utf8 } from "./bytes.js";
import { comparePacked, idsDistinctAcrossStrata, packEligibleLeaves, packedRoot } from "./eligible-pack.js";
import { canonicalEntityId, canonicalLabel, lp, taggedHash } from "./encoding.js";
import { fail } from "./errors.js";
import { MerkleRootBuilder, merkleLeafHash, merkleRootFromLeafHashes } from "./merkle.js";
import { TAGS } from "./tags.js";
import { checkCalendarDate } from "./time.js";

/** One row of the eligible set: the entity's stratum and its id. */
export interface EligibleEntry {
  stratum: string;
  id: string;
}

/** One certified inspector in the committed pool (only active inspectors are committed). */
export interface InspectorRecord {
  id: string;
  department: string;
  qualifications: string[];
  /** Certificate validity, inclusive, YYYY-MM-DD. */
  validFrom: string;
  validUntil: string;
}

/** A recusal relation: `inspectorId` must not inspect `entityId`. */
export interface ConflictPair {
  inspectorId: string;
  entityId: string;
}

/** leaf = lp(tag) ‖ lp(stratum) ‖ lp(id) */
export function eligibleLeaf(stratum: string, id: string): Uint8Array {
  return concatBytes(lp(TAGS.eligibleLeaf), lp(stratum), lp(id));
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function checkDate(value: unknown, what: string): string {
  if (typeof value !== "string" || !DATE.test(value)) {
    fail("invalid-date", `${what} must be a YYYY-MM-DD date, got ${JSON.stringify(value)}`);
  }
  return checkCalendarDate(value, what);
}

/** Canonical form of an inspector record: labels canonicalised, qualifications sorted by bytes, unique. */
export function canonicalInspector(r: InspectorRecord): InspectorRecord {
  const id = canonicalLabel(r.id, "inspector id");
  const quals = (r.qualifications ?? []).map((q) => canonicalLabel(q, `qualification of inspector ${id}`));
  quals.sort((a, b) => compareBytes(utf8(a), utf8(b)));
  for (let i = 1; i < quals.length; i++) {
    if (quals[i] === quals[i - 1])
      fail("duplicate-id", `inspector ${id} lists qualification ${quals[i]} twice`);
  }
  const validFrom = checkDate(r.validFrom, `certificate start of inspector ${id}`);
  const validUntil = checkDate(r.validUntil, `certificate end of inspector ${id}`);
  if (validFrom > validUntil) fail("invalid-date", `certificate of inspector ${id} ends before it starts`);
  return {
    id,
    department: canonicalLabel(r.department, `department of inspector ${id}`),
    qualifications: quals,
    validFrom,
    validUntil,
  };
}

/** leaf = lp(tag) ‖ lp(id) ‖ lp(department) ‖ u32be(#quals) ‖ lp(q1)…lp(qn) ‖ lp(validFrom) ‖ lp(validUntil) */
export function inspectorLeaf(r: InspectorRecord): Uint8Array {
  const c = canonicalInspector(r);
  return concatBytes(
    lp(TAGS.inspectorLeaf),
    lp(c.id),
    lp(c.department),
    u32be(c.qualifications.length),
    ...c.qualifications.map((q) => lp(q)),
    lp(c.validFrom),
    lp(c.validUntil),
  );
}

/** Conflict digest = H(conflict tag, inspector id, entity id); it is the conflict-set leaf. */
export function conflictDigest(inspectorId: string, entityId: string): Uint8Array {
  return taggedHash(TAGS.conflict, canonicalLabel(inspectorId, "inspector id"), canonicalEntityId(entityId));
}

/** Sorted leaves + root of a set of leaves, rejecting duplicates with `what` in the message. */
function setRoot(
  leaves: Uint8Array[],
  what: (i: number) => string,
): { root: Uint8Array; leafHashes: Uint8Array[]; sorted: Uint8Array[] } {
  const order = leaves
    .map((_, i) => i)
    .sort((a, b) => compareBytes(leaves[a] as Uint8Array, leaves[b] as Uint8Array));
  const sorted = order.map((i) => leaves[i] as Uint8Array);
  for (let i = 1; i < sorted.length; i++) {
    if (compareBytes(sorted[i - 1] as Uint8Array, sorted[i] as Uint8Array) === 0) {
      fail("duplicate-id", `duplicate ${what(order[i] as number)}`);
    }
  }
  const leafHashes = sorted.map(merkleLeafHash);
  return { root: merkleRootFromLeafHashes(leafHashes), leafHashes, sorted };
}

export interface CanonicalEligible {
  entries: EligibleEntry[];
  root: Uint8Array;
  counts: Map<string, number>;
}

/** Canonical strata (each distinct raw name canonicalised once) and ids, in input order. */
function canonicalRows(input: readonly EligibleEntry[], seen: Map<string, string> | null): CanonicalRows {
  const counts = new Map<string, number>();
  const strata = new Map<unknown, string>();
  const entries: EligibleEntry[] = new Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const e = input[i]!;
    let stratum = strata.get(e.stratum);
    if (stratum === undefined) {
      stratum = canonicalLabel(e.stratum, `stratum of row ${i + 1}`);
      strata.set(e.stratum, stratum);
    }
    const id = canonicalEntityId(e.id);
    if (seen) {
      const prev = seen.get(id);
      if (prev !== undefined) {
        fail(
          "duplicate-id",
          `entity id ${JSON.stringify(id)} appears more than once in the eligible set (after canonicalisation)`,
          { id, stratum, otherStratum: prev },
        );
      }
      seen.set(id, stratum);
    }
    counts.set(stratum, (counts.get(stratum) ?? 0) + 1);
    entries[i] = { stratum, id };
  }
  return { entries, counts };
}

interface CanonicalRows {
  entries: EligibleEntry[];
  counts: Map<string, number>;
}

/**
 * Fast path for input already in leaf order (published eligible files are):
 * no id map; one pass checks the order, a merge of the per-stratum runs checks
 * that no id is in two strata. Returns null whenever the input is not clean
 * and in order, and the caller takes the general path, which then reports the
 * same first problem it always did.
 */
function commitInLeafOrder(input: readonly EligibleEntry[]): CanonicalEligible | null {
  let rows: CanonicalRows;
  try {
    rows = canonicalRows(input, null);
  } catch {
    return null;
  }
  const packed = packEligibleLeaves(rows.entries);
  for (let i = 1; i < rows.entries.length; i++) if (comparePacked(packed, i - 1, i) >= 0) return null;
  if (!idsDistinctAcrossStrata(packed, rows.entries)) return null;
  return { entries: rows.entries, root: packedRoot(packed, null), counts: rows.counts };
}

/**
 * Canonicalises the eligible set, rejects duplicate ids (an entity belongs to
 * exactly one stratum), and commits to it. `entries` comes back in leaf order.
 * Input in leaf order is checked in linear passes and never sorted; otherwise
 * the leaves are sorted once.
 */
export function commitEligible(input: readonly EligibleEntry[]): CanonicalEligible {
  const fast = commitInLeafOrder(input);
  if (fast) return fast;
  const { entries, counts } = canonicalRows(input, new Map());
  const packed = packEligibleLeaves(entries);
  const order = Array.from(entries, (_, i) => i).sort((a, b) => comparePacked(packed, a, b));
  for (let i = 1; i < order.length; i++) {
    if (comparePacked(packed, order[i - 1]!, order[i]!) === 0)
      fail("duplicate-id", `duplicate eligible entity ${entries[order[i]!]?.id}`);
  }
  return { entries: order.map((i) => entries[i]!), root: packedRoot(packed, order), counts };
}

/** Root of the inspector pool; inspector ids must be unique. */
export function inspectorPoolRoot(pool: readonly InspectorRecord[]): Uint8Array {
  const canon = pool.map(canonicalInspector);
  const ids = new Set<string>();
  for (const r of canon) {
    if (ids.has(r.id)) fail("duplicate-id", `inspector id ${JSON.stringify(r.id)} appears twice in the pool`);
    ids.add(r.id);
  }
  return setRoot(canon.map(inspectorLeaf), (i) => `inspector ${canon[i]?.id}`).root;
}

/** Root of the conflict set, given its digests (hex or bytes). */
export function conflictSetRoot(digests: readonly Uint8Array[]): Uint8Array {
  return setRoot([...digests], (i) => `conflict digest ${toHex(digests[i] as Uint8Array)}`).root;
}

/** Streaming eligible-set root for rows already sorted by leaf bytes (e.g. ORDER BY leaf bytea). */
export function eligibleRootBuilder(): {
  add(stratum: string, id: string): void;
  root(): Uint8Array;
  size(): number;
} {
  const b = new MerkleRootBuilder();
  return {
    add: (stratum, id) => b.addLeaf(eligibleLeaf(canonicalLabel(stratum, "stratum"), canonicalEntityId(id))),
    root: () => b.root(),
    size: () => b.size,
  };
}
