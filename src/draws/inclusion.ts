/**
 * sortes-draw/v1 rounds (v2 proofs: eligible-chunks.ts). Inclusion proofs over the stored eligible set without holding it in memory. The RFC 6962
 * audit path of leaf m is the list of roots of the sibling subtrees along its path. Every
 * such range of size ≥ 1024 starts on a multiple of 1024 (a range of size s starts on a
 * multiple of the power of two ≥ s), so its root is built from cached roots of whole
 * 1024-leaf chunks plus at most one partial chunk of leaves; smaller ranges lie inside one
 * chunk. Chunk roots are computed once per round (one streamed pass over the leaf hashes,
 * computed in SQL) and cached: the eligible set never changes after commit.
 * Output equals the engine's merkleInclusionProof (tested).
 */
import { sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { lp, MerkleRootBuilder, merkleNodeHash, TAGS, toHex } from "../draw-engine/index.js";

const CHUNK_BITS = 10;
const CHUNK = 2 ** CHUNK_BITS;
const PAGE = 64 * CHUNK;

/** Sibling ranges [from, to) of leaf `index` in a tree of `size`, deepest first (RFC 6962 PATH order). */
export function siblingRanges(index: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  const walk = (m: number, from: number, to: number): void => {
    const n = to - from;
    if (n <= 1) return;
    let k = 1;
    while (k * 2 < n) k *= 2;
    if (m < k) {
      walk(m, from, from + k);
      out.push([from + k, to]);
    } else {
      walk(m - k, from + k, to);
      out.push([from, from + k]);
    }
  };
  walk(index, 0, size);
  return out;
}

const LEAF_PREFIX_HEX = `00${toHex(lp(TAGS.eligibleLeaf))}`;

/** SQL expression: RFC 6962 leaf hash of an eligible row. */
export const leafHashSql = sql`sha256(decode(${LEAF_PREFIX_HEX}, 'hex')
  || int4send(octet_length(convert_to(stratum, 'UTF8'))) || convert_to(stratum, 'UTF8')
  || int4send(octet_length(convert_to(entity_id, 'UTF8'))) || convert_to(entity_id, 'UTF8'))`;

async function leafHashes(db: Db, roundId: string, from: number, to: number): Promise<Uint8Array[]> {
  const rows = await queryRows<{ h: string }>(
    db,
    sql`select encode(${leafHashSql}, 'hex') as h from round_eligible
        where round_id = ${roundId} and leaf_index >= ${from} and leaf_index < ${to} order by leaf_index`,
  );
  return rows.map((r) => Buffer.from(r.h, "hex"));
}

const chunkCache = new Map<string, Uint8Array[]>();
const CACHE_ROUNDS = 64;

/** Roots of the round's whole 1024-leaf chunks, computed once. */
async function chunkRoots(db: Db, roundId: string, size: number): Promise<Uint8Array[]> {
  const key = `${roundId}:${size}`;
  const hit = chunkCache.get(key);
  if (hit) return hit;
  const roots: Uint8Array[] = [];
  const full = Math.floor(size / CHUNK) * CHUNK;
  for (let from = 0; from < full; from += PAGE) {
    const hashes = await leafHashes(db, roundId, from, Math.min(from + PAGE, full));
    for (let i = 0; i < hashes.length; i += CHUNK) {
      const b = new MerkleRootBuilder();
      for (const h of hashes.slice(i, i + CHUNK)) b.addLeafHash(h);
      roots.push(b.root());
    }
  }
  if (chunkCache.size >= CACHE_ROUNDS) chunkCache.delete(chunkCache.keys().next().value as string);
  chunkCache.set(key, roots);
  return roots;
}

/** RFC 6962 stack builder fed aligned perfect subtrees (height h = 2^h leaves) in order. */
function subtreeRoot(parts: { height: number; hash: Uint8Array }[]): Uint8Array {
  const stack: { height: number; hash: Uint8Array }[] = [];
  for (let node of parts) {
    for (let top = stack.at(-1); top && top.height === node.height; top = stack.at(-1)) {
      stack.pop();
      node = { height: node.height + 1, hash: merkleNodeHash(top.hash, node.hash) };
    }
    stack.push(node);
  }
  let acc = stack.pop()?.hash as Uint8Array;
  for (let top = stack.pop(); top; top = stack.pop()) acc = merkleNodeHash(top.hash, acc);
  return acc;
}

async function rangeRoot(db: Db, roundId: string, size: number, [from, to]: [number, number]) {
  if (to - from < CHUNK) {
    return subtreeRoot((await leafHashes(db, roundId, from, to)).map((hash) => ({ height: 0, hash })));
  }
  const chunks = await chunkRoots(db, roundId, size);
  const wholeEnd = Math.floor(to / CHUNK) * CHUNK;
  const parts = chunks.slice(from / CHUNK, wholeEnd / CHUNK).map((hash) => ({ height: CHUNK_BITS, hash }));
  for (const hash of await leafHashes(db, roundId, wholeEnd, to)) parts.push({ height: 0, hash });
  return subtreeRoot(parts);
}

export async function streamingInclusionProof(
  db: Db,
  roundId: string,
  index: number,
  size: number,
): Promise<string[]> {
  const out: string[] = [];
  for (const range of siblingRanges(index, size)) out.push(toHex(await rangeRoot(db, roundId, size, range)));
  return out;
}
