/**
 * The form of a proof bundle (docs/draw-spec.md §11, §12), checked before anything
 * is recomputed. The Merkle roots of the pool and of the conflict set sort their
 * leaves, so a reordered or re-spelled list would still hash to the committed root;
 * the spec fixes one canonical form for each list so that two honest bundles of the
 * same draw are the same bytes, and this is where that is enforced.
 */
import { compareUtf8 } from "./bytes.js";
import { DrawError, fail } from "./errors.js";
import { canonicalInspector, type InspectorRecord } from "./leaves.js";

/** The members of a bundle and the JSON type of each ("null|object": may be null). */
export const PROOF_MEMBERS = {
  algorithm: "string",
  commitment: "object",
  commitmentHash: "string",
  reveals: "array",
  beacon: "null|object",
  seed: "string",
  inspectors: "array",
  conflicts: "array",
  selections: "array",
  teams: "array",
  infeasible: "array",
  substitutions: "array",
  finalTeams: "array",
  publicKey: "string",
  signature: "string",
} as const;

const jsonType = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v;

/** Throws `malformed` when a member is missing, unknown or of the wrong JSON type. */
export function checkBundleShape(bundle: unknown): void {
  if (jsonType(bundle) !== "object") fail("malformed", "the proof must be a JSON object");
  const b = bundle as Record<string, unknown>;
  for (const [k, type] of Object.entries(PROOF_MEMBERS)) {
    if (!(k in b)) fail("malformed", `the proof has no member ${JSON.stringify(k)}`);
    if (!type.split("|").includes(jsonType(b[k])))
      fail("malformed", `proof member ${JSON.stringify(k)} must be ${type.replace("|", " or ")}`);
  }
  for (const k of Object.keys(b))
    if (!(k in PROOF_MEMBERS)) fail("malformed", `the proof has an unknown member ${JSON.stringify(k)}`);
}

const sameInspector = (a: InspectorRecord, b: InspectorRecord): boolean =>
  a.id === b.id &&
  a.department === b.department &&
  a.validFrom === b.validFrom &&
  a.validUntil === b.validUntil &&
  Array.isArray(a.qualifications) &&
  a.qualifications.length === b.qualifications.length &&
  a.qualifications.every((q, i) => q === b.qualifications[i]) &&
  Object.keys(a).length === 5;

/**
 * `inspectors`: every record canonical (§5.2: NFC labels, qualifications sorted and
 * unique, real dates) and the list strictly ascending by id bytes.
 */
export function checkInspectorList(inspectors: readonly InspectorRecord[]): void {
  for (const [i, r] of inspectors.entries()) {
    let c: InspectorRecord;
    try {
      c = canonicalInspector(r);
    } catch (e) {
      if (!(e instanceof DrawError)) throw e;
      fail("inspector-not-canonical", `inspector #${i + 1}: ${e.message}`);
    }
    if (!sameInspector(r, c))
      fail(
        "inspector-not-canonical",
        `inspector #${i + 1} ${JSON.stringify(r)} is not in canonical form (expected ${JSON.stringify(c)})`,
      );
    const prev = inspectors[i - 1];
    if (prev && compareUtf8(prev.id, r.id) >= 0)
      fail(
        "inspector-order",
        `inspectors must be listed once each in ascending order of id bytes; ${JSON.stringify(r.id)} follows ${JSON.stringify(prev.id)}`,
      );
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

/** `conflicts`: 64 lower-case hex digits each, strictly ascending (hex order = byte order). */
export function checkConflictList(conflicts: readonly unknown[]): void {
  for (const [i, d] of conflicts.entries()) {
    if (typeof d !== "string" || !HEX64.test(d))
      fail(
        "conflict-not-canonical",
        `conflict digest #${i + 1} ${JSON.stringify(d)} is not 64 lower-case hex digits`,
      );
    const prev = conflicts[i - 1] as string | undefined;
    if (prev !== undefined && prev >= d)
      fail(
        "conflict-order",
        `conflict digests must be listed once each in ascending order; #${i + 1} ${d} follows ${prev}`,
      );
  }
}
