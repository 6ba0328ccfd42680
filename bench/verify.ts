/**
 * Offline verification benchmark (issue 7: 1 000 000 eligible ≤ 1 s). Not a test.
 *
 * Builds a realistic round once with the engine (3 % in 4 strata, teams of 2
 * from the inspector pool, conflicts for 1 % of entities, one substitution),
 * caches the signed proof and the eligible set as NDJSON in leaf order (as the
 * service publishes it) in the OS temp dir, then times the code path of
 * `sortes verify`: readEligible (NDJSON parse) + verifyProof, with node:crypto
 * as the SHA-256 backend like the CLI. It also times the engine's steps one by
 * one (as the portal's verify-steps runs them). Wall and CPU time are printed
 * because the machine may be shared.
 *
 *   npx tsx bench/verify.ts [--entities 1000000] [--inspectors 500] [--repeat 1] [--algorithm sortes-draw/v2]
 */
import { existsSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { installNodeSha256 } from "../src/cli/node-hash.js";
import { readEligibleSet, readProof } from "../src/cli/verify-io.js";
import * as E from "../src/draw-engine/index.js";

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const N = Number(arg("entities", "1000000"));
const INSPECTORS = Number(arg("inspectors", "500"));
const REPEAT = Number(arg("repeat", "1"));
const ALGORITHM = arg("algorithm", E.CURRENT_ALGORITHM);

installNodeSha256();

const STRATA = ["个体工商户", "农民专业合作社", "企业-内资", "企业-外资"];

/** A GB 32100-style code (alphabet only; the engine does not require the checksum). */
const entityId = (i: number): string => `91350${String(i).padStart(12, "0")}X`;

/** Deterministic integer PRNG (xorshift32) for picking conflicts; no floats in anything hashed. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function buildRound(proofPath: string, eligiblePath: string): void {
  const t0 = performance.now();
  const eligible: E.EligibleEntry[] = [];
  for (let i = 0; i < N; i++) eligible.push({ stratum: STRATA[i % 4]!, id: entityId(i) });
  const pool: E.InspectorRecord[] = Array.from({ length: INSPECTORS }, (_, i) => ({
    id: `INS-${String(i + 1).padStart(4, "0")}`,
    department: i % 3 === 0 ? "市场监管局-食品科" : "市场监管局-综合执法",
    qualifications: i % 11 === 0 ? ["licensing"] : ["food-safety", "licensing"],
    validFrom: "2022-01-01",
    validUntil: "2027-12-31",
  }));
  const rnd = xorshift(20250701);
  const conflicts = new Set<string>();
  while (conflicts.size < Math.floor(N / 100)) {
    const e = entityId(rnd() % N);
    const ins = pool[rnd() % INSPECTORS]!.id;
    conflicts.add(E.toHex(E.conflictDigest(ins, e)));
  }
  const names = ["市场监管局", "公证处", "公众代表"];
  const nonces = names.map((n) => E.sha256(E.utf8(`bench verify nonce ${n} ${N}`)));
  const commitment = E.buildCommitment({
    algorithm: ALGORITHM,
    roundId: `bench-verify-${N}-${INSPECTORS}`,
    committedAt: "2025-06-20T02:00:00Z",
    roster: { revision: "2025-06", root: E.toHex(E.sha256(E.utf8("roster 2025-06"))) },
    filter: "bench: all entities",
    eligible,
    rates: Object.fromEntries(STRATA.map((s) => [s, 300])),
    exclusions: [],
    teams: {
      size: 2,
      qualification: "food-safety",
      window: { from: "2025-07-01", until: "2025-07-31" },
      jointDepartments: [],
    },
    inspectors: pool,
    conflicts: [...conflicts],
    contributors: names.map((name, i) => ({
      name,
      commitment: E.toHex(E.contributorCommitment(nonces[i]!)),
    })),
    beacon: null,
    revealDeadline: "2025-06-20T08:00:00Z",
  });
  const input: E.DrawInput = {
    commitment,
    eligible,
    inspectors: pool,
    conflicts: [...conflicts],
    reveals: names.map((name, i) => ({
      name,
      nonce: E.toHex(nonces[i]!),
      revealedAt: "2025-06-20T03:00:00Z",
    })),
    beacon: null,
    substitutions: [],
  };
  const first = E.runDraw(input).teams[0]!;
  const subs = [
    { entityId: first.entityId, recused: first.members[0]!, reason: "亲属关系", at: "2025-07-02T01:00:00Z" },
  ];
  const { proof } = E.createProof({ ...input, substitutions: subs }, E.sha256(E.utf8("bench key")));
  // Published in leaf order, one JSON object per line (what the public API serves).
  const ordered = E.commitEligible(eligible).entries; // leaf order = v2 set order
  const lines: string[] = [];
  for (const e of ordered) lines.push(JSON.stringify({ stratum: e.stratum, id: e.id }));
  writeFileSync(eligiblePath, `${lines.join("\n")}\n`);
  // As the public route serves it: JCS text (sorted keys).
  writeFileSync(proofPath, E.jcs(proof));
  console.log(`built the round in ${((performance.now() - t0) / 1000).toFixed(1)} s (cached)`);
}

interface Timing {
  wall: number;
  cpu: number;
}

function timed<T>(fn: () => T): [T, Timing] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const v = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return [v, { wall, cpu: (c.user + c.system) / 1000 }];
}

const f = (t: Timing): string => `${Math.round(t.wall)} ms (cpu ${Math.round(t.cpu)} ms)`;

/** The engine's steps one by one, in runDraw's order. */
function steps(proof: E.ProofBundle, eligible: E.EligibleEntry[] | E.PackedEligibleSet): string[] {
  const out: string[] = [];
  const c = proof.commitment;
  const [, tv] = timed(() => E.validateCommitment(c));
  out.push(`validate ${f(tv)}`);
  const [checked, tc] = timed(() =>
    E.checkCommittedSets(c, { eligible, inspectors: proof.inspectors, conflicts: proof.conflicts }),
  );
  out.push(`commitment roots ${f(tc)}`);
  const [seed, ts] = timed(() => {
    const nonces = E.checkReveals(c.entropy.contributors, proof.reveals, c.entropy.revealDeadline);
    const randomness =
      c.entropy.beacon && proof.beacon ? E.verifyBeacon(c.entropy.beacon, proof.beacon) : null;
    return E.computeSeed(E.commitmentHash(c), nonces, randomness);
  });
  out.push(`reveals+beacon+seed ${f(ts)}`);
  const [selections, tsel] = timed(() =>
    checked.algorithm === "v2"
      ? E.selectEntitiesV2(seed, c.eligible.strata, checked.set)
      : E.selectEntities(seed, c.eligible.strata, checked.entries),
  );
  out.push(`selection ${f(tsel)}`);
  const [teams, tt] = timed(() =>
    E.assignTeamsFor(c.algorithm)({
      seed,
      rules: c.teams,
      pool: proof.inspectors.map(E.canonicalInspector),
      conflictDigests: proof.conflicts,
      selected: selections.flatMap((s) =>
        s.selected.map((x) => ({ stratum: s.stratum, id: x.id, ticket: x.ticket })),
      ),
      substitutions: proof.substitutions.map(({ entityId, recused, reason, at }) => ({
        entityId,
        recused,
        reason,
        at,
      })),
    }),
  );
  out.push(`teams ${f(tt)}`);
  const [ok, tsig] = timed(() => E.verifyProofSignature(proof));
  out.push(`signature ${f(tsig)}`);
  if (!ok || E.jcs(teams.finalTeams) !== E.jcs(proof.finalTeams))
    throw new Error("step-by-step recomputation differs from the proof");
  return out;
}

const base = join(tmpdir(), `sortes-bench-verify-${ALGORITHM.replace("/", "-")}-${N}-${INSPECTORS}`);
const proofPath = `${base}.proof.json`;
const eligiblePath = `${base}.ndjson`;
if (!existsSync(proofPath) || !existsSync(eligiblePath)) buildRound(proofPath, eligiblePath);

console.log(
  `offline verification (sortes verify path), ${ALGORITHM}, ${N} eligible, ${INSPECTORS} inspectors — node ${process.version}, ${availableParallelism()} cores, load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);
const totals: number[] = [];
for (let r = 0; r < REPEAT; r++) {
  const [proof, tp] = timed(() => readProof(proofPath));
  const [eligible, te] = timed(() => readEligibleSet(eligiblePath));
  const [outcome, tv] = timed(() => E.verifyProof(proof, eligible));
  const total: Timing = { wall: tp.wall + te.wall + tv.wall, cpu: tp.cpu + te.cpu + tv.cpu };
  totals.push(total.wall);
  console.log(
    `run ${r + 1}: ${outcome.ok ? "PASS" : `FAIL ${outcome.code}`} total ${f(total)} = read proof ${f(tp)} + parse eligible ${f(te)} + verifyProof ${f(tv)}; target ≤ 1000 ms`,
  );
  console.log(`  steps: ${steps(proof, eligible).join("; ")}`);
}
const median = [...totals].sort((a, b) => a - b)[Math.floor(totals.length / 2)]!;
console.log(
  `RESULT ${JSON.stringify({ scenario: "verify", algorithm: ALGORITHM, entities: N, inspectors: INSPECTORS, runsMs: totals.map(Math.round), medianMs: Math.round(median), targetMs: 1000 })}`,
);
