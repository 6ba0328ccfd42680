/** Whole-draw vectors (from scenarios.ts) and tampered-proof vectors, under sortes-draw/v1 or v2. */
import * as E from "../../src/draw-engine/index.js";
import { drandFile, flipHexDigit, type Vector } from "./generate-units.js";
import { pool, SCENARIOS, type Scenario } from "./scenarios.js";

/** Public test key: SHA-256("sortes test vector signing key"). Never use it for real rounds. */
export const SIGNING_KEY = E.sha256(E.utf8("sortes test vector signing key"));
const hex = E.toHex;
const COMMITTED_AT = "2023-08-23T15:00:00Z";
const REVEAL_DEADLINE = "2023-08-23T18:00:00Z";

function params(
  s: Scenario,
  algorithm: string,
  eligible: E.EligibleEntry[],
  nonces: Map<string, Uint8Array>,
): E.CommitmentParams {
  const beaconRound = s.beaconRound === undefined ? 1000 : s.beaconRound;
  const p: E.CommitmentParams = {
    algorithm,
    roundId: `vector/${s.name}`,
    committedAt: COMMITTED_AT,
    roster: { revision: "2025-06", root: hex(E.sha256(E.utf8("roster revision 2025-06"))) },
    filter: "checklist item SCJ-2025-07 food safety, all registered entities",
    eligible,
    rates: s.rates,
    exclusions: [],
    teams: {
      size: 2,
      qualification: "food-safety",
      window: { from: "2025-07-01", until: "2025-07-31" },
      jointDepartments: [],
    },
    inspectors: s.inspectors ?? pool(6),
    conflicts: conflictsOf(s),
    contributors: [...nonces].map(([name, n]) => ({ name, commitment: hex(E.contributorCommitment(n)) })),
    beacon:
      beaconRound === null
        ? null
        : { network: "drand", scheme: E.DRAND_SCHEME, ...E.DRAND_QUICKNET, round: beaconRound },
    revealDeadline: REVEAL_DEADLINE,
  };
  s.tweak?.(p);
  return p;
}

const conflictsOf = (s: Scenario): string[] =>
  (s.conflictPairs ?? []).map(([i, e]) => hex(E.conflictDigest(i, e))).sort();

function drawInput(s: Scenario, algorithm: string): E.DrawInput & { conflictPairs: [string, string][] } {
  const names = s.contributors ?? ["alice", "bob"];
  const nonces = new Map(names.map((n) => [n, E.sha256(E.utf8(`${s.name}/${n}`))]));
  const p = params(s, algorithm, s.committedEligible ?? s.eligible, nonces);
  const commitment = E.assembleCommitment(p);
  const reveals = [...nonces].map(([name, n]) => ({
    name,
    nonce: hex(n),
    revealedAt: "2023-08-23T16:30:00Z",
  }));
  if (s.badReveal === "wrong-nonce") reveals[0]!.nonce = hex(E.sha256(E.utf8("some other nonce")));
  if (s.badReveal === "late") reveals[0]!.revealedAt = "2023-08-23T19:00:00Z";
  const round = commitment.entropy.beacon?.round;
  let beacon = round ? (drandFile.beacons.find((b) => b.round === round) ?? null) : null;
  if (beacon && s.badBeacon === "tampered-signature")
    beacon = { ...beacon, signature: flipHexDigit(beacon.signature, 40) };
  if (beacon && s.badBeacon === "wrong-round") beacon = drandFile.beacons.find((b) => b.round === 2)!;
  return {
    commitment,
    eligible: s.eligible,
    inspectors: p.inspectors,
    conflicts: p.conflicts,
    conflictPairs: s.conflictPairs ?? [],
    reveals,
    beacon,
    substitutions: [],
  };
}

/** Resolves "?" (= the previous substitute) while building the substitution list. */
function withSubstitutions(s: Scenario, input: E.DrawInput): E.DrawInput {
  if (!s.substitutions) return input;
  const planned = s.substitutions(E.runDraw(input));
  const subs: E.SubstitutionInput[] = [];
  for (const x of planned) {
    const recused =
      x.recused === "?"
        ? E.runDraw({ ...input, substitutions: subs }).substitutions.at(-1)!.substitute!
        : x.recused;
    subs.push({ ...x, recused });
  }
  return { ...input, substitutions: subs };
}

/** One scenario's draw vector under `algorithm`: its signed proof, or the error it is rejected with. */
export function scenarioVector(s: Scenario, algorithm: string, suffix: string): Vector {
  const input = withSubstitutions(s, drawInput(s, algorithm));
  const recorded = { ...input, signingKey: hex(SIGNING_KEY) };
  const base = { kind: "draw", name: `${s.name}${suffix}`, description: s.description, input: recorded };
  try {
    const { proof, result } = E.createProof(input, SIGNING_KEY);
    return { ...base, expected: { ...result, proof } };
  } catch (e) {
    if (!(e instanceof E.DrawError)) throw e;
    return { ...base, expected: { error: e.code, message: e.message } };
  }
}

/**
 * Every scenario, then the tampered proofs, under `algorithm`. The v2 vectors
 * reuse the v1 inputs (same round ids and nonces); only `commitment.algorithm`
 * differs, and their names end in "-v2".
 */
export function drawVectors(algorithm: string = E.ALGORITHM_ID): Vector[] {
  const suffix = algorithm === E.ALGORITHM_ID ? "" : `-${algorithm.split("/").at(-1)}`;
  const out: Vector[] = [];
  let basic: { proof: E.ProofBundle; eligible: E.EligibleEntry[] } | null = null;
  for (const s of SCENARIOS) {
    const v = scenarioVector(s, algorithm, suffix);
    if (!basic && v.expected.proof)
      basic = { proof: v.expected.proof as E.ProofBundle, eligible: s.eligible };
    out.push(v);
  }
  const b = basic!;
  const tamper = (
    name: string,
    description: string,
    code: string,
    mutate: (p: E.ProofBundle) => void,
    resign = false,
  ): void => {
    // A JSON copy, not structuredClone: the engine may share objects between fields (e.g. finalTeams
    // and teams when there are no substitutions), and a tamper must change only the field it names.
    const proof = JSON.parse(JSON.stringify(b.proof)) as E.ProofBundle;
    mutate(proof);
    const final = resign ? E.signProof(proof, SIGNING_KEY) : proof;
    out.push({
      kind: "tampered-proof",
      name: `${name}${suffix}`,
      description,
      input: { proof: final, eligible: b.eligible },
      expected: { ok: false, code },
    });
  };
  tamper(
    "changed-selected-id",
    "one selected entity id replaced by another eligible id",
    "selection",
    (p) => {
      p.selections[0]!.selected[0]!.id = "ENT-A-0040";
    },
  );
  tamper("changed-ticket", "one ticket digit changed", "ticket", (p) => {
    const x = p.selections[1]!.selected[1]!;
    x.ticket = flipHexDigit(x.ticket, 63);
  });
  tamper("changed-seed-byte", "one byte of the seed changed", "seed", (p) => {
    p.seed = flipHexDigit(p.seed, 10);
  });
  tamper("changed-team-member", "one team member swapped for another inspector", "teams", (p) => {
    const m = p.teams[2]!.members;
    m[1] = m[1] === "INS-006" ? "INS-005" : "INS-006";
  });
  tamper(
    "changed-final-team-member",
    "one member of a final team swapped (re-signed)",
    "final teams",
    (p) => {
      const m = p.finalTeams[0]!.members;
      m[0] = m[0] === "INS-006" ? "INS-005" : "INS-006";
    },
    true,
  );
  tamper("changed-signature-byte", "one byte of the Ed25519 signature changed", "signature", (p) => {
    p.signature = flipHexDigit(p.signature, 20);
  });
  tamper(
    "changed-rate-resigned",
    "a stratum rate changed after the fact and re-signed: the commitment hash no longer matches",
    "commitment-hash",
    (p) => {
      p.commitment.eligible.strata[0]!.rateBp = 600;
    },
    true,
  );
  tamper(
    "changed-reveal-resigned",
    "a revealed nonce replaced and re-signed",
    "reveal-mismatch",
    (p) => {
      p.reveals[1]!.nonce = hex(E.sha256(E.utf8("redraw attempt")));
    },
    true,
  );
  tamper(
    "changed-beacon-resigned",
    "the beacon replaced by a forged one and re-signed",
    "beacon-invalid",
    (p) => {
      p.beacon = { ...p.beacon!, signature: flipHexDigit(p.beacon!.signature, 30) };
    },
    true,
  );
  tamper(
    "removed-selected-entity",
    "the last selected entity of a stratum removed and re-signed",
    "selection",
    (p) => {
      p.selections[0]!.selected.pop();
    },
    true,
  );
  return out;
}

/** One scenario's draw input, signed proof and published eligible set (generate-rejections.ts tampers with them). */
export function scenarioProof(
  name: string,
  algorithm: string,
): { input: E.DrawInput; proof: E.ProofBundle; eligible: E.EligibleEntry[] } {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new Error(`no scenario ${name}`);
  const input = withSubstitutions(s, drawInput(s, algorithm));
  return { input, proof: E.createProof(input, SIGNING_KEY).proof, eligible: s.eligible };
}
