/**
 * A round's stored tables (round_selected, assignments) against its signed proof: the
 * comparisons are in signed-index.ts (shared with `sortes audit`); here a difference becomes
 * an IntegrityFailure, and the whole tables are read when a page's counts disagree.
 */
import { sql } from "drizzle-orm";
import { textArrayLiteral } from "../db/arrays.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { IntegrityFailure } from "../errors.js";
import { integrityFailure, type SignedDraw } from "./signed-draw.js";
import {
  type AssignmentRow,
  firstTableMismatch,
  type SelectedRow,
  selectedRowMismatch,
  teamMismatch,
} from "./signed-index.js";

export type { AssignmentRow, SelectedRow };

/** Throws when the entity's stored row disagrees with the proof. */
export function assertSelectedRow(
  signed: SignedDraw | null,
  roundId: string,
  entityId: string,
  row: Omit<SelectedRow, "entityId"> | undefined,
) {
  const m = selectedRowMismatch(signed, roundId, entityId, row);
  if (m) throw integrityFailure(m, signed?.version);
}

export async function assertTablesMatch(
  signed: SignedDraw | null,
  roundId: string,
  selected: readonly SelectedRow[],
  assigned: readonly AssignmentRow[],
  o: { publicOnly?: boolean } = {},
) {
  const m = firstTableMismatch(signed, roundId, selected, assigned);
  if (m) throw integrityFailure(m, signed?.version, { ...o, signed });
}

/** Every round_selected and assignment row of a round (the slow path, run when counts disagree). */
export async function loadRoundTables(db: Db, roundId: string) {
  const selected = await queryRows<SelectedRow>(
    db,
    sql`select entity_id as "entityId", stratum, rank, ticket from round_selected where round_id = ${roundId}`,
  );
  const assigned = await queryRows<AssignmentRow>(
    db,
    sql`select entity_id as "entityId", inspector_id as "inspectorId", slot, status::text as status
        from assignments where round_id = ${roundId}`,
  );
  return {
    selected: selected.map((r) => ({ ...r, rank: Number(r.rank) })),
    assigned: assigned.map((r) => ({ ...r, slot: Number(r.slot) })),
  };
}

async function storedCounts(db: Db, roundId: string) {
  const [c] = await queryRows<{ selected: number; active: number }>(
    db,
    sql`select (select count(*) from round_selected where round_id = ${roundId})::int as selected,
               (select count(*) from assignments where round_id = ${roundId} and status <> 'recused')::int as active`,
  );
  return { selected: Number(c?.selected ?? 0), active: Number(c?.active ?? 0) };
}

/**
 * The rows of the given entities (a page of the drawn list or the board) against the proof,
 * then the tables' row counts: a row the proof lacks (an entity added to the drawn set, an
 * extra team member) shows there even outside the page, and only then is the whole round
 * read to name it. Cost: two indexed reads for the page and two counts, not the whole round.
 */
export async function assertEntitiesMatch(
  db: Db,
  roundId: string,
  signed: SignedDraw | null,
  ids: readonly string[],
  o: { publicOnly?: boolean } = {},
) {
  const list = textArrayLiteral(ids);
  const selected = await queryRows<SelectedRow>(
    db,
    sql`select entity_id as "entityId", stratum, rank, ticket from round_selected
        where round_id = ${roundId} and entity_id = any(${list}::text[])`,
  );
  const assigned = await queryRows<AssignmentRow>(
    db,
    sql`select entity_id as "entityId", inspector_id as "inspectorId", slot, status::text as status
        from assignments where round_id = ${roundId} and entity_id = any(${list}::text[])`,
  );
  const sel = new Map(selected.map((r) => [r.entityId, { ...r, rank: Number(r.rank) }]));
  const teams = new Map<string, AssignmentRow[]>();
  for (const r of assigned)
    teams.set(r.entityId, [...(teams.get(r.entityId) ?? []), { ...r, slot: Number(r.slot) }]);
  for (const id of ids) {
    const m =
      selectedRowMismatch(signed, roundId, id, sel.get(id)) ??
      teamMismatch(signed, roundId, id, teams.get(id) ?? []);
    if (m) throw integrityFailure(m, signed?.version, { ...o, signed });
  }
  const counts = await storedCounts(db, roundId);
  if (counts.selected !== (signed?.order.length ?? 0) || counts.active !== (signed?.activeMembers ?? 0)) {
    const all = await loadRoundTables(db, roundId);
    await assertTablesMatch(signed, roundId, all.selected, all.assigned, o);
    throw new IntegrityFailure(
      `round ${roundId}: the stored tables hold ${counts.selected} drawn rows and ${counts.active} team members, the signed proof ${signed?.order.length ?? 0} and ${signed?.activeMembers ?? 0}; not served`,
    );
  }
}
