/**
 * A round's stored tables (round_selected, assignments) against its signed proof: the
 * comparisons are in signed-index.ts (shared with `sortes audit`); here a difference becomes
 * an IntegrityFailure, and the whole tables are read when a page's counts disagree.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { integrityFailure, type SignedDraw } from "./signed-draw.js";
import {
  type AssignmentRow,
  firstTableMismatch,
  type SelectedRow,
  selectedRowMismatch,
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
