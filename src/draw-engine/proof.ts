/**
 * Proof bundle (docs/draw-spec.md §11): canonical JSON with everything needed to
 * re-run the draw except the eligible set (published alongside), signed with
 * Ed25519 over lp(T_sig) ‖ lp(JCS(bundle without "signature")) — or, for
 * sortes-draw/v2 (§16.7), over lp(T_sig_v2) ‖ lp(SHA-256(JCS(…))), so that
 * signer and verifier can stream a bundle of any size through SHA-256.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { compareUtf8, concatBytes, fromHex, toHex } from "./bytes.js";
import type { Commitment } from "./commitment.js";
import type { Beacon } from "./drand.js";
import { type DrawInput, type DrawResult, runDraw } from "./draw.js";
import { jcsBytes, lp } from "./encoding.js";
import type { Reveal } from "./entropy.js";
import { jcsSha256 } from "./jcs-stream.js";
import { canonicalInspector, type InspectorRecord } from "./leaves.js";
import type { StratumSelection } from "./selection.js";
import { ALGORITHM_V2, TAGS, TAGS_V2 } from "./tags.js";
import type { InfeasibleTeam, SubstitutionResult, TeamAssignment } from "./teams.js";

export interface ProofBundle {
  algorithm: string;
  commitment: Commitment;
  commitmentHash: string;
  reveals: Reveal[];
  beacon: Beacon | null;
  seed: string;
  inspectors: InspectorRecord[];
  conflicts: string[];
  selections: StratumSelection[];
  teams: TeamAssignment[];
  infeasible: InfeasibleTeam[];
  substitutions: SubstitutionResult[];
  finalTeams: TeamAssignment[];
  publicKey: string;
  signature: string;
}

export type UnsignedProof = Omit<ProofBundle, "signature">;

/** The exact bytes that are signed. */
export function proofSigningMessage(unsigned: UnsignedProof): Uint8Array {
  const { signature: _drop, ...body } = unsigned as ProofBundle;
  if (body.algorithm === ALGORITHM_V2) return concatBytes(lp(TAGS_V2.proofSignature), lp(jcsSha256(body)));
  return concatBytes(lp(TAGS.proofSignature), lp(jcsBytes(body)));
}

export function ed25519PublicKey(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}

export function signProof(unsigned: UnsignedProof, secretKey: Uint8Array): ProofBundle {
  const signature = toHex(ed25519.sign(proofSigningMessage(unsigned), secretKey));
  return { ...unsigned, signature };
}

export function verifyProofSignature(bundle: ProofBundle): boolean {
  try {
    return ed25519.verify(
      fromHex(bundle.signature, 64),
      proofSigningMessage(bundle),
      fromHex(bundle.publicKey, 32),
    );
  } catch {
    return false;
  }
}

/** Runs the draw and assembles the signed bundle. */
export function createProof(
  input: DrawInput,
  secretKey: Uint8Array,
): { proof: ProofBundle; result: DrawResult } {
  const result = runDraw(input);
  const unsigned: UnsignedProof = {
    algorithm: input.commitment.algorithm,
    commitment: input.commitment,
    commitmentHash: result.commitmentHash,
    reveals: [...input.reveals],
    beacon: input.beacon,
    seed: result.seed,
    inspectors: input.inspectors.map(canonicalInspector).sort((a, b) => compareUtf8(a.id, b.id)),
    conflicts: [...input.conflicts].sort(),
    selections: result.selections,
    teams: result.teams,
    infeasible: result.infeasible,
    substitutions: result.substitutions,
    finalTeams: result.finalTeams,
    publicKey: toHex(ed25519PublicKey(secretKey)),
  };
  return { proof: signProof(unsigned, secretKey), result };
}
