/**
 * Tree heads and proofs over a department's log, using the draw engine's RFC 6962/9162
 * Merkle functions. Proofs are computed from the stored leaf hashes read in index order:
 * O(n) reads and hashes per request, fine up to a few hundred thousand leaves per log.
 */
import { and, asc, desc, eq, lt } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import { fromHex, toHex } from "../draw-engine/bytes.js";
import { MerkleRootBuilder, merkleConsistencyProof, merkleInclusionProof } from "../draw-engine/merkle.js";
import { Conflict, Invalid, NotFound } from "../errors.js";
import { type SignedTreeHead, type TreeHead, treeHeadMessage } from "./canonical.js";
import { type OriginConfig, storeCheckpoint } from "./checkpoints.js";
import { getSigningKey, signBytes } from "./keys.js";
import { ledgerEntries, ledgerTreeHeads } from "./schema.js";

/** Leaf hashes of the first `size` entries (all when omitted), in index order. */
export async function leafHashes(db: Db, departmentId: string, size?: number): Promise<Uint8Array[]> {
  const where =
    size === undefined
      ? eq(ledgerEntries.departmentId, departmentId)
      : and(eq(ledgerEntries.departmentId, departmentId), lt(ledgerEntries.index, size));
  const rows = await db
    .select({ leafHash: ledgerEntries.leafHash })
    .from(ledgerEntries)
    .where(where)
    .orderBy(asc(ledgerEntries.index));
  return rows.map((r) => fromHex(r.leafHash, 32));
}

function sizeCheck(size: number, current: number, what: string) {
  if (size > current) throw new NotFound(`${what} ${size} exceeds the log's size ${current}`);
}

/** Signs a tree head over the whole log as it is now and stores it, with its C2SP checkpoint. */
export async function createTreeHead(
  db: Db,
  config: Pick<Config, "SIGNING_KEY_HEX"> & OriginConfig,
  departmentId: string,
  now = new Date(),
): Promise<SignedTreeHead> {
  const key = await getSigningKey(db, config);
  const hashes = await leafHashes(db, departmentId);
  const prev = await latestTreeHead(db, departmentId);
  // Never sign a head that does not extend the last one: if stored leaves were altered the
  // service refuses, and the cron job keeps failing loudly until someone investigates.
  const builder = new MerkleRootBuilder();
  let prefixRoot = prev?.sth.treeSize === 0 ? toHex(builder.root()) : null;
  for (const h of hashes) {
    builder.addLeafHash(h);
    if (builder.size === prev?.sth.treeSize) prefixRoot = toHex(builder.root());
  }
  if (prev && prefixRoot !== prev.sth.rootHash) {
    throw new Conflict(
      `the log no longer matches its signed tree head of size ${prev.sth.treeSize}; refusing to sign (see GET /ledger/verify)`,
    );
  }
  const sth: TreeHead = {
    type: "sortes/sth/v1",
    log: departmentId,
    treeSize: hashes.length,
    rootHash: toHex(builder.root()),
    timestamp: now.getTime(),
    keyId: key.keyId,
  };
  const signature = signBytes(key, treeHeadMessage(sth));
  // The C2SP checkpoint of the same size and root lands with the head or not at all.
  await db.transaction(async (tx) => {
    await tx.insert(ledgerTreeHeads).values({
      departmentId,
      treeSize: sth.treeSize,
      rootHash: sth.rootHash,
      timestamp: sth.timestamp,
      keyId: sth.keyId,
      signature,
    });
    await storeCheckpoint(tx, config, key, sth);
  });
  return { sth, signature };
}

type HeadRow = typeof ledgerTreeHeads.$inferSelect;

export function headView(row: HeadRow): SignedTreeHead {
  return {
    sth: {
      type: "sortes/sth/v1",
      log: row.departmentId,
      treeSize: row.treeSize,
      rootHash: row.rootHash,
      timestamp: row.timestamp,
      keyId: row.keyId,
    },
    signature: row.signature,
  };
}

export async function latestTreeHead(db: Db, departmentId: string): Promise<SignedTreeHead | null> {
  const [row] = await db
    .select()
    .from(ledgerTreeHeads)
    .where(eq(ledgerTreeHeads.departmentId, departmentId))
    .orderBy(desc(ledgerTreeHeads.treeSize), desc(ledgerTreeHeads.timestamp))
    .limit(1);
  return row ? headView(row) : null;
}

export async function allTreeHeads(db: Db, departmentId: string): Promise<HeadRow[]> {
  return db
    .select()
    .from(ledgerTreeHeads)
    .where(eq(ledgerTreeHeads.departmentId, departmentId))
    .orderBy(asc(ledgerTreeHeads.treeSize), asc(ledgerTreeHeads.timestamp));
}

/** RFC 9162 inclusion proof of the leaf with hash `leafHash` in the tree of size `treeSize`. */
export async function inclusionProof(
  db: Db,
  departmentId: string,
  input: { leafHash: string; treeSize: number },
) {
  const [row] = await db
    .select({ index: ledgerEntries.index })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.departmentId, departmentId), eq(ledgerEntries.leafHash, input.leafHash)));
  if (!row) throw new NotFound(`no leaf ${input.leafHash} in this log`);
  const hashes = await leafHashes(db, departmentId, input.treeSize);
  sizeCheck(input.treeSize, hashes.length, "tree size");
  if (row.index >= input.treeSize) {
    throw new Invalid(`leaf ${row.index} is not in the tree of size ${input.treeSize}`, [
      { field: "size", reason: `must exceed ${row.index}` },
    ]);
  }
  return {
    leafHash: input.leafHash,
    index: row.index,
    treeSize: input.treeSize,
    proof: merkleInclusionProof(hashes, row.index).map(toHex),
  };
}

/** RFC 9162 consistency proof between tree sizes `from` ≤ `to`. */
export async function consistencyProof(db: Db, departmentId: string, input: { from: number; to: number }) {
  if (input.from > input.to)
    throw new Invalid("from must not exceed to", [{ field: "from", reason: `> to (${input.to})` }]);
  const hashes = await leafHashes(db, departmentId, input.to);
  sizeCheck(input.to, hashes.length, "tree size");
  return { from: input.from, to: input.to, proof: merkleConsistencyProof(hashes, input.from).map(toHex) };
}
