/**
 * sortes-draw/v1 rounds (v2: select-v2.ts). Entity tickets computed inside PostgreSQL (draw-spec §6.2): the same bytes as the
 * engine's entityTicket, SHA-256(lp(tag) ‖ lp(seed) ‖ lp(stratum) ‖ lp(id)), with the
 * constant prefix computed once in TypeScript and the id part in SQL. Selection is
 * ORDER BY ticket, id bytes LIMIT k, so the eligible set never leaves the database.
 */
import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { compareBytes, concatBytes, lp, TAGS, toHex } from "../draw-engine/index.js";

/** lp(T_entity) ‖ lp(seed) ‖ lp(stratum), hex. */
export function ticketPrefixHex(seed: Uint8Array, stratum: string): string {
  return toHex(concatBytes(lp(TAGS.entityTicket), lp(seed), lp(stratum)));
}

/**
 * SQL expression SHA-256(prefix ‖ lp(id)) for an id column (default `entity_id`): the v1 entity
 * ticket, and with the v2 prefix the staffing ticket (select-v2.ts).
 */
export function ticketSql(prefixHex: string, id: SQL = sql.raw("entity_id")) {
  return sql`sha256(decode(${prefixHex}, 'hex') || int4send(octet_length(convert_to(${id}, 'UTF8'))) || convert_to(${id}, 'UTF8'))`;
}

export interface SelectedRow {
  stratum: string;
  entity_id: string;
  rank: number;
  ticket: string;
}

/**
 * Leaf order sorts by lp(stratum) first, so each stratum is one contiguous leaf_index
 * range: [start, start + count) in the order of the strata's lp bytes. Scanning that range
 * through the (round_id, leaf_index) index reads only the stratum's own rows.
 */
export function stratumLeafRanges(
  strata: readonly { stratum: string; count: number }[],
): Map<string, [number, number]> {
  const ordered = [...strata].sort((x, y) => compareBytes(lp(x.stratum), lp(y.stratum)));
  const out = new Map<string, [number, number]>();
  let start = 0;
  for (const s of ordered) {
    out.set(s.stratum, [start, start + s.count]);
    start += s.count;
  }
  return out;
}

/**
 * Checks the ranges against the stored rows: the first and last row of each range carry
 * its stratum and the last leaf is N − 1. Rows are grouped by stratum in leaf order, so
 * this proves every range holds exactly its stratum's rows.
 */
export async function checkLeafRanges(
  db: Db,
  roundId: string,
  ranges: Map<string, [number, number]>,
): Promise<void> {
  const probes: { i: number; s: string }[] = [];
  let n = 0;
  for (const [s, [lo, hi]] of ranges) {
    if (hi > lo) probes.push({ i: lo, s }, { i: hi - 1, s });
    n = Math.max(n, hi);
  }
  const rows = await queryRows<{ i: number; s: string; ok: boolean }>(
    db,
    sql`select p.i, p.s, e.stratum = p.s as ok
        from jsonb_to_recordset(${JSON.stringify(probes)}::jsonb) as p(i int, s text)
        left join round_eligible e on e.round_id = ${roundId} and e.leaf_index = p.i`,
  );
  const [last] = await queryRows<{ m: number | null }>(
    db,
    sql`select max(leaf_index) as m from round_eligible where round_id = ${roundId}`,
  );
  if (rows.some((r) => !r.ok) || Number(last?.m ?? -1) !== n - 1) {
    throw new Error(`round ${roundId}: stored eligible rows do not match the committed strata counts`);
  }
}

/**
 * Selects the k smallest (ticket, id bytes) of one stratum and stores them in
 * round_selected, returning them in rank order.
 */
export async function selectStratumInSql(
  db: Db,
  a: {
    roundId: string;
    departmentId: string;
    seed: Uint8Array;
    stratum: string;
    k: number;
    leafRange: [number, number];
  },
): Promise<SelectedRow[]> {
  if (a.k === 0) return [];
  const t = ticketSql(ticketPrefixHex(a.seed, a.stratum));
  const rows = await queryRows<SelectedRow>(
    db,
    sql`insert into round_selected (department_id, round_id, stratum, entity_id, rank, ticket)
        select ${a.departmentId}::uuid, ${a.roundId}, ${a.stratum}, entity_id,
               (row_number() over (order by t, convert_to(entity_id, 'UTF8')) - 1)::int, encode(t, 'hex')
        from (select entity_id, ${t} as t from round_eligible
              where round_id = ${a.roundId} and leaf_index >= ${a.leafRange[0]} and leaf_index < ${a.leafRange[1]}
                and stratum = ${a.stratum}
              order by t, convert_to(entity_id, 'UTF8') limit ${a.k}) s
        returning stratum, entity_id, rank, ticket`,
  );
  return rows.map((r) => ({ ...r, rank: Number(r.rank) })).sort((x, y) => x.rank - y.rank);
}

/** Tickets of given ids computed by SQL (for the SQL-vs-engine test). */
export async function sqlTickets(
  db: Db,
  seed: Uint8Array,
  stratum: string,
  ids: string[],
): Promise<string[]> {
  const t = ticketSql(ticketPrefixHex(seed, stratum));
  const rows = await queryRows<{ n: number; ticket: string }>(
    db,
    sql`select n, encode(${t}, 'hex') as ticket
        from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) with ordinality as x(entity_id, n)
        order by n`,
  );
  return rows.map((r) => r.ticket);
}
