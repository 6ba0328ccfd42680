/**
 * Signed proof bundles (draw-spec §11, §16.7) assembled from what the draw persisted,
 * stored as versions: 1 at the draw, one more per substitution (each re-signed,
 * replayable). The stored text is the bundle's canonical JSON (RFC 8785), written in
 * ~1 MiB parts straight from the streaming serialiser: a 300 000-team bundle (~100 MB)
 * never exists as one string in the service, neither when signing (v2 signs the
 * streamed digest) nor when storing or serving it.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import {
  assignTeamsFor,
  type Commitment,
  canonicalInspector,
  compareUtf8,
  type InspectorRecord,
  jcsTextChunks,
  type ProofBundle,
  type SubstitutionInput,
  sha256Stream,
  signProof,
  type TeamOutcome,
  toHex,
} from "../draw-engine/index.js";
import { NotFound } from "../errors.js";
import { appendRoundEvent, type SigningKey } from "./ledger-link.js";
import { roundProofParts, roundProofs } from "./schema.js";

export type ProofParts = Pick<
  ProofBundle,
  "commitment" | "commitmentHash" | "reveals" | "beacon" | "seed" | "inspectors" | "conflicts" | "selections"
> & { outcome: TeamOutcome };

/**
 * The teams of a round's drawn selections under its frozen pool and conflict digests,
 * replaying `substitutions` in order — computed the same way by the draw, by each
 * substitution and by a proof restore, so all three give the bundle's teams.
 */
export function roundTeamOutcome(a: {
  commitment: Pick<Commitment, "algorithm" | "teams">;
  seed: Uint8Array;
  pool: InspectorRecord[];
  conflicts: string[];
  selections: readonly { stratum: string; selected: readonly { id: string; ticket: string }[] }[];
  substitutions: SubstitutionInput[];
}): TeamOutcome {
  return assignTeamsFor(a.commitment.algorithm)({
    seed: a.seed,
    rules: a.commitment.teams,
    pool: a.pool,
    conflictDigests: a.conflicts,
    selected: a.selections.flatMap((s) =>
      s.selected.map((x) => ({ stratum: s.stratum, id: x.id, ticket: x.ticket })),
    ),
    substitutions: a.substitutions,
  });
}

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

/** Characters per stored proof part (~256 KiB of text; the property tests use this size). */
export const PROOF_PART_CHARS = 1 << 18;
const encoder = new TextEncoder();

/**
 * Stores a signed bundle as canonical JSON in parts and pins its digest in the ledger. The
 * header row comes first (the parts reference it) and gets the digest and size once the
 * last part is written — all inside the caller's transaction, so no reader sees it partial.
 */
export async function storeProof(
  db: Db,
  a: { roundId: string; departmentId: string; version: number; proof: ProofBundle },
) {
  const key = { roundId: a.roundId, version: a.version };
  await db
    .insert(roundProofs)
    .values({ ...key, departmentId: a.departmentId, sha256: "", bytes: 0, parts: 0 });
  const digest = sha256Stream();
  let bytes = 0;
  let part = 0;
  for (const text of jcsTextChunks(a.proof, PROOF_PART_CHARS)) {
    const b = encoder.encode(text);
    digest.update(b);
    bytes += b.length;
    await db.insert(roundProofParts).values({ ...key, part: part++, text });
  }
  const sha256 = toHex(digest.digest());
  await db
    .update(roundProofs)
    .set({ sha256, bytes, parts: part })
    .where(and(eq(roundProofs.roundId, a.roundId), eq(roundProofs.version, a.version)));
  await appendRoundEvent(db, a.departmentId, "round.proof", a.roundId, {
    version: a.version,
    sha256,
    publicKey: a.proof.publicKey,
    signature: a.proof.signature,
  });
}

/** The newest version of a round's proof (or the named one), without its text. */
export async function proofVersion(db: Db, roundId: string, version?: number) {
  const where =
    version === undefined
      ? eq(roundProofs.roundId, roundId)
      : and(eq(roundProofs.roundId, roundId), eq(roundProofs.version, version));
  const [row] = await db
    .select({ version: roundProofs.version, sha256: roundProofs.sha256, bytes: roundProofs.bytes })
    .from(roundProofs)
    .where(where)
    .orderBy(desc(roundProofs.version))
    .limit(1);
  if (!row)
    throw new NotFound(
      `round ${roundId} has no proof${version === undefined ? " yet" : ` version ${version}`}`,
    );
  return row;
}

/** The stored text of one proof version, part by part (for streaming a large bundle). */
export async function* proofTextParts(db: Db, roundId: string, version: number): AsyncGenerator<string> {
  for (let part = 0; ; part++) {
    const [row] = await db
      .select({ text: roundProofParts.text })
      .from(roundProofParts)
      .where(
        and(
          eq(roundProofParts.roundId, roundId),
          eq(roundProofParts.version, version),
          eq(roundProofParts.part, part),
        ),
      );
    if (!row) return;
    yield row.text;
  }
}

/** The newest proof (or a given version) as the stored JSON text, whole. */
export async function loadProofText(
  db: Db,
  roundId: string,
  version?: number,
): Promise<{ version: number; text: string }> {
  const v = await proofVersion(db, roundId, version);
  return { version: v.version, text: await proofText(db, roundId, v.version) };
}

/** The whole stored text of a known proof version (its parts joined). */
export async function proofText(db: Db, roundId: string, version: number): Promise<string> {
  const parts = await db
    .select({ text: roundProofParts.text })
    .from(roundProofParts)
    .where(and(eq(roundProofParts.roundId, roundId), eq(roundProofParts.version, version)))
    .orderBy(asc(roundProofParts.part));
  return parts.map((p) => p.text).join("");
}

export async function loadProof(db: Db, roundId: string): Promise<{ version: number; proof: ProofBundle }> {
  const { version, text } = await loadProofText(db, roundId);
  return { version, proof: JSON.parse(text) as ProofBundle };
}
