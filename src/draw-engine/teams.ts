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
import { TeamPool } from "./team-pool.js";
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

/** Fills a team from scratch (joint departments first); null when a slot cannot be filled. */
function staff(pool: TeamPool, rules: TeamRules, entityId: string): string[] | null {
  pool.begin(entityId);
  const members: string[] = [];
  const slots: (string | null)[] = [...rules.jointDepartments];
  while (slots.length < rules.size) slots.push(null);
  for (const dept of slots) {
    const s = pool.pick(dept);
    if (s === null) return null;
    // A member is blocked for the later slots of this team (taken).
    pool.block(pool.idOf(s));
    members.push(pool.idOf(s));
  }
  return members;
}

function shortfall(
  pool: TeamPool,
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

/**
 * Assigns teams to `selected` (any order; sorted here by ticket then id), then
 * replays `substitutions` in the given order.
 */
export function assignTeams(a: {
  seed: Uint8Array;
  rules: TeamRules;
  pool: readonly InspectorRecord[];
  conflictDigests: Iterable<string>;
  selected: readonly { stratum: string; id: string; ticket: string }[];
  substitutions: readonly SubstitutionInput[];
}): TeamOutcome {
  const pool = new TeamPool(a.seed, qualifiedInspectors(a.pool, a.rules), new Set(a.conflictDigests));
  // Sort keys encoded once per entity, not once per comparison.
  const keyed = a.selected.map((e) => ({ e, t: utf8(e.ticket), i: utf8(e.id) }));
  keyed.sort((x, y) => compareBytes(x.t, y.t) || compareBytes(x.i, y.i));
  const teams: TeamAssignment[] = [];
  const infeasible: InfeasibleTeam[] = [];
  for (const { e } of keyed) {
    const members = staff(pool, a.rules, e.id);
    if (!members) {
      infeasible.push(shortfall(pool, a.rules, e.stratum, e.id, "assignment", new Set()));
      continue;
    }
    for (const m of members) pool.load[pool.slotOf(m)!]!++;
    teams.push({ stratum: e.stratum, entityId: e.id, members });
  }
  const current = new Map(teams.map((t) => [t.entityId, { ...t, members: [...t.members] }]));
  const recusedBy = new Map<string, Set<string>>();
  const results: SubstitutionResult[] = [];
  const deptOf = new Map(a.pool.map((r) => [r.id, r.department]));
  let lastAt = Number.NEGATIVE_INFINITY;
  for (const [i, s] of a.substitutions.entries()) {
    const at = parseUtcSeconds(s.at, `time of substitution #${i + 1}`);
    if (at < lastAt)
      fail("substitution-order", `substitution #${i + 1} (${s.at}) is earlier than the one before it`);
    lastAt = at;
    const team = current.get(s.entityId);
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
    pool.load[pool.slotOf(s.recused)!]!--;
    const rest = team.members.filter((m) => m !== s.recused);
    const dept = deptOf.get(s.recused) ?? "";
    const needDept =
      a.rules.jointDepartments.includes(dept) && !rest.some((m) => deptOf.get(m) === dept) ? dept : null;
    pool.begin(s.entityId, [...rest, ...recused]);
    const slot = pool.pick(needDept);
    const sub = slot === null ? null : pool.idOf(slot);
    results.push({ ...s, substitute: sub });
    if (slot !== null && sub !== null) {
      team.members[pos] = sub;
      pool.load[slot]!++;
    } else {
      for (const m of rest) pool.load[pool.slotOf(m)!]!--;
      current.delete(s.entityId);
      infeasible.push(shortfall(pool, a.rules, team.stratum, s.entityId, "substitution", recused));
    }
  }
  const finalTeams = teams.filter((t) => current.has(t.entityId)).map((t) => current.get(t.entityId)!);
  return { teams, infeasible, substitutions: results, finalTeams };
}
