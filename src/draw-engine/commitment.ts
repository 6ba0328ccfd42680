/**
 * The round commitment (docs/draw-spec.md §8.1): everything fixed before any
 * entropy exists. It is hashed as H(T_commitment, JCS(commitment)).
 */
import { compareUtf8, fromHex, toHex } from "./bytes.js";
import { type BeaconPlan, checkBeaconPlan } from "./drand.js";
import { canonicalEntityId, canonicalLabel, jcsBytes, taggedHash } from "./encoding.js";
import { fail } from "./errors.js";
import { checkDate } from "./leaves.js";
import { checkFloor, checkRateBp } from "./selection.js";
import { SUPPORTED_ALGORITHMS, TAGS } from "./tags.js";
import { parseUtcSeconds } from "./time.js";

export const FAILURE_POLICY = "round-fails-publicly";

export interface CommittedStratum {
  stratum: string;
  count: number;
  rateBp: number;
}

export interface Exclusion {
  id: string;
  reason: string;
}

export interface Commitment {
  algorithm: string;
  roundId: string;
  committedAt: string;
  roster: { revision: string; root: string };
  filter: string;
  eligible: { root: string; strata: CommittedStratum[]; exclusions: Exclusion[] };
  floor: { minTotalBp: number; legalBasis: string | null };
  teams: {
    size: number;
    qualification: string;
    window: { from: string; until: string };
    jointDepartments: string[];
  };
  inspectors: { root: string; count: number };
  conflicts: { root: string; count: number };
  entropy: {
    contributors: { name: string; commitment: string }[];
    beacon: BeaconPlan | null;
    revealDeadline: string;
    failurePolicy: typeof FAILURE_POLICY;
  };
}

/** A label that must already be canonical (hashed documents are never silently rewritten). */
function exact(value: unknown, what: string, entity = false): string {
  const c = entity ? canonicalEntityId(value) : canonicalLabel(value, what);
  if (c !== value)
    fail(
      "not-canonical",
      `${what} ${JSON.stringify(value)} is not in canonical form (expected ${JSON.stringify(c)})`,
    );
  return c;
}

function count(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    fail("bad-count", `${what} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function hex32(value: unknown, what: string): string {
  try {
    fromHex(value as string, 32);
  } catch {
    fail("bad-hash", `${what} must be 64 lower-case hex digits, got ${JSON.stringify(value)}`);
  }
  return value as string;
}

function strictlyAscending(values: string[], what: string): void {
  for (let i = 1; i < values.length; i++) {
    const c = compareUtf8(values[i - 1]!, values[i]!);
    if (c === 0) fail("duplicate-id", `${what} ${JSON.stringify(values[i])} is listed twice`);
    if (c > 0)
      fail(
        "not-canonical",
        `${what} must be sorted by UTF-8 bytes; ${JSON.stringify(values[i])} comes after ${JSON.stringify(values[i - 1])}`,
      );
  }
}

/**
 * Validates every rule a commitment must satisfy before entropy is requested,
 * including the floor rule. Throws DrawError with a plain-words message.
 */
export function validateCommitment(c: Commitment): Commitment {
  if (typeof c !== "object" || c === null) fail("bad-commitment", "commitment must be an object");
  if (!SUPPORTED_ALGORITHMS.includes(c.algorithm))
    fail(
      "unknown-algorithm",
      `algorithm ${JSON.stringify(c.algorithm)} is not supported (this verifier knows ${SUPPORTED_ALGORITHMS.join(", ")})`,
    );
  exact(c.roundId, "round id");
  const committedAt = parseUtcSeconds(c.committedAt, "commitment time");
  exact(c.roster?.revision, "roster revision");
  hex32(c.roster?.root, "roster root");
  if (typeof c.filter !== "string") fail("bad-commitment", "filter must be a string (may be empty)");
  hex32(c.eligible?.root, "eligible-set root");
  const strata = c.eligible.strata;
  if (!Array.isArray(strata)) fail("bad-commitment", "eligible.strata must be an array");
  for (const s of strata) {
    exact(s.stratum, "stratum");
    count(s.count, `count of stratum ${s.stratum}`);
    checkRateBp(s.rateBp, `rate of stratum ${s.stratum}`);
  }
  strictlyAscending(
    strata.map((s) => s.stratum),
    "stratum",
  );
  if (!Array.isArray(c.eligible.exclusions)) fail("bad-commitment", "eligible.exclusions must be an array");
  for (const x of c.eligible.exclusions) {
    exact(x.id, "excluded entity id", true);
    exact(x.reason, `exclusion reason of ${x.id}`);
  }
  strictlyAscending(
    c.eligible.exclusions.map((x) => x.id),
    "excluded entity id",
  );
  const legalBasis = c.floor?.legalBasis ?? null;
  if (legalBasis !== null) exact(legalBasis, "legal basis");
  checkFloor(strata, c.floor?.minTotalBp, legalBasis);
  const t = c.teams;
  if (!Number.isSafeInteger(t?.size) || t.size < 2)
    fail("bad-team-size", `team size must be an integer ≥ 2, got ${JSON.stringify(t?.size)}`);
  exact(t.qualification, "required qualification");
  checkDate(t.window?.from, "inspection window start");
  checkDate(t.window?.until, "inspection window end");
  if (t.window.from > t.window.until) fail("invalid-date", "inspection window ends before it starts");
  if (!Array.isArray(t.jointDepartments))
    fail("bad-commitment", "teams.jointDepartments must be an array (empty when not a joint round)");
  for (const d of t.jointDepartments) exact(d, "joint department");
  if (new Set(t.jointDepartments).size !== t.jointDepartments.length)
    fail("duplicate-id", "a joint department is listed twice");
  if (t.jointDepartments.length > t.size)
    fail(
      "bad-team-size",
      `team size ${t.size} cannot hold one member from each of ${t.jointDepartments.length} departments`,
    );
  hex32(c.inspectors?.root, "inspector-pool root");
  count(c.inspectors.count, "inspector count");
  hex32(c.conflicts?.root, "conflict-set root");
  count(c.conflicts.count, "conflict count");
  const e = c.entropy;
  if (!Array.isArray(e?.contributors)) fail("bad-commitment", "entropy.contributors must be an array");
  for (const p of e.contributors) {
    exact(p.name, "contributor name");
    hex32(p.commitment, `commitment of contributor ${p.name}`);
  }
  if (new Set(e.contributors.map((p) => p.name)).size !== e.contributors.length)
    fail("duplicate-id", "a contributor is listed twice");
  if (e.contributors.length === 0 && !e.beacon)
    fail("no-entropy", "the entropy plan has no contributor and no beacon");
  if (e.beacon) checkBeaconPlan(e.beacon, committedAt);
  if (parseUtcSeconds(e.revealDeadline, "reveal deadline") <= committedAt)
    fail("invalid-time", "the reveal deadline must be after the commitment time");
  if (e.failurePolicy !== FAILURE_POLICY)
    fail("bad-commitment", `failure policy must be ${JSON.stringify(FAILURE_POLICY)}`);
  return c;
}

export function commitmentHash(c: Commitment): Uint8Array {
  return taggedHash(TAGS.commitment, jcsBytes(c));
}

export function commitmentHashHex(c: Commitment): string {
  return toHex(commitmentHash(c));
}
