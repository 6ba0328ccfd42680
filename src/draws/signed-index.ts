/**
 * What a round's signed proof says was drawn, as lookup tables, and the row-by-row comparison
 * of stored or served rows with it (issue #11, item 5). Pure: the service (signed-draw.ts,
 * table-checks.ts) and `sortes audit` share it, so both name the same first differing row.
 */
import { compareUtf8, type ProofBundle } from "../draw-engine/index.js";

export interface SignedRow {
  stratum: string;
  /** 0-based position in the stratum's `selected` list (round_selected.rank). */
  rank: number;
  ticket: string;
}

export interface SignedDraw {
  roundId: string;
  version: number;
  sha256: string;
  /** Drawn entities in proof order (committed strata order, then rank). */
  order: string[];
  selected: Map<string, SignedRow>;
  /** Final teams (after substitutions), members in slot order. */
  teams: Map<string, readonly string[]>;
  /** Every inspector ever on an entity's team: initial members and substitutes. */
  everOn: Map<string, Set<string>>;
  /** Members of all final teams (the number of non-recused assignment rows). */
  activeMembers: number;
}

/** Where a stored row disagrees with the signed proof or the ledger, in plain words. */
export interface Mismatch {
  roundId: string;
  table: string;
  key: string;
  field: string;
  expected: string;
  found: string;
}

/** Lookup tables of a parsed bundle (also used by `sortes audit` on a downloaded proof). */
export function indexOf(
  roundId: string,
  v: { version: number; sha256: string },
  proof: ProofBundle,
): SignedDraw {
  const order: string[] = [];
  const selected = new Map<string, SignedRow>();
  for (const s of proof.selections) {
    s.selected.forEach((e, rank) => {
      order.push(e.id);
      selected.set(e.id, { stratum: s.stratum, rank, ticket: e.ticket });
    });
  }
  const teams = new Map<string, readonly string[]>();
  let activeMembers = 0;
  for (const t of proof.finalTeams) {
    teams.set(t.entityId, t.members);
    activeMembers += t.members.length;
  }
  const everOn = new Map<string, Set<string>>();
  const add = (entity: string, inspector: string | null) => {
    if (inspector === null) return;
    const set = everOn.get(entity) ?? new Set<string>();
    set.add(inspector);
    everOn.set(entity, set);
  };
  for (const t of proof.teams) for (const m of t.members) add(t.entityId, m);
  for (const s of proof.substitutions) add(s.entityId, s.substitute);
  return { roundId, version: v.version, sha256: v.sha256, order, selected, teams, everOn, activeMembers };
}

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
    .sort(compareUtf8);
  for (const id of [...(signed?.order ?? []), ...extra]) {
    const m =
      selectedRowMismatch(signed, roundId, id, sel.get(id)) ??
      teamMismatch(signed, roundId, id, teams.get(id) ?? []);
    if (m) return m;
  }
  return null;
}
