/**
 * Row-by-row comparison of a round's stored tables (round_selected, assignments) with its
 * signed proof (signed-draw.ts). Each check returns the first difference in plain words, or
 * null; `assert…` turns a difference into an IntegrityFailure. The proof order decides which
 * difference is "first", so the service and `sortes audit` name the same row.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { integrityFailure, type Mismatch, type SignedDraw } from "./signed-draw.js";

export interface SelectedRow {
  entityId: string;
  stratum: string;
  rank: number;
  ticket: string;
}

export interface AssignmentRow {
  entityId: string;
  inspectorId: string;
  slot: number;
  status: string;
}

const drawnText = (r: { stratum: string; rank: number }) => `drawn (stratum ${r.stratum}, rank ${r.rank})`;

/** One entity's round_selected row (or its absence) against the proof. */
export function selectedRowMismatch(
  signed: SignedDraw | null,
  roundId: string,
  entityId: string,
  row: Omit<SelectedRow, "entityId"> | undefined,
): Mismatch | null {
  const at = (field: string, expected: string, found: string): Mismatch => ({
    roundId,
    table: "round_selected",
    key: `entity ${entityId}`,
    field,
    expected,
    found,
  });
  const exp = signed?.selected.get(entityId);
  if (!exp)
    return row
      ? at("row", signed ? "not drawn" : "no drawn rows (no signed proof yet)", drawnText(row))
      : null;
  if (!row) return at("row", drawnText(exp), "no row");
  if (row.stratum !== exp.stratum) return at("stratum", exp.stratum, row.stratum);
  if (row.rank !== exp.rank) return at("rank", String(exp.rank), String(row.rank));
  if (row.ticket !== exp.ticket) return at("ticket", exp.ticket, row.ticket);
  return null;
}

/** One entity's assignment rows against the proof's final team (and its history for recused rows). */
export function teamMismatch(
  signed: SignedDraw | null,
  roundId: string,
  entityId: string,
  rows: readonly AssignmentRow[],
): Mismatch | null {
  const at = (key: string, field: string, expected: string, found: string): Mismatch => ({
    roundId,
    table: "assignments",
    key: `entity ${entityId} ${key}`,
    field,
    expected,
    found,
  });
  const team = signed?.teams.get(entityId) ?? [];
  const bySlot = new Map<number, AssignmentRow>();
  for (const r of rows) {
    if (r.status === "recused") continue;
    if (bySlot.has(r.slot) || r.slot >= team.length)
      return at(`slot ${r.slot}`, "row", "no other team member in this slot", `inspector ${r.inspectorId}`);
    bySlot.set(r.slot, r);
  }
  for (const [slot, want] of team.entries()) {
    const row = bySlot.get(slot);
    if (!row) return at(`slot ${slot}`, "row", `inspector ${want}`, "no row");
    if (row.inspectorId !== want) return at(`slot ${slot}`, "inspector_id", want, row.inspectorId);
  }
  const history = signed?.everOn.get(entityId);
  for (const r of rows) {
    if (r.status === "recused" && !history?.has(r.inspectorId))
      return at(
        `slot ${r.slot} (recused)`,
        "inspector_id",
        "a member of the team's signed history",
        r.inspectorId,
      );
  }
  return null;
}

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

const group = <T extends { entityId: string }>(rows: readonly T[]) => {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.entityId);
    if (list) list.push(r);
    else out.set(r.entityId, [r]);
  }
  return out;
};

/**
 * The first difference between whole tables and the proof: entities in proof order first,
 * then rows of entities the proof does not draw (by UTF-8 order of the id).
 */
export function firstTableMismatch(
  signed: SignedDraw | null,
  roundId: string,
  selected: readonly SelectedRow[],
  assigned: readonly AssignmentRow[],
): Mismatch | null {
  const sel = new Map(selected.map((r) => [r.entityId, r]));
  const teams = group(assigned);
  const extra = [...new Set([...sel.keys(), ...teams.keys()])]
    .filter((id) => !signed?.selected.has(id))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const id of [...(signed?.order ?? []), ...extra]) {
    const m =
      selectedRowMismatch(signed, roundId, id, sel.get(id)) ??
      teamMismatch(signed, roundId, id, teams.get(id) ?? []);
    if (m) return m;
  }
  return null;
}

export async function assertTablesMatch(
  signed: SignedDraw | null,
  roundId: string,
  selected: readonly SelectedRow[],
  assigned: readonly AssignmentRow[],
) {
  const m = firstTableMismatch(signed, roundId, selected, assigned);
  if (m) throw integrityFailure(m, signed?.version);
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
