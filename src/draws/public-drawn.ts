/**
 * The public drawn list (抽查结果): every drawn entity of a round with its stratum, rank,
 * ticket and current team, a page at a time in proof order. The page is built from the
 * signed proof and served only when the stored rows of its entities say the same, and the
 * tables hold no row the proof lacks (counts; on a difference the whole round is compared to
 * name the first row that differs). `sortes audit` compares this list with the proof too.
 */
import { sql } from "drizzle-orm";
import { textArrayLiteral } from "../db/arrays.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { IntegrityFailure } from "../errors.js";
import type { RoundRow } from "./rounds.js";
import { integrityFailure, signedDraw } from "./signed-draw.js";
import { type AssignmentRow, type SelectedRow, selectedRowMismatch, teamMismatch } from "./signed-index.js";
import { assertTablesMatch, loadRoundTables } from "./table-checks.js";

export interface DrawnPage {
  roundId: string;
  proofVersion: number | null;
  proofSha256: string | null;
  total: number;
  offset: number;
  limit: number;
  items: { entityId: string; stratum: string; rank: number; ticket: string; inspectors: string[] }[];
}

async function storedCounts(db: Db, roundId: string) {
  const [c] = await queryRows<{ selected: number; active: number }>(
    db,
    sql`select (select count(*) from round_selected where round_id = ${roundId})::int as selected,
               (select count(*) from assignments where round_id = ${roundId} and status <> 'recused')::int as active`,
  );
  return { selected: Number(c?.selected ?? 0), active: Number(c?.active ?? 0) };
}

export async function drawnList(
  db: Db,
  round: RoundRow,
  page: { offset: number; limit: number },
): Promise<DrawnPage> {
  const signed = await signedDraw(db, round);
  const ids = signed?.order.slice(page.offset, page.offset + page.limit) ?? [];
  const list = textArrayLiteral(ids);
  const selected = await queryRows<SelectedRow>(
    db,
    sql`select entity_id as "entityId", stratum, rank, ticket from round_selected
        where round_id = ${round.id} and entity_id = any(${list}::text[])`,
  );
  const assigned = await queryRows<AssignmentRow>(
    db,
    sql`select entity_id as "entityId", inspector_id as "inspectorId", slot, status::text as status
        from assignments where round_id = ${round.id} and entity_id = any(${list}::text[])`,
  );
  const sel = new Map(selected.map((r) => [r.entityId, { ...r, rank: Number(r.rank) }]));
  const teams = new Map<string, AssignmentRow[]>();
  for (const r of assigned)
    teams.set(r.entityId, [...(teams.get(r.entityId) ?? []), { ...r, slot: Number(r.slot) }]);
  for (const id of ids) {
    const m =
      selectedRowMismatch(signed, round.id, id, sel.get(id)) ??
      teamMismatch(signed, round.id, id, teams.get(id) ?? []);
    if (m) throw integrityFailure(m, signed?.version, { publicOnly: true, signed });
  }
  // Rows the proof lacks (an entity added to the drawn set, an extra team member) show in the counts.
  const counts = await storedCounts(db, round.id);
  if (counts.selected !== (signed?.order.length ?? 0) || counts.active !== (signed?.activeMembers ?? 0)) {
    const all = await loadRoundTables(db, round.id);
    await assertTablesMatch(signed, round.id, all.selected, all.assigned, { publicOnly: true });
    throw new IntegrityFailure(
      `round ${round.id}: the stored tables hold ${counts.selected} drawn rows and ${counts.active} team members, the signed proof ${signed?.order.length ?? 0} and ${signed?.activeMembers ?? 0}; not served`,
    );
  }
  return {
    roundId: round.id,
    proofVersion: signed?.version ?? null,
    proofSha256: signed?.sha256 ?? null,
    total: signed?.order.length ?? 0,
    offset: page.offset,
    limit: page.limit,
    items: ids.map((id) => {
      const r = signed?.selected.get(id) as { stratum: string; rank: number; ticket: string };
      // Ranks are 1-based on every public surface (draw-spec §7); the proof's list index is rank − 1.
      return { entityId: id, ...r, rank: r.rank + 1, inspectors: [...(signed?.teams.get(id) ?? [])] };
    }),
  };
}
