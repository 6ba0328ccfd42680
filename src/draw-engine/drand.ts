/**
 * Offline verification of drand beacons (docs/draw-spec.md §8.3). v1 supports
 * the scheme bls-unchained-g1-rfc9380 (quicknet): signature on G1 over
 * SHA-256(u64be(round)), public key on G2, randomness = SHA-256(signature).
 */
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { equalBytes, fromHex, toHex, u64be } from "./bytes.js";
import { fail } from "./errors.js";
import { sha256 } from "./hash.js";

export const DRAND_SCHEME = "bls-unchained-g1-rfc9380";
const DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

/** What the commitment fixes about the beacon before it exists. */
export interface BeaconPlan {
  network: "drand";
  scheme: typeof DRAND_SCHEME;
  chainHash: string;
  publicKey: string;
  genesisTime: number;
  period: number;
  round: number;
}

/** A beacon as published by drand (hex fields). */
export interface Beacon {
  round: number;
  signature: string;
  randomness: string;
}

/** The League of Entropy quicknet chain parameters (public, fixed forever). */
export const DRAND_QUICKNET = {
  chainHash: "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971",
  publicKey:
    "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a",
  genesisTime: 1692803367,
  period: 3,
} as const;

/** Unix time at which `round` is emitted: genesis + (round − 1) × period. */
export function drandRoundTime(plan: Pick<BeaconPlan, "genesisTime" | "period">, round: number): number {
  return plan.genesisTime + (round - 1) * plan.period;
}

/** Structural checks of a beacon plan (called from commitment validation). */
export function checkBeaconPlan(plan: BeaconPlan, committedAtSeconds: number): void {
  if (plan.network !== "drand" || plan.scheme !== DRAND_SCHEME) {
    fail("bad-beacon-plan", `unsupported beacon: network ${plan.network}, scheme ${plan.scheme}`);
  }
  for (const k of ["genesisTime", "period", "round"] as const) {
    if (!Number.isSafeInteger(plan[k]) || plan[k] < 1)
      fail("bad-beacon-plan", `beacon ${k} must be a positive integer`);
  }
  try {
    fromHex(plan.chainHash, 32);
    fromHex(plan.publicKey, 96);
  } catch (e) {
    fail("bad-beacon-plan", `beacon chain hash or public key is malformed: ${(e as Error).message}`);
  }
  if (plan.chainHash === DRAND_QUICKNET.chainHash) {
    const q = DRAND_QUICKNET;
    if (plan.publicKey !== q.publicKey || plan.genesisTime !== q.genesisTime || plan.period !== q.period) {
      fail(
        "bad-beacon-plan",
        "beacon plan names the quicknet chain but its public key, genesis time or period differ from quicknet's",
      );
    }
  }
  const at = drandRoundTime(plan, plan.round);
  if (at <= committedAtSeconds) {
    fail(
      "beacon-too-early",
      `drand round ${plan.round} is emitted at Unix time ${at}, not after the commitment time ${committedAtSeconds}`,
    );
  }
}

/** Verifies a beacon against the committed plan; throws DrawError naming what is wrong. */
export function verifyBeacon(plan: BeaconPlan, beacon: Beacon): Uint8Array {
  if (beacon.round !== plan.round) {
    fail(
      "beacon-round",
      `the beacon is for drand round ${beacon.round}, but the commitment names round ${plan.round}`,
    );
  }
  let sig: Uint8Array;
  let randomness: Uint8Array;
  try {
    sig = fromHex(beacon.signature, 48);
    randomness = fromHex(beacon.randomness, 32);
  } catch (e) {
    fail("beacon-malformed", `beacon fields are malformed: ${(e as Error).message}`);
  }
  const sigs = bls12_381.shortSignatures;
  let ok = false;
  try {
    const msg = sigs.hash(sha256(u64be(beacon.round)), DST);
    ok = sigs.verify(sig, msg, fromHex(plan.publicKey, 96));
  } catch {
    ok = false;
  }
  if (!ok)
    fail(
      "beacon-invalid",
      `the drand signature for round ${beacon.round} does not verify against the committed public key`,
    );
  if (!equalBytes(sha256(sig), randomness)) {
    fail(
      "beacon-randomness",
      `beacon randomness ${beacon.randomness} is not SHA-256 of its signature (${toHex(sha256(sig))})`,
    );
  }
  return randomness;
}
