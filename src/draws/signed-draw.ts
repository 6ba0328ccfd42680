/**
 * What a round's signed proof says was drawn, as lookup tables (signed-index.ts) for the
 * public read paths (issue #11, item 5). round_selected and assignments are copies the service keeps for
 * queries; the signed proof is what anyone can verify, and the ledger's `round.proof` entry
 * pins its digest. Before a drawn row or a team is served it is checked against this index,
 * so a row edited behind the service's back is reported (IntegrityFailure), never shown.
 *
 * The index is built once per (round, proof version): the stored text is digested and
 * compared with the ledger's pin, parsed, its signature checked, and only the drawn rows and
 * teams are kept. Cold cost is one parse and one signature check of the bundle (measured:
 * 0.7 s for a 2.4 MB bundle of 6 240 drawn on a loaded 2-core machine); warm, one indexed
 * read of the newest version per call.
 */
import { createHash } from "node:crypto";
import type { Db } from "../db/types.js";
import { type ProofBundle, verifyProofSignature } from "../draw-engine/index.js";
import { IntegrityFailure, NotFound } from "../errors.js";
import { canonicalJson, leafHashHex, sha256Hex } from "../ledger/canonical.js";
import { findLedgerEntries } from "../ledger/log.js";
import { proofText, proofVersion } from "./proofs.js";
import { indexOf, type Mismatch, type SignedDraw } from "./signed-index.js";

export type { Mismatch, SignedDraw };

/**
 * The problem for a row that differs. With `publicOnly`, a row of an entity the proof does
 * not draw is described without its id (unsigned data, perhaps an entity that must never be
 * named in public, RULES §7); the error keeps the whole mismatch in `unredacted` for the log.
 */
export function integrityFailure(
  m: Mismatch,
  version?: number,
  o: { publicOnly?: boolean; signed?: SignedDraw | null; source?: string } = {},
): IntegrityFailure {
  const entity = /^entity (\S+)/.exec(m.key)?.[1];
  const hide = o.publicOnly && entity !== undefined && !o.signed?.selected.has(entity);
  const shown: Mismatch = hide
    ? {
        ...m,
        key: m.key.replace(
          `entity ${entity}`,
          "of an entity the signed proof does not draw (id in the server log)",
        ),
        found: m.found.replaceAll(entity, "…"),
      }
    : m;
  const source =
    o.source ??
    (version === undefined ? "the round has no signed proof, so" : `signed proof version ${version} says`);
  const err = new IntegrityFailure(
    `round ${m.roundId}: table ${shown.table}, row ${shown.key}: ${shown.field} is ${shown.found}, but ${source} ${shown.expected}; not served`,
    [
      {
        field: `${shown.table}[${shown.key}].${shown.field}`,
        reason: `expected ${shown.expected}, found ${shown.found}`,
      },
    ],
    { integrity: { ...shown, proofVersion: version ?? null } },
  );
  if (hide) Object.assign(err, { unredacted: m });
  return err;
}

const CACHE_ROUNDS = 16;
const cache = new Map<string, SignedDraw>();
const loading = new Map<string, Promise<SignedDraw>>();

/**
 * The newest signed proof of a round as lookup tables; null when the round has no proof
 * (not drawn yet, or failed). Throws IntegrityFailure when the stored proof is not the one
 * the ledger pins, does not parse, or is not validly signed.
 */
export async function signedDraw(
  db: Db,
  round: { id: string; departmentId: string },
): Promise<SignedDraw | null> {
  let v: { version: number; sha256: string };
  try {
    v = await proofVersion(db, round.id);
  } catch (e) {
    if (e instanceof NotFound) return null;
    throw e;
  }
  const hit = cache.get(round.id);
  if (hit && hit.version === v.version && hit.sha256 === v.sha256) return hit;
  const key = `${round.id}:${v.version}:${v.sha256}`;
  let p = loading.get(key);
  if (!p) {
    p = buildIndex(db, round, v).finally(() => loading.delete(key));
    loading.set(key, p);
  }
  const built = await p;
  cache.delete(round.id);
  if (cache.size >= CACHE_ROUNDS) cache.delete(cache.keys().next().value as string);
  cache.set(round.id, built);
  return built;
}

/** The digest the ledger's `round.proof` entry pins for this version (entry checked against its leaf). */
async function pinnedDigest(db: Db, round: { id: string; departmentId: string }, version: number) {
  const fail = (field: string, expected: string, found: string) =>
    integrityFailure(
      {
        roundId: round.id,
        table: "ledger_entries",
        key: `round.proof v${version}`,
        field,
        expected,
        found,
      },
      version,
      { source: "the ledger expects" },
    );
  const entries = await findLedgerEntries(db, round.departmentId, "round.proof", round.id);
  const entry = entries.find((e) => (e.content as { version?: number } | null)?.version === version);
  if (!entry) throw fail("entry", `a round.proof entry for version ${version}`, "none");
  const leafHash = leafHashHex(canonicalJson(entry.leaf, "leaf"));
  if (leafHash !== entry.leafHash) throw fail("leaf_hash", leafHash, entry.leafHash);
  const contentHash = sha256Hex(canonicalJson(entry.content));
  if (contentHash !== entry.leaf.contentHash) throw fail("content", entry.leaf.contentHash, contentHash);
  return entry.content as { sha256: string; signature: string; publicKey: string };
}

async function buildIndex(
  db: Db,
  round: { id: string; departmentId: string },
  v: { version: number; sha256: string },
): Promise<SignedDraw> {
  const fail = (field: string, expected: string, found: string) =>
    integrityFailure(
      {
        roundId: round.id,
        table: "round_proof_parts",
        key: `version ${v.version}`,
        field,
        expected,
        found,
      },
      v.version,
      { source: "the ledger's round.proof entry expects" },
    );
  const pinned = await pinnedDigest(db, round, v.version);
  const text = await proofText(db, round.id, v.version);
  const digest = createHash("sha256").update(text, "utf8").digest("hex");
  if (digest !== pinned.sha256) throw fail("text (SHA-256)", pinned.sha256, digest);
  let proof: ProofBundle;
  try {
    proof = JSON.parse(text) as ProofBundle;
  } catch {
    throw fail(
      "text",
      "the bundle's canonical JSON",
      "text that does not parse (an admin can re-store the proof)",
    );
  }
  if (proof.signature !== pinned.signature || proof.publicKey !== pinned.publicKey)
    throw fail(
      "signature",
      `the ledgered signature ${pinned.signature.slice(0, 16)}…`,
      `${proof.signature?.slice(0, 16)}…`,
    );
  if (!verifyProofSignature(proof))
    throw fail("signature", "a valid Ed25519 signature", "one that does not verify");
  return indexOf(round.id, v, proof);
}
