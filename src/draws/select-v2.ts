/**
 * sortes-draw/v2 selection inside the service (draw-spec §16.4–16.5). The engine draws
 * each stratum's positions from the seed (O(k) hashes); the ids at those leaf indexes are
 * read in ascending leaf order (one index probe each, neighbouring pages together — the
 * commit writes rows in leaf order) and the staffing tickets are computed here for the
 * teams. round_selected is then written by one statement per stratum that reads the same
 * leaves again and computes the same tickets with sha256() (tested equal to the engine's),
 * sent at once and left running: the caller computes the teams while PostgreSQL writes.
 * Nothing scans the eligible set, and no id or ticket is sent back to the database.
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
  staffingTicketHasher,
  TAGS_V2,
  toHex,
} from "../draw-engine/index.js";
import { ticketSql } from "./tickets-sql.js";

/** lp(T_staffing) ‖ lp(seed) ‖ lp(stratum), hex: the constant part of a stratum's staffing tickets. */
export function staffingPrefixHex(seed: Uint8Array, stratum: string): string {
  return toHex(concatBytes(lp(TAGS_V2.staffingTicket), lp(seed), lp(stratum)));
}

/** A stratum's drawn leaves in ascending order, with the rank (0-based) of each. */
function sortedDraw(seed: Uint8Array, s: CommittedStratum, start: number) {
  const positions = drawStratumPositions(seed, s.stratum, s.count, sampleSize(s.count, s.rateBp));
  const order = Int32Array.from(positions.keys()).sort((a, b) => positions[a]! - positions[b]!);
  return {
    leaves: Array.from(order, (r) => start + positions[r]!),
    ranks: Array.from(order),
  };
}

/**
 * Returns the selections and `stored`, the pending inserts into round_selected (already
 * sent); the caller must await it before its transaction ends.
 */
export async function selectEntitiesInDb(
  db: Db,
  a: {
    roundId: string;
    /** The round's department (the lead's in a joint round): round_selected's partition key. */
    departmentId: string;
    seed: Uint8Array;
    strata: readonly CommittedStratum[];
    leafRanges: Map<string, [number, number]>;
  },
): Promise<{ selections: StratumSelection[]; stored: Promise<void> }> {
  const selections: StratumSelection[] = [];
  const drawn: { s: CommittedStratum; leafArray: string; ranks: number[] }[] = [];
  for (const s of a.strata) {
    const [start] = a.leafRanges.get(s.stratum) as [number, number];
    const { leaves, ranks } = sortedDraw(a.seed, s, start);
    const k = leaves.length;
    const selected: { id: string; ticket: string }[] = new Array(k);
    if (k > 0) {
      const leafArray = intArrayLiteral(leaves);
      const rows = await queryRows<{ id: string | null }>(
        db,
        sql`select (select e.entity_id from round_eligible e
                    where e.round_id = ${a.roundId} and e.leaf_index = x.leaf) as id
            from unnest(${leafArray}::int[]) with ordinality as x(leaf, ord) order by x.ord`,
      );
      // Every drawn leaf lies in the stratum's range, checked against the stored rows (checkLeafRanges).
      if (rows.length !== k || rows.some((r) => r.id === null))
        throw new Error(`round ${a.roundId}: a drawn leaf of stratum ${s.stratum} has no row`);
      const ticketOf = staffingTicketHasher(a.seed, s.stratum);
      for (let i = 0; i < k; i++) {
        const id = rows[i]!.id as string;
        selected[ranks[i]!] = { id, ticket: toHex(ticketOf(id)) };
      }
      drawn.push({ s, leafArray, ranks });
    }
    selections.push({ stratum: s.stratum, n: s.count, rateBp: s.rateBp, k, selected });
  }
  // All reads are done: the writes queue on the connection and run while the caller computes.
  const inserts = drawn.map(({ s, leafArray, ranks }) =>
    startNow(
      db.execute(sql`
        insert into round_selected (department_id, round_id, stratum, entity_id, rank, ticket)
        select ${a.departmentId}::uuid, ${a.roundId}, ${s.stratum}, e.entity_id, x.rank,
               encode(${ticketSql(staffingPrefixHex(a.seed, s.stratum), sql.raw("e.entity_id"))}, 'hex')
        from unnest(${leafArray}::int[], ${intArrayLiteral(ranks)}::int[]) as x(leaf, rank)
        join lateral (select entity_id from round_eligible
                      where round_id = ${a.roundId} and leaf_index = x.leaf) e on true`),
    ),
  );
  return { selections, stored: startNow(Promise.all(inserts)) };
}

/**
 * Starts a lazy query (drizzle's query promises run when awaited) and returns a plain
 * promise of its completion, so that it runs while the caller computes.
 */
export function startNow(query: PromiseLike<unknown>): Promise<void> {
  const p = Promise.resolve(query).then(() => undefined);
  // Handled when the caller awaits it; this only keeps an early failure from being "unhandled".
  p.catch(() => {});
  return p;
}
