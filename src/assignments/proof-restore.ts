/**
 * Re-storing a round's proof from the persisted draw (issue #11, item 1). Rounds drawn
 * while the chunked JCS writer dropped text inside large arrays have a stored proof that
 * is not the bundle's canonical JSON (often not JSON at all). Everything the bundle says
 * is persisted apart from that text — the committed document, the reveals, the beacon,
 * the frozen pool and conflict digests, the drawn rows with their tickets and ranks, and
 * the substitution records — so the bundle is rebuilt from those, replayed through the
 * engine exactly as the draw and the substitutions did, re-signed with the service key
 * (Ed25519 is deterministic: the same bytes a correct store would have produced) and
 * stored as a NEW version. The broken version stays readable as it was; the ledger gets
 * the new version's usual `round.proof` entry and a `round.proof-restored` entry naming
 * the version it replaces, its digests and the reason.
 */
import { and, asc, eq, ne } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import {
  type Beacon,
  type Commitment,
  computeSeed,
  fromHex,
  type InspectorRecord,
  jcsSha256,
  type ProofBundle,
  type Reveal,
  type StratumSelection,
  sampleSize,
  sha256Stream,
  toHex,
  verifyBeacon,
  verifyProofSignature,
} from "../draw-engine/index.js";
import { utcSeconds } from "../draws/contributors.js";
import { appendRoundEvent, proofSigningKey, type SigningKey } from "../draws/ledger-link.js";
import { buildSignedProof, proofText, proofVersion, roundTeamOutcome, storeProof } from "../draws/proofs.js";
import { getRound, type RoundRow } from "../draws/rounds.js";
import { roundContributors, roundSelected } from "../draws/schema.js";
import { lockRound } from "../draws/transitions.js";
import { Conflict } from "../errors.js";
import { assignments, roundSubstitutions } from "./schema.js";

const HAS_PROOF = new Set(["drawn", "in_progress", "closed"]);
const encoder = new TextEncoder();

export interface RestoreProofInput {
  departmentId: string;
  roundId: string;
  /** Why the admin re-stores it; recorded in the ledger. */
  reason: string;
}

/**
 * Rebuilds the newest proof version from the persisted draw and stores it as the next
 * version. Conflict (409) when the stored text is already whole — equal to the rebuild,
 * or a valid signed bundle — and when the persisted rows disagree with the rebuild (then
 * re-signing would publish something the draw did not produce).
 */
export async function restoreProof(db: Db, config: Config, input: RestoreProofInput) {
  const key = await proofSigningKey(db, config);
  return db.transaction(async (tx) => {
    await lockRound(tx, input.roundId);
    const round = await getRound(tx, input.departmentId, input.roundId);
    if (!HAS_PROOF.has(round.status))
      throw new Conflict(`the round is ${round.status}; only a drawn round has a proof to restore`);
    const old = await proofVersion(tx, round.id);
    const proof = await rebuildProof(tx, round, key);
    const rebuilt = toHex(jcsSha256(proof));
    const text = await proofText(tx, round.id, old.version);
    const textSha256 = sha256Hex(text);
    if (textSha256 === rebuilt)
      throw new Conflict(
        `proof version ${old.version} is whole: its stored text is the canonical JSON of the bundle rebuilt from the persisted draw (sha256 ${rebuilt}); nothing to restore`,
      );
    const defect = describeDefect(text);
    if (defect === null)
      throw new Conflict(
        `proof version ${old.version} is a valid signed bundle (canonical JSON, signature verifies) that differs from the rebuild; it is not replaced`,
      );
    await checkAgainstAssignments(tx, round.id, proof);
    const version = old.version + 1;
    await storeProof(tx, { roundId: round.id, departmentId: input.departmentId, version, proof });
    const stored = await proofVersion(tx, round.id, version);
    const replaces = {
      version: old.version,
      sha256: old.sha256,
      textSha256,
      bytes: encoder.encode(text).length,
      defect,
    };
    await appendRoundEvent(tx, input.departmentId, "round.proof-restored", round.id, {
      version,
      sha256: stored.sha256,
      replaces,
      reason: input.reason,
    });
    return { roundId: round.id, version, sha256: stored.sha256, bytes: stored.bytes, replaces };
  });
}

const sha256Hex = (text: string): string => {
  const d = sha256Stream();
  d.update(encoder.encode(text));
  return toHex(d.digest());
};

/** What is wrong with a stored proof text, in plain words; null when it is a valid signed bundle. */
function describeDefect(text: string): string | null {
  let parsed: ProofBundle;
  try {
    parsed = JSON.parse(text) as ProofBundle;
  } catch (e) {
    return `the stored text is not valid JSON (${(e as Error).message.slice(0, 200)})`;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return "the stored text is not a JSON object";
  try {
    if (toHex(jcsSha256(parsed)) !== sha256Hex(text))
      return "the stored text is not canonical JSON (RFC 8785)";
    if (!verifyProofSignature(parsed)) return "the stored bundle's signature does not verify";
  } catch (e) {
    return `the stored bundle cannot be checked (${(e as Error).message.slice(0, 200)})`;
  }
  return null;
}

/**
 * The bundle the newest version should be: the draw's inputs and drawn rows as persisted,
 * teams replayed by the engine with every substitution record in order (as substitute()
 * does for each new version).
 */
export async function rebuildProof(db: Db, round: RoundRow, key: SigningKey): Promise<ProofBundle> {
  const commitment = JSON.parse(round.commitment as string) as Commitment;
  const contributors = await db
    .select()
    .from(roundContributors)
    .where(eq(roundContributors.roundId, round.id))
    .orderBy(asc(roundContributors.position));
  const reveals: Reveal[] = contributors.map((c) => ({
    name: c.name,
    nonce: c.nonce as string,
    revealedAt: utcSeconds(c.revealedAt as Date),
  }));
  const beacon = commitment.entropy.beacon ? ((round.beacon as Beacon | null) ?? null) : null;
  // The seed is recomputed from the persisted reveals and beacon: a row changed since the
  // draw must not be signed into a proof.
  const randomness =
    commitment.entropy.beacon && beacon ? verifyBeacon(commitment.entropy.beacon, beacon) : null;
  const seed = computeSeed(
    fromHex(round.commitmentHash as string, 32),
    reveals.map((r) => fromHex(r.nonce)),
    randomness,
  );
  if (toHex(seed) !== round.seed)
    throw new Conflict("the persisted reveals and beacon no longer give the round's seed; not re-signed");
  const selections = await persistedSelections(db, round.id, commitment);
  const subs = await db
    .select()
    .from(roundSubstitutions)
    .where(eq(roundSubstitutions.roundId, round.id))
    .orderBy(asc(roundSubstitutions.seq));
  const pool = round.inspectorPool as InspectorRecord[];
  const conflicts = round.conflictDigests as string[];
  const outcome = roundTeamOutcome({
    commitment,
    seed,
    pool,
    conflicts,
    selections,
    substitutions: subs.map(({ entityId, recused, reason, at }) => ({ entityId, recused, reason, at })),
  });
  return buildSignedProof(
    {
      commitment,
      commitmentHash: round.commitmentHash as string,
      reveals,
      beacon,
      seed: toHex(seed),
      inspectors: pool,
      conflicts,
      selections,
      outcome,
    },
    key,
  );
}

/** Each committed stratum's drawn rows in rank order, as the draw put them in the bundle. */
async function persistedSelections(db: Db, roundId: string, commitment: Commitment) {
  const rows = await db
    .select({
      stratum: roundSelected.stratum,
      id: roundSelected.entityId,
      rank: roundSelected.rank,
      ticket: roundSelected.ticket,
    })
    .from(roundSelected)
    .where(eq(roundSelected.roundId, roundId))
    .orderBy(asc(roundSelected.stratum), asc(roundSelected.rank));
  const byStratum = new Map<string, { id: string; ticket: string }[]>();
  for (const r of rows) {
    const list = byStratum.get(r.stratum) ?? [];
    if (r.rank !== list.length)
      throw new Conflict(`the drawn rows of stratum ${r.stratum} skip rank ${list.length}; not re-signed`);
    list.push({ id: r.id, ticket: r.ticket });
    byStratum.set(r.stratum, list);
  }
  const selections: StratumSelection[] = commitment.eligible.strata.map((s) => {
    const k = sampleSize(s.count, s.rateBp);
    const selected = byStratum.get(s.stratum) ?? [];
    byStratum.delete(s.stratum);
    if (selected.length !== k)
      throw new Conflict(
        `stratum ${s.stratum} has ${selected.length} drawn rows, the commitment implies ${k}; not re-signed`,
      );
    return { stratum: s.stratum, n: s.count, rateBp: s.rateBp, k, selected };
  });
  const stray = [...byStratum.keys()][0];
  if (stray !== undefined) throw new Conflict(`drawn rows of uncommitted stratum ${stray}; not re-signed`);
  return selections;
}

/** The rebuilt final teams must be the round's current (non-recused) assignment rows. */
async function checkAgainstAssignments(db: Db, roundId: string, proof: ProofBundle) {
  const rows = await db
    .select({ entityId: assignments.entityId, inspectorId: assignments.inspectorId })
    .from(assignments)
    .where(and(eq(assignments.roundId, roundId), ne(assignments.status, "recused")))
    .orderBy(asc(assignments.entityId), asc(assignments.slot));
  const teams = new Map<string, string[]>();
  for (const r of rows) {
    const t = teams.get(r.entityId);
    if (t) t.push(r.inspectorId);
    else teams.set(r.entityId, [r.inspectorId]);
  }
  for (const t of proof.finalTeams) {
    const members = teams.get(t.entityId);
    if (members?.join(",") !== t.members.join(","))
      throw new Conflict(
        `the assignments of ${t.entityId} (${members?.join(", ") ?? "none"}) differ from the rebuilt team (${t.members.join(", ")}); not re-signed`,
      );
    teams.delete(t.entityId);
  }
  const extra = [...teams.keys()][0];
  if (extra !== undefined)
    throw new Conflict(`${extra} has assignments but no team in the rebuilt proof; not re-signed`);
}
