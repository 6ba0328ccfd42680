/**
 * Inclusion proofs over the stored eligible set without holding it in memory: the RFC 6962
 * audit path of leaf m is the list of roots of the sibling subtrees along its path, so one
 * ordered pass over the leaf hashes (computed in SQL) feeding one streaming root builder per
 * sibling range yields the path. Output equals the engine's merkleInclusionProof.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { lp, MerkleRootBuilder, TAGS, toHex } from "../draw-engine/index.js";

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

const PAGE = 50000;

export async function streamingInclusionProof(
  db: Db,
  roundId: string,
  index: number,
  size: number,
): Promise<string[]> {
  const ranges = siblingRanges(index, size);
  const builders = ranges.map(() => new MerkleRootBuilder());
  for (let from = 0; from < size; from += PAGE) {
    const rows = await queryRows<{ i: number; h: string }>(
      db,
      sql`select leaf_index as i, encode(${leafHashSql}, 'hex') as h from round_eligible
          where round_id = ${roundId} and leaf_index >= ${from} and leaf_index < ${from + PAGE}
          order by leaf_index`,
    );
    for (const r of rows) {
      const j = ranges.findIndex(([a, b]) => r.i >= a && r.i < b);
      if (j >= 0) builders[j]?.addLeafHash(Buffer.from(r.h, "hex"));
    }
  }
  return builders.map((b) => toHex(b.root()));
}
