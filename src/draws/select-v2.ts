/**
 * sortes-draw/v2 selection inside the service (draw-spec §16.4–16.5): the engine draws
 * each stratum's positions from the seed (O(k) hashes), the rows at those leaf indexes
 * are read through the (round_id, leaf_index) index, and the selected entities with
 * their rank and staffing ticket are stored in one statement. Nothing scans the
 * eligible set: a draw costs O(k), not O(N).
 */
import { sql } from "drizzle-orm";
import { intArrayLiteral, textArrayLiteral } from "../db/arrays.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import {
  type CommittedStratum,
  drawStratumPositions,
  type StratumSelection,
  sampleSize,
  staffingTicketHasher,
  toHex,
} from "../draw-engine/index.js";

export async function selectEntitiesInDb(
  db: Db,
  a: {
    roundId: string;
    seed: Uint8Array;
    strata: readonly CommittedStratum[];
    leafRanges: Map<string, [number, number]>;
  },
): Promise<StratumSelection[]> {
  const plans = a.strata.map((s) => {
    const k = sampleSize(s.count, s.rateBp);
    const [start] = a.leafRanges.get(s.stratum) as [number, number];
    const leaves = drawStratumPositions(a.seed, s.stratum, s.count, k).map((p) => start + p);
    return { s, k, leaves };
  });
  const wanted = plans.flatMap((p) => p.leaves);
  const rows = await queryRows<{ leaf_index: number; stratum: string; entity_id: string }>(
    db,
    sql`select leaf_index, stratum, entity_id from round_eligible
        where round_id = ${a.roundId} and leaf_index = any(${intArrayLiteral(wanted)}::int[])`,
  );
  const byLeaf = new Map(rows.map((r) => [Number(r.leaf_index), r]));
  const selections: StratumSelection[] = [];
  const ids: string[] = [];
  const strata: string[] = [];
  const ranks: number[] = [];
  const tickets: string[] = [];
  for (const { s, k, leaves } of plans) {
    const ticketOf = staffingTicketHasher(a.seed, s.stratum);
    const selected = leaves.map((leaf, rank) => {
      const row = byLeaf.get(leaf);
      if (!row || row.stratum !== s.stratum)
        throw new Error(`round ${a.roundId}: leaf ${leaf} is not an entity of stratum ${s.stratum}`);
      const ticket = toHex(ticketOf(row.entity_id));
      ids.push(row.entity_id);
      strata.push(s.stratum);
      ranks.push(rank);
      tickets.push(ticket);
      return { id: row.entity_id, ticket };
    });
    selections.push({ stratum: s.stratum, n: s.count, rateBp: s.rateBp, k, selected });
  }
  if (ids.length > 0) {
    await db.execute(sql`
      insert into round_selected (round_id, stratum, entity_id, rank, ticket)
      select ${a.roundId}, x.stratum, x.entity_id, x.rank, x.ticket
      from unnest(${textArrayLiteral(strata)}::text[], ${textArrayLiteral(ids)}::text[],
                  ${intArrayLiteral(ranks)}::int[], ${textArrayLiteral(tickets)}::text[])
           as x(stratum, entity_id, rank, ticket)`);
  }
  return selections;
}
