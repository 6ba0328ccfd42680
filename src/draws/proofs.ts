/**
 * Signed proof bundles (draw-spec §11) assembled from what the draw persisted, stored as
 * versions: 1 at the draw, one more per substitution (each re-signed, replayable).
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import {
  canonicalInspector,
  compareUtf8,
  type ProofBundle,
  sha256,
  signProof,
  type TeamOutcome,
  toHex,
  utf8,
} from "../draw-engine/index.js";
import { NotFound } from "../errors.js";
import { appendRoundEvent, type SigningKey } from "./ledger-link.js";
import { roundProofs } from "./schema.js";

export type ProofParts = Pick<
  ProofBundle,
  "commitment" | "commitmentHash" | "reveals" | "beacon" | "seed" | "inspectors" | "conflicts" | "selections"
> & { outcome: TeamOutcome };

export function buildSignedProof(p: ProofParts, key: SigningKey): ProofBundle {
  return signProof(
    {
      algorithm: p.commitment.algorithm,
      commitment: p.commitment,
      commitmentHash: p.commitmentHash,
      reveals: p.reveals,
      beacon: p.beacon,
      seed: p.seed,
      inspectors: p.inspectors.map(canonicalInspector).sort((a, b) => compareUtf8(a.id, b.id)),
      conflicts: [...p.conflicts].sort(),
      selections: p.selections,
      teams: p.outcome.teams,
      infeasible: p.outcome.infeasible,
      substitutions: p.outcome.substitutions,
      finalTeams: p.outcome.finalTeams,
      publicKey: key.publicKey,
    },
    key.secretKey,
  );
}

export async function storeProof(
  db: Db,
  a: { roundId: string; departmentId: string; version: number; proof: ProofBundle },
) {
  // Plain JSON.stringify: the signature covers the JCS form, which any reader recomputes;
  // canonicalising a 100k-entry bundle a second time here would double the signing cost.
  const bundle = JSON.stringify(a.proof);
  await db
    .insert(roundProofs)
    .values({ roundId: a.roundId, departmentId: a.departmentId, version: a.version, bundle });
  // The ledger leaf pins the exact bytes: SHA-256 of the canonical bundle, plus its signature.
  await appendRoundEvent(db, a.departmentId, "round.proof", a.roundId, {
    version: a.version,
    sha256: toHex(sha256(utf8(bundle))),
    publicKey: a.proof.publicKey,
    signature: a.proof.signature,
  });
}

/** The newest proof (or a given version) as the stored JSON text. */
export async function loadProofText(
  db: Db,
  roundId: string,
  version?: number,
): Promise<{ version: number; text: string }> {
  const where =
    version === undefined
      ? eq(roundProofs.roundId, roundId)
      : and(eq(roundProofs.roundId, roundId), eq(roundProofs.version, version));
  const [row] = await db
    .select({ version: roundProofs.version, bundle: roundProofs.bundle })
    .from(roundProofs)
    .where(where)
    .orderBy(desc(roundProofs.version))
    .limit(1);
  if (!row)
    throw new NotFound(
      `round ${roundId} has no proof${version === undefined ? " yet" : ` version ${version}`}`,
    );
  return { version: row.version, text: row.bundle };
}

export async function loadProof(db: Db, roundId: string): Promise<{ version: number; proof: ProofBundle }> {
  const { version, text } = await loadProofText(db, roundId);
  return { version, proof: JSON.parse(text) as ProofBundle };
}
