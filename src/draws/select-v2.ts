/**
 * sortes-draw/v2 selection inside the service (draw-spec §16.4–16.5): the engine draws
 * each stratum's positions from the seed (O(k) hashes); one statement per stratum reads
 * the rows at those leaf indexes through the (round_id, leaf_index) index, computes their
 * staffing tickets with sha256() — the same bytes as the engine's staffingTicketHasher,
 * SHA-256(lp(T_staffing) ‖ lp(seed) ‖ lp(stratum) ‖ lp(id)) — and stores them in
 * round_selected, returning (id, rank, ticket). Nothing scans the eligible set, and the
 * ids never make a round trip: a draw costs O(k), not O(N).
 */
import { sql } from "drizzle-orm";
import { intArrayLiteral } from "../db/arrays.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import {
  type CommittedStratum,
  concatBytes,
  drawStratumPositions,
  lp,
  type StratumSelection,
  sampleSize,
  TAGS_V2,
  toHex,
} from "../draw-engine/index.js";

/** lp(T_staffing) ‖ lp(seed) ‖ lp(stratum), hex: the constant part of a stratum's staffing tickets. */
export function staffingPrefixHex(seed: Uint8Array, stratum: string): string {
  return toHex(concatBytes(lp(TAGS_V2.staffingTicket), lp(seed), lp(stratum)));
}

export async function selectEntitiesInDb(
  db: Db,
  a: {
    roundId: string;
    seed: Uint8Array;
    strata: readonly CommittedStratum[];
    leafRanges: Map<string, [number, number]>;
  },
): Promise<StratumSelection[]> {
  const selections: StratumSelection[] = [];
  for (const s of a.strata) {
    const k = sampleSize(s.count, s.rateBp);
    const [start] = a.leafRanges.get(s.stratum) as [number, number];
    const leaves = drawStratumPositions(a.seed, s.stratum, s.count, k).map((p) => start + p);
    let selected: { id: string; ticket: string }[] = [];
    if (k > 0) {
      const rows = await queryRows<{ entity_id: string; rank: number; ticket: string; stratum: string }>(
        db,
        sql`insert into round_selected (round_id, stratum, entity_id, rank, ticket)
            select ${a.roundId}, e.stratum, e.entity_id, (x.rank - 1)::int,
                   encode(sha256(decode(${staffingPrefixHex(a.seed, s.stratum)}, 'hex')
                     || int4send(octet_length(convert_to(e.entity_id, 'UTF8'))) || convert_to(e.entity_id, 'UTF8')), 'hex')
            from unnest(${intArrayLiteral(leaves)}::int[]) with ordinality as x(leaf, rank)
            join round_eligible e on e.round_id = ${a.roundId} and e.leaf_index = x.leaf
            returning entity_id, rank, ticket, stratum`,
      );
      if (rows.length !== k || rows.some((r) => r.stratum !== s.stratum))
        throw new Error(`round ${a.roundId}: the drawn leaves of stratum ${s.stratum} are not its rows`);
      selected = new Array(k);
      for (const r of rows) selected[Number(r.rank)] = { id: r.entity_id, ticket: r.ticket };
    }
    selections.push({ stratum: s.stratum, n: s.count, rateBp: s.rateBp, k, selected });
  }
  return selections;
}
