/**
 * Readiness (preflight) of a round: the checks commit would apply, asked before anyone acts,
 * so the console can refuse a step up front with the reason and where to fix it instead of a
 * 422 after the contributors have committed. Every check calls the very function commit and
 * create call (sources.ts, the engine's entropy rule, pool-exclusions.ts) and turns its
 * refusal into a failed check with the same words: nothing here restates a rule.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { entropyRuleViolation } from "../draw-engine/index.js";
import { AppError } from "../errors.js";
import { explainExclusions } from "./pool-exclusions.js";
import { getRound, quicknetPlan } from "./rounds.js";
import { roundContributors } from "./schema.js";
import {
  departmentInspectors,
  getPublishedItemVersion,
  getPublishedVersionById,
  latestRevision,
  roundRule,
} from "./sources.js";

export const READINESS_CODES = [
  "revision",
  "item",
  "plan",
  "entropy",
  "status",
  "commitments",
  "inspectors",
] as const;
export type ReadinessCode = (typeof READINESS_CODES)[number];

/** Where a failed check is fixed (the console maps each to its page). */
export const FIX_TARGETS = ["roster", "checklist", "plan", "contributors", "inspectors"] as const;
export type FixTarget = (typeof FIX_TARGETS)[number];

export interface ReadinessCheck {
  code: ReadinessCode;
  ok: boolean;
  /** A failed blocking check means the step would be refused; a non-blocking one is a warning. */
  blocking: boolean;
  /** What was found, or the refusal's own words. */
  detail: string;
  fix: FixTarget | null;
}

export interface Readiness {
  /** No blocking check failed. */
  ready: boolean;
  checks: ReadinessCheck[];
}

/** Runs a check that throws the domain's refusal; the refusal's message becomes the detail. */
async function attempt<T>(
  code: ReadinessCode,
  fix: FixTarget | null,
  run: () => Promise<T>,
  describe: (value: T) => string,
): Promise<{ check: ReadinessCheck; value: T | null }> {
  try {
    const value = await run();
    return { check: { code, ok: true, blocking: true, detail: describe(value), fix: null }, value };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { check: { code, ok: false, blocking: true, detail: e.message, fix }, value: null };
  }
}

function entropyCheck(
  contributors: { name: string; commitment: string | null }[],
  beaconRound: number | null,
): ReadinessCheck {
  const violation = entropyRuleViolation({
    contributors,
    beacon: beaconRound ? quicknetPlan(beaconRound) : null,
  });
  return violation
    ? { code: "entropy", ok: false, blocking: true, detail: violation, fix: "contributors" }
    : {
        code: "entropy",
        ok: true,
        blocking: true,
        detail: `${contributors.length} contributor(s)${beaconRound ? " and a drand beacon" : ""}`,
        fix: null,
      };
}

/**
 * Inspectors the draw could use (roster minus those pool-exclusions.ts would list) against the
 * team size. Not a commit rule — a warning: too few candidates fail the draw publicly.
 */
async function inspectorCheck(
  db: Db,
  departmentId: string,
  rules: { qualification: string | null; window: { from: string; until: string }; teamSize: number },
) {
  const roster = await departmentInspectors(db, departmentId);
  const excluded = explainExclusions(roster, rules);
  const candidates = roster.length - excluded.length;
  const check: ReadinessCheck = {
    code: "inspectors",
    ok: candidates >= rules.teamSize,
    blocking: false,
    detail: `${candidates} of ${roster.length} roster inspectors can be drawn (team size ${rules.teamSize}); ${excluded.length} cannot`,
    fix: candidates >= rules.teamSize ? null : "inspectors",
  };
  return { check, excluded };
}

export interface PlannedRound {
  planYear: number;
  itemCode: string;
  itemVersion?: number;
  /** Contributor names as they will be listed. */
  contributors: string[];
  beaconRound?: number | null;
  teamSize?: number;
  windowFrom?: string;
  windowUntil?: string;
}

/** Before creation: would POST /rounds, then the commit, accept this round? */
export async function plannedRoundReadiness(
  db: Db,
  departmentId: string,
  input: PlannedRound,
): Promise<Readiness> {
  const revision = await attempt(
    "revision",
    "roster",
    () => latestRevision(db, departmentId),
    (r) => `frozen revision ${r.label}`,
  );
  const item = await attempt(
    "item",
    "checklist",
    () => getPublishedItemVersion(db, departmentId, input.itemCode, input.itemVersion),
    (v) => `${v.code} v${v.version} ${v.name}`,
  );
  const checks = [revision.check, item.check];
  if (item.value) {
    const itemId = item.value.itemId;
    const plan = await attempt(
      "plan",
      "plan",
      () => roundRule(db, departmentId, input.planYear, itemId),
      () => `the approved plan for ${input.planYear} covers the item`,
    );
    checks.push(plan.check);
  }
  checks.push(
    entropyCheck(
      input.contributors.map((name) => ({ name, commitment: null })),
      input.beaconRound ?? null,
    ),
  );
  if (item.value && input.teamSize && input.windowFrom && input.windowUntil) {
    const pool = await inspectorCheck(db, departmentId, {
      qualification: item.value.requiredQualification ?? null,
      window: { from: input.windowFrom, until: input.windowUntil },
      teamSize: input.teamSize,
    });
    checks.push(pool.check);
  }
  return { ready: checks.every((c) => c.ok || !c.blocking), checks };
}

/**
 * A created round: would POST /rounds/{id}/commit go through now? Also previews which roster
 * inspectors the draw will not use and why (commit freezes the same list).
 */
export async function roundReadiness(db: Db, departmentId: string, roundId: string) {
  const round = await getRound(db, departmentId, roundId);
  const contributors = await db
    .select({ name: roundContributors.name, commitment: roundContributors.commitment })
    .from(roundContributors)
    .where(eq(roundContributors.roundId, round.id))
    .orderBy(roundContributors.position);
  const checks: ReadinessCheck[] = [
    {
      code: "status",
      ok: round.status === "draft",
      blocking: true,
      detail:
        round.status === "draft" ? "a draft" : `the round is ${round.status}; only a draft can be committed`,
      fix: null,
    },
  ];
  const missing = contributors.filter((c) => c.commitment === null).map((c) => c.name);
  checks.push({
    code: "commitments",
    ok: missing.length === 0,
    blocking: true,
    detail:
      missing.length === 0
        ? `all ${contributors.length} contributors committed`
        : `waiting for the commitment of: ${missing.join(", ")}`,
    fix: missing.length === 0 ? null : "contributors",
  });
  checks.push(entropyCheck(contributors, (round.beaconPlan as { round: number } | null)?.round ?? null));
  const revision = await attempt(
    "revision",
    "roster",
    () => latestRevision(db, departmentId),
    (r) => `frozen revision ${r.label}`,
  );
  const item = await attempt(
    "item",
    "checklist",
    () => getPublishedVersionById(db, departmentId, round.itemVersionId),
    (v) => `${v.code} v${v.version} ${v.name}`,
  );
  checks.push(revision.check, item.check);
  let excludedInspectors: ReturnType<typeof explainExclusions> = [];
  if (item.value) {
    const itemId = item.value.itemId;
    const plan = await attempt(
      "plan",
      "plan",
      () => roundRule(db, departmentId, round.planYear, itemId),
      () => `the approved plan for ${round.planYear} covers the item`,
    );
    const pool = await inspectorCheck(db, departmentId, {
      qualification: item.value.requiredQualification ?? null,
      window: { from: round.windowFrom, until: round.windowUntil },
      teamSize: round.teamSize,
    });
    checks.push(plan.check, pool.check);
    excludedInspectors = pool.excluded;
  }
  return {
    roundId: round.id,
    status: round.status,
    ready: checks.every((c) => c.ok || !c.blocking),
    checks,
    excludedInspectors,
  };
}
