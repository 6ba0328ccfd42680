/**
 * One tampered-proof vector per rejection code of docs/draw-spec.md §12.1 that the
 * first tampered proofs ([082]–[091]) and the failing draws do not already show.
 * Each takes a genuine proof of a scenario, changes one thing (the published eligible
 * file, the bundle, or the key the verifier expects) and usually re-signs, so the
 * verifier must name the rule, not just a bad signature. The generator checks that
 * the verifier reports exactly the intended code, so a recorded file never holds a
 * code the reference implementation does not give.
 */
import * as E from "../../src/draw-engine/index.js";
import { SIGNING_KEY, scenarioProof } from "./generate-draws.js";
import { flipHexDigit, type Vector } from "./generate-units.js";

const hex = E.toHex;

interface Rejection {
  code: string;
  name: string;
  description: string;
  /** Scenario whose genuine proof is changed (default basic-two-strata). */
  base?: string;
  proof?: (p: E.ProofBundle) => void;
  eligible?: (entries: E.EligibleEntry[]) => E.EligibleEntry[];
  /** Re-sign after the change (default true: the verifier must catch the rule, not the signature). */
  resign?: boolean;
  expectedPublicKey?: string;
}

/** Mutable view for changes that break the TypeScript shape on purpose. */
// biome-ignore lint/suspicious/noExplicitAny: deliberately malformed bundles
type Loose = any;

const REJECTIONS: Rejection[] = [
  // Form of the bundle (§11, §12.1 "bundle").
  {
    code: "malformed",
    name: "missing-member",
    description: "the member finalTeams is missing (re-signed)",
    proof: (p) => delete (p as Loose).finalTeams,
  },
  {
    code: "malformed",
    name: "unknown-member",
    description: "an extra top-level member that §11 does not define (re-signed)",
    proof: (p) => {
      (p as Loose).note = "added after the draw";
    },
  },
  {
    code: "unknown-algorithm",
    name: "unknown-algorithm",
    description: "the bundle names an algorithm no verifier knows (re-signed)",
    proof: (p) => {
      p.algorithm = "sortes-draw/v9";
    },
  },
  {
    code: "algorithm",
    name: "algorithm-differs-from-commitment",
    description: "the bundle's algorithm is the other supported one, its commitment's is not (re-signed)",
    proof: (p) => {
      p.algorithm = p.algorithm === E.ALGORITHM_V2 ? E.ALGORITHM_ID : E.ALGORITHM_V2;
    },
  },
  {
    code: "inspector-not-canonical",
    name: "inspector-qualifications-unsorted",
    description: "one inspector lists its qualifications out of byte order (same pool root; re-signed)",
    proof: (p) => {
      p.inspectors[0]!.qualifications.reverse();
    },
  },
  {
    code: "inspector-order",
    name: "inspectors-out-of-order",
    description: "the first two inspector records swapped (same pool root; re-signed)",
    proof: (p) => {
      [p.inspectors[0], p.inspectors[1]] = [p.inspectors[1]!, p.inspectors[0]!];
    },
  },
  {
    code: "conflict-not-canonical",
    name: "conflict-digest-upper-case",
    description: "one conflict digest written in upper-case hex (re-signed)",
    base: "conflicts",
    proof: (p) => {
      p.conflicts[0] = p.conflicts[0]!.toUpperCase();
    },
  },
  {
    code: "conflict-order",
    name: "conflicts-out-of-order",
    description: "the first two conflict digests swapped (same conflict root; re-signed)",
    base: "conflicts",
    proof: (p) => {
      [p.conflicts[0], p.conflicts[1]] = [p.conflicts[1]!, p.conflicts[0]!];
    },
  },
  // Commitment rules (§8.1, §7), checked before anything is recomputed.
  {
    code: "not-canonical",
    name: "round-id-nfd",
    description: "the round id in NFD: a hashed document is never silently rewritten to NFC (re-signed)",
    proof: (p) => {
      p.commitment.roundId = "vector/café".normalize("NFD");
    },
  },
  {
    code: "bad-commitment",
    name: "failure-policy",
    description: "a failure policy other than round-fails-publicly (re-signed)",
    proof: (p) => {
      (p.commitment.entropy as Loose).failurePolicy = "re-roll";
    },
  },
  {
    code: "bad-count",
    name: "fractional-count",
    description: "a committed stratum count that is not an integer (re-signed)",
    proof: (p) => {
      p.commitment.eligible.strata[0]!.count = 39.5;
    },
  },
  {
    code: "bad-hash",
    name: "roster-root-upper-case",
    description: "the roster root in upper-case hex (re-signed)",
    proof: (p) => {
      p.commitment.roster.root = p.commitment.roster.root.toUpperCase();
    },
  },
  {
    code: "bad-rate",
    name: "rate-above-10000",
    description: "a stratum rate of 10001 bp (re-signed)",
    proof: (p) => {
      p.commitment.eligible.strata[0]!.rateBp = 10001;
    },
  },
  {
    code: "duplicate-id",
    name: "contributor-twice",
    description: "the same contributor name listed twice in the entropy plan (re-signed)",
    proof: (p) => {
      const cs = p.commitment.entropy.contributors;
      cs[1]!.name = cs[0]!.name;
    },
  },
  {
    code: "bad-team-size",
    name: "team-of-one",
    description: "a team size of 1 (at least 2 inspectors inspect together; re-signed)",
    proof: (p) => {
      p.commitment.teams.size = 1;
    },
  },
  {
    code: "invalid-date",
    name: "window-not-a-date",
    description: "an inspection window ending on 2025-02-30 (re-signed)",
    proof: (p) => {
      p.commitment.teams.window.until = "2025-02-30";
    },
  },
  {
    code: "invalid-time",
    name: "reveal-deadline-before-commitment",
    description: "the reveal deadline is before committedAt (re-signed)",
    proof: (p) => {
      p.commitment.entropy.revealDeadline = "2023-08-23T14:00:00Z";
    },
  },
  {
    code: "no-entropy",
    name: "no-contributor-no-beacon",
    description: "an entropy plan with no contributor and no beacon (re-signed)",
    proof: (p) => {
      p.commitment.entropy.contributors = [];
      p.commitment.entropy.beacon = null;
    },
  },
  {
    code: "bad-beacon-plan",
    name: "quicknet-wrong-period",
    description: "a beacon plan naming quicknet with a 30 s period (re-signed)",
    proof: (p) => {
      p.commitment.entropy.beacon!.period = 30;
    },
  },
  {
    code: "floor-without-legal-basis",
    name: "floor-200-without-basis",
    description: "a minimum total rate of 200 bp (below 300) with legalBasis null (re-signed)",
    proof: (p) => {
      p.commitment.floor.minTotalBp = 200;
    },
  },
  // Committed sets (§10 steps 2–3).
  {
    code: "eligible-root",
    name: "eligible-file-id-changed",
    description: "one id in the published eligible file replaced by an id that was not committed",
    eligible: (es) => es.map((e, i) => (i === 3 ? { ...e, id: "ENT-A-9999" } : e)),
    resign: false,
  },
  {
    code: "invalid-id",
    name: "eligible-file-control-character",
    description: "an id with a control character (U+0001) in the published eligible file",
    eligible: (es) => es.map((e, i) => (i === 3 ? { ...e, id: "ENT-A\u0001" } : e)),
    resign: false,
  },
  {
    code: "count-mismatch",
    name: "stratum-count-plus-one",
    description: "a committed stratum count one higher than the published set has (re-signed)",
    proof: (p) => {
      p.commitment.eligible.strata[0]!.count += 1;
    },
  },
  {
    code: "unknown-stratum",
    name: "stratum-missing-from-commitment",
    description: "the commitment no longer lists stratum B, which the published set has (re-signed)",
    proof: (p) => {
      p.commitment.eligible.strata.pop();
    },
  },
  {
    code: "inspector-count",
    name: "inspector-removed",
    description: "the last inspector record removed from the bundle (re-signed)",
    proof: (p) => {
      p.inspectors.pop();
    },
  },
  {
    code: "inspector-root",
    name: "inspector-certificate-extended",
    description: "one inspector's certificate end date changed (same count; re-signed)",
    proof: (p) => {
      p.inspectors[0]!.validUntil = "2030-12-31";
    },
  },
  {
    code: "conflict-count",
    name: "conflict-added",
    description: "a conflict digest added to a round that committed none (re-signed)",
    proof: (p) => {
      p.conflicts.push(hex(E.conflictDigest("INS-001", "ENT-A-0001")));
    },
  },
  {
    code: "conflict-root",
    name: "conflict-replaced",
    description: "the last conflict digest replaced by another (same count, still sorted; re-signed)",
    base: "conflicts",
    proof: (p) => {
      p.conflicts[p.conflicts.length - 1] = "f".repeat(64);
    },
  },
  // Entropy (§8.2–§8.4).
  {
    code: "reveal-missing",
    name: "reveal-removed",
    description: "the last contributor's reveal removed (re-signed)",
    proof: (p) => {
      p.reveals.pop();
    },
  },
  {
    code: "reveal-order",
    name: "reveals-swapped",
    description: "the two reveals in the opposite of the committed order (re-signed)",
    proof: (p) => {
      [p.reveals[0], p.reveals[1]] = [p.reveals[1]!, p.reveals[0]!];
    },
  },
  {
    code: "reveal-malformed",
    name: "nonce-upper-case",
    description: "a revealed nonce in upper-case hex (re-signed)",
    proof: (p) => {
      p.reveals[0]!.nonce = p.reveals[0]!.nonce.toUpperCase();
    },
  },
  {
    code: "beacon-missing",
    name: "beacon-removed",
    description: "the committed drand beacon removed from the bundle (re-signed)",
    proof: (p) => {
      p.beacon = null;
    },
  },
  {
    code: "beacon-unexpected",
    name: "beacon-not-planned",
    description: "the commitment plans no beacon but the bundle carries one (re-signed)",
    proof: (p) => {
      p.commitment.entropy.beacon = null;
    },
  },
  {
    code: "beacon-randomness",
    name: "randomness-not-hash-of-signature",
    description: "a valid drand signature with randomness that is not its SHA-256 (re-signed)",
    proof: (p) => {
      p.beacon!.randomness = flipHexDigit(p.beacon!.randomness, 5);
    },
  },
  {
    code: "beacon-malformed",
    name: "beacon-signature-not-hex",
    description: "a beacon signature that is not 48 bytes of lower-case hex (re-signed)",
    proof: (p) => {
      p.beacon!.signature = "not hex";
    },
  },
  // Results (§12 comparison order).
  {
    code: "teams-count",
    name: "team-removed",
    description: "the last initial team removed (re-signed)",
    proof: (p) => {
      p.teams = p.teams.slice(0, -1);
    },
  },
  {
    code: "infeasible",
    name: "infeasible-available-changed",
    description: "an infeasible report claims a different number of available candidates (re-signed)",
    base: "infeasible-team",
    proof: (p) => {
      p.infeasible[0]!.available += 1;
    },
  },
  {
    code: "substitution",
    name: "substitute-changed",
    description: "a substitution names another substitute than the rule picks (re-signed)",
    base: "substitution",
    proof: (p) => {
      const s = p.substitutions[0]!;
      s.substitute = s.substitute === "INS-006" ? "INS-005" : "INS-006";
    },
  },
  {
    code: "final teams-count",
    name: "final-team-removed",
    description: "the last final team removed (re-signed)",
    proof: (p) => {
      p.finalTeams = p.finalTeams.slice(0, -1);
    },
  },
  {
    code: "substitution-malformed",
    name: "substitution-reason-leading-space",
    description: "a substitution reason with a leading space (not a canonical label; re-signed)",
    base: "substitution",
    proof: (p) => {
      p.substitutions[0]!.reason = ` ${p.substitutions[0]!.reason}`;
    },
  },
  {
    code: "substitution-malformed",
    name: "substitution-time-not-utc-seconds",
    description: "a substitution time with milliseconds (not the §3.2 form; re-signed)",
    base: "substitution",
    proof: (p) => {
      p.substitutions[0]!.at = p.substitutions[0]!.at.replace("Z", ".000Z");
    },
  },
  {
    code: "substitution-order",
    name: "substitution-times-decrease",
    description: "the second substitution is dated before the first (re-signed)",
    base: "substitution-chain",
    proof: (p) => {
      p.substitutions[1]!.at = "2023-08-24T08:59:59Z";
    },
  },
  {
    code: "substitution-unknown",
    name: "recused-not-on-team",
    description: "a substitution recuses an inspector who is not on that team (re-signed)",
    base: "substitution",
    proof: (p) => {
      p.substitutions[0]!.recused = "INS-999";
    },
  },
  {
    code: "public-key",
    name: "unexpected-signing-key",
    description: "a genuine proof checked with --public-key naming another key",
    resign: false,
    expectedPublicKey: hex(E.ed25519PublicKey(E.sha256(E.utf8("some other signing key")))),
  },
];

/** Every rejection under `algorithm`; names end in "-v2" for sortes-draw/v2 (as in drawVectors). */
export function rejectionVectors(algorithm: string = E.ALGORITHM_ID): Vector[] {
  const suffix = algorithm === E.ALGORITHM_ID ? "" : `-${algorithm.split("/").at(-1)}`;
  const bases = new Map<string, ReturnType<typeof scenarioProof>>();
  return REJECTIONS.map((r) => {
    const baseName = r.base ?? "basic-two-strata";
    if (!bases.has(baseName)) bases.set(baseName, scenarioProof(baseName, algorithm));
    const base = bases.get(baseName)!;
    // A JSON copy: the engine shares objects between fields (teams/finalTeams).
    let proof = JSON.parse(JSON.stringify(base.proof)) as E.ProofBundle;
    const committed = JSON.stringify(proof.commitment);
    r.proof?.(proof);
    // A changed commitment is hashed again, as an operator covering its tracks would, so the
    // vector shows the rule the change breaks rather than only a stale commitment hash.
    if (JSON.stringify(proof.commitment) !== committed)
      proof.commitmentHash = E.commitmentHashHex(proof.commitment);
    if (r.proof && r.resign !== false) proof = E.signProof(proof, SIGNING_KEY);
    const eligible = r.eligible ? r.eligible(base.eligible) : base.eligible;
    const out = E.verifyProof(
      proof,
      eligible,
      r.expectedPublicKey ? { expectedPublicKey: r.expectedPublicKey } : {},
    );
    if (out.ok || out.code !== r.code)
      throw new Error(`rejection ${r.name}${suffix}: expected ${r.code}, got ${JSON.stringify(out)}`);
    return {
      kind: "tampered-proof",
      name: `rejects-${r.name}${suffix}`,
      description: `${r.description} → ${r.code}`,
      input: {
        proof,
        eligible,
        ...(r.expectedPublicKey ? { expectedPublicKey: r.expectedPublicKey } : {}),
      },
      expected: { ok: false, code: r.code, message: out.message },
    };
  });
}
