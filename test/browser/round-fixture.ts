/**
 * Builds a genuine signed round with the draw engine (no database): used by the
 * browser tests until a round can be taken from the service, and by
 * bench/browser-verify.ts for the 1 000 000-entity figure.
 *
 * The beacon is a real drand quicknet beacon (round 1000) copied from the
 * committed test vectors, so the browser really checks a BLS signature.
 */
import { readFileSync } from "node:fs";
import * as E from "../../src/draw-engine/index.js";

const vector = JSON.parse(
  readFileSync(new URL("../vectors/cases/046-draw-basic-two-strata.json", import.meta.url), "utf8"),
) as { input: { beacon: E.Beacon } };

/** Public test key: never used for real rounds. */
export const FIXTURE_SIGNING_KEY = E.sha256(E.utf8("sortes browser fixture signing key"));

export interface RoundFixture {
  proof: E.ProofBundle;
  eligible: E.EligibleEntry[];
  /** The eligible set as the public API serves it: one JSON object per line. */
  ndjson: string;
}

const STRATA = [
  { stratum: "A", rateBp: 300 },
  { stratum: "B", rateBp: 300 },
  { stratum: "C", rateBp: 500 },
  { stratum: "D", rateBp: 1000 },
];

/** A GB 32100-style code (alphabet only; the engine does not require the checksum). */
function entityId(i: number): string {
  return `913501${String(i).padStart(11, "0")}X`;
}

function inspectors(n: number): E.InspectorRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `INS-${String(i + 1).padStart(3, "0")}`,
    department: "SCJ",
    qualifications: i % 7 === 0 ? ["licensing"] : ["food-safety"],
    validFrom: "2022-01-01",
    validUntil: "2027-12-31",
  }));
}

/**
 * Deterministic round of `size` eligible entities with three contributors, a beacon and one
 * substitution, under `opts.algorithm` (default: the one new rounds use).
 */
export function buildRoundFixture(
  size: number,
  opts: { inspectors?: number; algorithm?: string } = {},
): RoundFixture {
  const eligible: E.EligibleEntry[] = [];
  for (let i = 0; i < size; i++) eligible.push({ stratum: STRATA[i % 4]!.stratum, id: entityId(i) });
  const pool = inspectors(opts.inspectors ?? Math.max(8, Math.min(120, Math.ceil(size / 500))));
  const conflicts = [E.toHex(E.conflictDigest("INS-002", entityId(1)))];
  const names = ["市场监管局", "公证处", "公众代表"];
  const nonces = names.map((n) => E.sha256(E.utf8(`browser fixture nonce ${n} ${size}`)));
  const commitment = E.buildCommitment({
    algorithm: opts.algorithm ?? E.CURRENT_ALGORITHM,
    roundId: `browser-fixture-${size}`,
    committedAt: "2023-08-23T15:00:00Z",
    roster: { revision: "2025-06", root: E.toHex(E.sha256(E.utf8("roster 2025-06"))) },
    filter: "fixture: all entities",
    eligible,
    rates: Object.fromEntries(STRATA.map((s) => [s.stratum, s.rateBp])),
    exclusions: [],
    teams: {
      size: 2,
      qualification: "food-safety",
      window: { from: "2025-07-01", until: "2025-07-31" },
      jointDepartments: [],
    },
    inspectors: pool,
    conflicts,
    contributors: names.map((name, i) => ({
      name,
      commitment: E.toHex(E.contributorCommitment(nonces[i]!)),
    })),
    beacon: { network: "drand", scheme: E.DRAND_SCHEME, ...E.DRAND_QUICKNET, round: 1000 },
    revealDeadline: "2023-08-23T18:00:00Z",
  });
  const reveals = names.map((name, i) => ({
    name,
    nonce: E.toHex(nonces[i]!),
    revealedAt: "2023-08-23T16:30:00Z",
  }));
  const base: E.DrawInput = {
    commitment,
    eligible,
    inspectors: pool,
    conflicts,
    reveals,
    beacon: vector.input.beacon,
    substitutions: [],
  };
  // One recusal, so the substitution step has something to replay.
  const first = E.runDraw(base).teams[0]!;
  const substitutions = [
    { entityId: first.entityId, recused: first.members[0]!, reason: "亲属关系", at: "2025-07-02T01:00:00Z" },
  ];
  const { proof } = E.createProof({ ...base, substitutions }, FIXTURE_SIGNING_KEY);
  // Published in set order (leaf order), as the service's eligible.ndjson is.
  const published = E.commitEligible(eligible).entries;
  return { proof, eligible: published, ndjson: toNdjson(published) };
}

export function toNdjson(eligible: readonly E.EligibleEntry[]): string {
  const parts: string[] = [];
  for (const e of eligible) parts.push(JSON.stringify({ stratum: e.stratum, id: e.id }));
  return `${parts.join("\n")}\n`;
}
