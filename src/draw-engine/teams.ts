/**
 * Team assignment and substitution replay (docs/draw-spec.md §9).
 *
 * Entities are staffed in ascending (entity ticket, id bytes) order. For each
 * slot the chosen inspector is the candidate with the smallest
 * (current load, inspector ticket, inspector id bytes); joint rounds fill one
 * slot per listed department first. An entity with too few candidates is
 * reported by name and gets no team (never a smaller one).
 */
import { compareBytes, toHex, utf8 } from "./bytes.js";
import { fail } from "./errors.js";
import { conflictDigest, type InspectorRecord } from "./leaves.js";
import { inspectorTicket } from "./tickets.js";
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

interface Ctx {
  seed: Uint8Array;
  rules: TeamRules;
  qualified: InspectorRecord[];
  conflicts: ReadonlySet<string>;
  load: Map<string, number>;
}

function inConflict(ctx: Ctx, inspectorId: string, entityId: string): boolean {
  return ctx.conflicts.has(toHex(conflictDigest(inspectorId, entityId)));
}

/** Chooses the best candidate for one slot, skipping members, recused and conflicted inspectors. */
function pickOne(
  ctx: Ctx,
  entityId: string,
  taken: Set<string>,
  excluded: Set<string>,
  dept: string | null,
  tickets: Map<string, Uint8Array>,
): InspectorRecord | null {
  for (;;) {
    const open = ctx.qualified.filter(
      (r) => !taken.has(r.id) && !excluded.has(r.id) && (dept === null || r.department === dept),
    );
    if (open.length === 0) return null;
    let min = Number.POSITIVE_INFINITY;
    for (const r of open) min = Math.min(min, ctx.load.get(r.id) ?? 0);
    let best: InspectorRecord | null = null;
    let bestTicket: Uint8Array | null = null;
    for (const r of open) {
      if ((ctx.load.get(r.id) ?? 0) !== min) continue;
      let t = tickets.get(r.id);
      if (!t) {
        t = inspectorTicket(ctx.seed, entityId, r.id);
        tickets.set(r.id, t);
      }
      if (
        !best ||
        !bestTicket ||
        compareBytes(t, bestTicket) < 0 ||
        (compareBytes(t, bestTicket) === 0 && compareBytes(utf8(r.id), utf8(best.id)) < 0)
      ) {
        best = r;
        bestTicket = t;
      }
    }
    if (!best) return null;
    if (!inConflict(ctx, best.id, entityId)) return best;
    excluded.add(best.id);
  }
}

function shortfall(
  ctx: Ctx,
  stratum: string,
  entityId: string,
  stage: InfeasibleTeam["stage"],
  recused: Set<string>,
): InfeasibleTeam {
  const avail = ctx.qualified.filter((r) => !recused.has(r.id) && !inConflict(ctx, r.id, entityId));
  const missing = ctx.rules.jointDepartments.filter((d) => !avail.some((r) => r.department === d));
  return {
    stratum,
    entityId,
    stage,
    required: ctx.rules.size,
    available: avail.length,
    missingDepartments: missing,
  };
}

/** Fills a team from scratch (joint departments first). */
function staff(ctx: Ctx, entityId: string, excluded: Set<string>): string[] | null {
  const taken = new Set<string>();
  const members: string[] = [];
  const tickets = new Map<string, Uint8Array>();
  const slots: (string | null)[] = [...ctx.rules.jointDepartments];
  while (slots.length < ctx.rules.size) slots.push(null);
  for (const dept of slots) {
    const r = pickOne(ctx, entityId, taken, excluded, dept, tickets);
    if (!r) return null;
    taken.add(r.id);
    members.push(r.id);
  }
  return members;
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
  const ctx: Ctx = {
    seed: a.seed,
    rules: a.rules,
    qualified: qualifiedInspectors(a.pool, a.rules),
    conflicts: new Set(a.conflictDigests),
    load: new Map(),
  };
  const order = [...a.selected].sort(
    (x, y) => compareBytes(utf8(x.ticket), utf8(y.ticket)) || compareBytes(utf8(x.id), utf8(y.id)),
  );
  const teams: TeamAssignment[] = [];
  const infeasible: InfeasibleTeam[] = [];
  for (const e of order) {
    const members = staff(ctx, e.id, new Set());
    if (!members) {
      infeasible.push(shortfall(ctx, e.stratum, e.id, "assignment", new Set()));
      continue;
    }
    for (const m of members) ctx.load.set(m, (ctx.load.get(m) ?? 0) + 1);
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
    ctx.load.set(s.recused, (ctx.load.get(s.recused) ?? 1) - 1);
    const rest = team.members.filter((m) => m !== s.recused);
    const dept = deptOf.get(s.recused) ?? "";
    const needDept =
      a.rules.jointDepartments.includes(dept) && !rest.some((m) => deptOf.get(m) === dept) ? dept : null;
    const sub = pickOne(ctx, s.entityId, new Set(rest), new Set(recused), needDept, new Map());
    results.push({ ...s, substitute: sub ? sub.id : null });
    if (sub) {
      team.members[pos] = sub.id;
      ctx.load.set(sub.id, (ctx.load.get(sub.id) ?? 0) + 1);
    } else {
      for (const m of rest) ctx.load.set(m, (ctx.load.get(m) ?? 1) - 1);
      current.delete(s.entityId);
      infeasible.push(shortfall(ctx, team.stratum, s.entityId, "substitution", recused));
    }
  }
  const finalTeams = teams.filter((t) => current.has(t.entityId)).map((t) => current.get(t.entityId)!);
  return { teams, infeasible, substitutions: results, finalTeams };
}
