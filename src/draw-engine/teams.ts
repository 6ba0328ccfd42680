/**
 * Team assignment and substitution replay (docs/draw-spec.md §9).
 *
 * Entities are staffed in ascending (entity ticket, id bytes) order. For each
 * slot the chosen inspector is the candidate with the smallest
 * (current load, inspector ticket, inspector id bytes); joint rounds fill one
 * slot per listed department first. An entity with too few candidates is
 * reported by name and gets no team (never a smaller one).
 */
import { compareBytes, utf8 } from "./bytes.js";
import { fail } from "./errors.js";
import type { InspectorRecord } from "./leaves.js";
import { ALGORITHM_V2 } from "./tags.js";
import { TeamPool } from "./team-pool.js";
import { TeamPoolV2 } from "./team-pool-v2.js";
import { parseUtcSeconds } from "./time.js";

export interface TeamRules {
  size: number;
  qualification: string;
  window: { from: string; until: string };
  jointDepartments: string[];
}

export interface TeamAssignment {
  stratum: string;
  entityId: string;
  members: string[];
}

export interface InfeasibleTeam {
  stratum: string;
  entityId: string;
  stage: "assignment" | "substitution";
  required: number;
  available: number;
  missingDepartments: string[];
}

export interface SubstitutionInput {
  entityId: string;
  recused: string;
  reason: string;
  at: string;
}

export interface SubstitutionResult extends SubstitutionInput {
  substitute: string | null;
}

/**
 * Outcome of team assignment. `finalTeams` shares the objects of `teams` that no substitution
 * changed (without substitutions it IS `teams`: 300 000 teams are not copied); treat both as
 * read-only, or copy before changing one.
 */
export interface TeamOutcome {
  teams: TeamAssignment[];
  infeasible: InfeasibleTeam[];
  substitutions: SubstitutionResult[];
  finalTeams: TeamAssignment[];
}

/** Inspectors qualified for the matter with a certificate covering the whole window. */
export function qualifiedInspectors(pool: readonly InspectorRecord[], rules: TeamRules): InspectorRecord[] {
  return pool.filter(
    (r) =>
      r.qualifications.includes(rules.qualification) &&
      r.validFrom <= rules.window.from &&
      r.validUntil >= rules.window.until,
  );
}

/**
 * What team assignment needs from a pool; the pick rule is the algorithm's
 * (v1: smallest (load, inspector ticket, id); v2: uniform among the least loaded).
 */
export interface Picker {
  readonly records: InspectorRecord[];
  slotOf(id: string): number | undefined;
  idOf(slot: number): string;
  begin(entityId: string, blockedIds?: Iterable<string>): void;
  block(id: string): void;
  /** `pick` numbers the picks of one entity: slot i of the team is i, substitution #j is size + j. */
  pick(dept: string | null, pick: number): number | null;
  inConflict(slot: number): boolean;
  /** Changes a slot's load by ±1 (loads change only between picks). */
  addLoad(slot: number, delta: 1 | -1): void;
}

/**
 * Fills a team from scratch (joint departments first); null when a slot cannot be filled.
 * The members' pool slots are left in `slots` (no id lookups to update loads).
 */
function staff(pool: Picker, rules: TeamRules, entityId: string, slots: number[] = []): string[] | null {
  pool.begin(entityId);
  slots.length = 0;
  const members: string[] = [];
  for (let i = 0; i < rules.size; i++) {
    const s = pool.pick(i < rules.jointDepartments.length ? rules.jointDepartments[i]! : null, i);
    if (s === null) return null;
    // A member is blocked for the later slots of this team (taken).
    pool.block(pool.idOf(s));
    members.push(pool.idOf(s));
    slots.push(s);
  }
  return members;
}

function shortfall(
  pool: Picker,
  rules: TeamRules,
  stratum: string,
  entityId: string,
  stage: InfeasibleTeam["stage"],
  recused: Set<string>,
): InfeasibleTeam {
  pool.begin(entityId);
  const avail = pool.records.filter((r) => !recused.has(r.id) && !pool.inConflict(pool.slotOf(r.id)!));
  const missing = rules.jointDepartments.filter((d) => !avail.some((r) => r.department === d));
  return {
    stratum,
    entityId,
    stage,
    required: rules.size,
    available: avail.length,
    missingDepartments: missing,
  };
}

export interface AssignTeamsInput {
  seed: Uint8Array;
  rules: TeamRules;
  pool: readonly InspectorRecord[];
  conflictDigests: Iterable<string>;
  selected: readonly { stratum: string; id: string; ticket: string }[];
  substitutions: readonly SubstitutionInput[];
}

/** sortes-draw/v1 team assignment (spec §9). */
export function assignTeams(a: AssignTeamsInput): TeamOutcome {
  return assignTeamsWith(
    new TeamPool(a.seed, qualifiedInspectors(a.pool, a.rules), new Set(a.conflictDigests)),
    a,
  );
}

/** sortes-draw/v2 team assignment (spec §16.6): same slots, loads and replay, v2 pick rule. */
export function assignTeamsV2(a: AssignTeamsInput): TeamOutcome {
  return assignTeamsWith(
    new TeamPoolV2(a.seed, qualifiedInspectors(a.pool, a.rules), new Set(a.conflictDigests)),
    a,
  );
}

/**
 * Indices of `selected` in staffing order: ascending (ticket, id bytes). Tickets are lower-case
 * hex, so their first 12 digits as a number order them (exactly, as integers below 2^48); full
 * strings and then id bytes decide ties, which practically never happen.
 */
function staffingOrder(selected: readonly { id: string; ticket: string }[]): Int32Array {
  const keys = Float64Array.from(selected, (e) => Number.parseInt(e.ticket.slice(0, 12), 16));
  return Int32Array.from(selected.keys()).sort((x, y) => {
    const d = keys[x]! - keys[y]!;
    if (d !== 0 && !Number.isNaN(d)) return d;
    const a = selected[x]!;
    const b = selected[y]!;
    return a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : compareBytes(utf8(a.id), utf8(b.id));
  });
}

/** The team assignment of a commitment's algorithm. */
export function assignTeamsFor(algorithm: string): (a: AssignTeamsInput) => TeamOutcome {
  return algorithm === ALGORITHM_V2 ? assignTeamsV2 : assignTeams;
}

/**
 * Assigns teams to `selected` (any order; sorted here by ticket then id), then
 * replays `substitutions` in the given order.
 */
function assignTeamsWith(pool: Picker, a: AssignTeamsInput): TeamOutcome {
  const order = staffingOrder(a.selected);
  const teams: TeamAssignment[] = [];
  const infeasible: InfeasibleTeam[] = [];
  const slots: number[] = [];
  for (const i of order) {
    const e = a.selected[i]!;
    const members = staff(pool, a.rules, e.id, slots);
    if (!members) {
      infeasible.push(shortfall(pool, a.rules, e.stratum, e.id, "assignment", new Set()));
      continue;
    }
    for (const s of slots) pool.addLoad(s, 1);
    teams.push({ stratum: e.stratum, entityId: e.id, members });
  }
  // Without substitutions the final teams are the initial ones (no copies: 300 000 teams at 10 M).
  if (a.substitutions.length === 0) return { teams, infeasible, substitutions: [], finalTeams: teams };
  // Only teams a substitution touches are copied (a round may have 300 000 teams and a few recusals).
  const initial = new Map(teams.map((t) => [t.entityId, t]));
  const changed = new Map<string, TeamAssignment | null>();
  const currentTeam = (id: string): TeamAssignment | undefined => {
    const c = changed.get(id);
    if (c !== undefined) return c ?? undefined;
    const t = initial.get(id);
    if (!t) return undefined;
    const copy = { ...t, members: [...t.members] };
    changed.set(id, copy);
    return copy;
  };
  const recusedBy = new Map<string, Set<string>>();
  const results: SubstitutionResult[] = [];
  const deptOf = new Map(a.pool.map((r) => [r.id, r.department]));
  let lastAt = Number.NEGATIVE_INFINITY;
  for (const [i, s] of a.substitutions.entries()) {
    const at = parseUtcSeconds(s.at, `time of substitution #${i + 1}`);
    if (at < lastAt)
      fail("substitution-order", `substitution #${i + 1} (${s.at}) is earlier than the one before it`);
    lastAt = at;
    const team = currentTeam(s.entityId);
    if (!team)
      fail(
        "substitution-unknown",
        `substitution #${i + 1} names entity ${JSON.stringify(s.entityId)}, which has no team`,
      );
    const pos = team.members.indexOf(s.recused);
    if (pos < 0)
      fail(
        "substitution-unknown",
        `substitution #${i + 1}: ${JSON.stringify(s.recused)} is not on the team of ${s.entityId}`,
      );
    const recused = recusedBy.get(s.entityId) ?? new Set<string>();
    recused.add(s.recused);
    recusedBy.set(s.entityId, recused);
    pool.addLoad(pool.slotOf(s.recused)!, -1);
    const rest = team.members.filter((m) => m !== s.recused);
    const dept = deptOf.get(s.recused) ?? "";
    const needDept =
      a.rules.jointDepartments.includes(dept) && !rest.some((m) => deptOf.get(m) === dept) ? dept : null;
    pool.begin(s.entityId, [...rest, ...recused]);
    const slot = pool.pick(needDept, a.rules.size + i);
    const sub = slot === null ? null : pool.idOf(slot);
    results.push({ ...s, substitute: sub });
    if (slot !== null && sub !== null) {
      team.members[pos] = sub;
      pool.addLoad(slot, 1);
    } else {
      for (const m of rest) pool.addLoad(pool.slotOf(m)!, -1);
      changed.set(s.entityId, null);
      infeasible.push(shortfall(pool, a.rules, team.stratum, s.entityId, "substitution", recused));
    }
  }
  const finalTeams: TeamAssignment[] = [];
  for (const t of teams) {
    const c = changed.get(t.entityId);
    if (c === undefined) finalTeams.push(t);
    else if (c !== null) finalTeams.push(c);
  }
  return { teams, infeasible, substitutions: results, finalTeams };
}
