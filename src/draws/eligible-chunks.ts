/**
 * The sortes-draw/v2 eligible-set commitment in SQL (draw-spec §16.3): PostgreSQL
 * concatenates each 1024-entry chunk's entries lp(stratum) ‖ lp(id) in leaf order
 * and hashes 0x00 ‖ lp(T_eligible_chunk) ‖ entries with sha256() — the whole set
 * never leaves the database. The chunk hashes are stored (round_eligible_chunks)
 * and the root is their RFC 6962 tree, built here. Inclusion proofs read one
 * chunk of rows plus the stored hashes.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import {
  canonicalEntityId,
  canonicalLabel,
  type EligibleChunkInclusionProof,
  fromHex,
  lp,
  MerkleRootBuilder,
  merkleInclusionProof,
  TAGS_V2,
  toHex,
  V2_CHUNK_SIZE,
} from "../draw-engine/index.js";
import { Unprocessable } from "../errors.js";
import { LEAF_ORDER_SQL } from "./eligible.js";

const CHUNK_PREFIX_HEX = `00${toHex(lp(TAGS_V2.eligibleChunk))}`;

/**
 * Stores the chunk leaf hashes of a round's eligible set and returns its v2 root,
 * per-stratum counts and size. Every id must already be canonical (checked in SQL for
 * the plain upper-case alphanumeric ids, in the engine for the rest).
 */
export async function commitEligibleChunks(db: Db, roundId: string) {
  const odd = await queryRows<{ entity_id: string; stratum: string }>(
    db,
    sql`select entity_id, stratum from round_eligible
        where round_id = ${roundId} and (entity_id ~ '[^0-9A-Z]' or length(entity_id) not between 1 and 64)`,
  );
  for (const r of odd) {
    let canonical = false;
    try {
      canonical = canonicalEntityId(r.entity_id) === r.entity_id;
    } catch {}
    if (!canonical)
      throw new Unprocessable(
        `entity id ${JSON.stringify(r.entity_id)} in the roster is not in canonical form`,
      );
  }
  const counts = new Map<string, number>();
  for (const r of await queryRows<{ stratum: string; n: number }>(
    db,
    sql`select stratum, count(*)::int as n from round_eligible where round_id = ${roundId} group by stratum`,
  )) {
    canonicalLabel(r.stratum, "stratum");
    counts.set(r.stratum, Number(r.n));
  }
  let size = 0;
  for (const n of counts.values()) size += n;
  // One index range scan per chunk (no sort of the whole set).
  await db.execute(sql`
    insert into round_eligible_chunks (round_id, chunk, leaf_hash)
    select ${roundId}, c, encode((
             select sha256(decode(${CHUNK_PREFIX_HEX}, 'hex')
                           || string_agg(${LEAF_ORDER_SQL}, ''::bytea order by leaf_index))
             from round_eligible
             where round_id = ${roundId} and leaf_index >= c * ${V2_CHUNK_SIZE}
               and leaf_index < (c + 1) * ${V2_CHUNK_SIZE}), 'hex')
    from generate_series(0, ${Math.ceil(size / V2_CHUNK_SIZE) - 1}) c`);
  const hashes = await readChunkHashes(db, roundId);
  const b = new MerkleRootBuilder();
  for (const h of hashes) b.addLeafHash(h);
  return { root: toHex(b.root()), counts, size };
}

const cachedHashes = new Map<string, Uint8Array[]>();
const CACHED_ROUNDS = 64;

/**
 * The stored chunk leaf hashes of a round, in chunk order. A committed set never changes, so
 * they are kept in memory per round (a few rounds × 32 bytes per 1024 entities) once read.
 */
export async function chunkHashes(db: Db, roundId: string): Promise<Uint8Array[]> {
  const hit = cachedHashes.get(roundId);
  if (hit) return hit;
  const hashes = await readChunkHashes(db, roundId);
  // Empty = not committed yet (or inside the committing transaction): not cached.
  if (hashes.length > 0) {
    if (cachedHashes.size >= CACHED_ROUNDS) cachedHashes.delete(cachedHashes.keys().next().value as string);
    cachedHashes.set(roundId, hashes);
  }
  return hashes;
}

async function readChunkHashes(db: Db, roundId: string): Promise<Uint8Array[]> {
  const rows = await queryRows<{ chunk: number; leaf_hash: string }>(
    db,
    sql`select chunk, leaf_hash from round_eligible_chunks where round_id = ${roundId} order by chunk`,
  );
  return rows.map((r, i) => {
    if (Number(r.chunk) !== i) throw new Error(`round ${roundId}: eligible chunk ${i} is missing`);
    return fromHex(r.leaf_hash, 32);
  });
}

/** v2 inclusion proof of the entity at leaf `index` (draw-spec §16.8). */
export async function chunkInclusionProof(
  db: Db,
  a: { roundId: string; root: string; size: number; index: number; stratum: string; id: string },
): Promise<EligibleChunkInclusionProof> {
  const c = Math.floor(a.index / V2_CHUNK_SIZE);
  const chunk = await queryRows<{ stratum: string; entity_id: string }>(
    db,
    sql`select stratum, entity_id from round_eligible
        where round_id = ${a.roundId} and leaf_index >= ${c * V2_CHUNK_SIZE}
          and leaf_index < ${(c + 1) * V2_CHUNK_SIZE}
        order by leaf_index`,
  );
  const hashes = await chunkHashes(db, a.roundId);
  return {
    algorithm: "sortes-draw/v2",
    root: a.root,
    treeSize: a.size,
    index: a.index,
    stratum: a.stratum,
    id: a.id,
    chunk: chunk.map((r) => ({ stratum: r.stratum, id: r.entity_id })),
    path: merkleInclusionProof(hashes, c).map(toHex),
  };
}
