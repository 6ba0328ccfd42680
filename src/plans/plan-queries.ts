import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import { type ChecklistItemVersion, toItemVersion } from "../checklist/item-view.js";
import { checklistItems, checklistItemVersions } from "../checklist/schema.js";
import type { Db } from "../db/types.js";
import { NotFound } from "../errors.js";
import type { Plan, PlanItem, PlanVersionSummary } from "./plan-view.js";
import { iso, toPlan } from "./plan-view.js";
import { effectiveRoundRule, type PlanRuleInput, type RatesBp } from "./round-rule.js";
import { planItems, plans } from "./schema.js";

type PlanRow = typeof plans.$inferSelect;
type PlanItemRow = typeof planItems.$inferSelect;

/** Inspectors and the public see approved versions only; admins and auditors see drafts too. */
export interface PlanVisibility {
  approvedOnly: boolean;
}

function itemRates(r: PlanItemRow): RatesBp | null {
  if (r.rateABp === null || r.rateBBp === null || r.rateCBp === null || r.rateDBp === null) return null;
  return { A: r.rateABp, B: r.rateBBp, C: r.rateCBp, D: r.rateDBp };
}

/** The visible versions of the department's plans (one year, or all), by year then version. */
async function versionRows(db: Db, departmentId: string, year: number | null, opts: PlanVisibility) {
  const conds: SQL[] = [eq(plans.departmentId, departmentId)];
  if (year !== null) conds.push(eq(plans.year, year));
  if (opts.approvedOnly) conds.push(eq(plans.status, "approved"));
  return db
    .select()
    .from(plans)
    .where(and(...conds))
    .orderBy(asc(plans.year), asc(plans.version));
}

/**
 * The year's plan as rounds and readers take it: its highest approved version; before any
 * version is approved, the draft. `rows` are one year's versions in version order.
 */
function currentOf(rows: PlanRow[]): PlanRow | undefined {
  return rows.findLast((r) => r.status === "approved") ?? rows.at(-1);
}

/** When a later approved version replaced this one (null: current, or a draft). */
function supersededAt(row: PlanRow, yearRows: PlanRow[]): string | null {
  if (row.status !== "approved") return null;
  const next = yearRows.find((r) => r.status === "approved" && r.version > row.version);
  return next?.approvedAt ? iso(next.approvedAt) : null;
}

function summaries(yearRows: PlanRow[]): PlanVersionSummary[] {
  return yearRows.map((r) => ({
    version: r.version,
    status: r.status as PlanVersionSummary["status"],
    amendmentReason: r.amendmentReason,
    approvedAt: r.approvedAt ? iso(r.approvedAt) : null,
    supersededAt: supersededAt(r, yearRows),
  }));
}

/** Builds plan DTOs with their items (in plan order), each item's effective rule and the year's versions. */
async function withItems(db: Db, departmentId: string, rows: PlanRow[], all: PlanRow[]): Promise<Plan[]> {
  if (rows.length === 0) return [];
  const itemRows = await db
    .select({ pi: planItems, v: checklistItemVersions, item: checklistItems })
    .from(planItems)
    .innerJoin(checklistItemVersions, eq(checklistItemVersions.id, planItems.itemVersionId))
    .innerJoin(checklistItems, eq(checklistItems.id, planItems.itemId))
    .where(
      and(
        eq(planItems.departmentId, departmentId),
        inArray(
          planItems.planId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(planItems.position));
  return rows.map((row) => {
    const mine = itemRows.filter((r) => r.pi.planId === row.id);
    const ruleInput: PlanRuleInput = {
      year: row.year,
      roundsPerYear: row.roundsPerYear,
      ratesBp: { A: row.rateABp, B: row.rateBBp, C: row.rateCBp, D: row.rateDBp },
      items: mine.map((r) => ({
        itemVersionId: r.v.id,
        roundsPerYear: r.pi.roundsPerYear,
        ratesBp: itemRates(r.pi),
      })),
    };
    const items: PlanItem[] = mine.map((r) => {
      const version: ChecklistItemVersion = toItemVersion(r.v, r.item);
      return {
        itemId: r.pi.itemId,
        itemVersionId: r.v.id,
        code: version.code,
        version: version.version,
        name: version.name,
        withdrawnAt: version.withdrawnAt,
        roundsPerYear: r.pi.roundsPerYear,
        ratesBp: itemRates(r.pi),
        effective: effectiveRoundRule(version, ruleInput),
      };
    });
    const yearRows = all.filter((r) => r.year === row.year);
    return toPlan(row, items, supersededAt(row, yearRows), summaries(yearRows));
  });
}

/** One plan per year: the current version (see `currentOf`). */
export async function listPlans(db: Db, departmentId: string, opts: PlanVisibility): Promise<Plan[]> {
  const all = await versionRows(db, departmentId, null, opts);
  const years = [...new Set(all.map((r) => r.year))];
  const current = years.flatMap((y) => currentOf(all.filter((r) => r.year === y)) ?? []);
  return withItems(db, departmentId, current, all);
}

/** The year's current plan: its highest approved version, else (for those who see drafts) the draft. */
export async function getPlan(db: Db, departmentId: string, year: number, opts: PlanVisibility) {
  const all = await versionRows(db, departmentId, year, opts);
  const row = currentOf(all);
  if (!row) throw new NotFound(`no ${opts.approvedOnly ? "approved " : ""}plan for ${year}`);
  const [plan] = await withItems(db, departmentId, [row], all);
  return plan!;
}

/** Every visible version of the year's plan, oldest first. */
export async function listPlanVersions(db: Db, departmentId: string, year: number, opts: PlanVisibility) {
  const all = await versionRows(db, departmentId, year, opts);
  if (all.length === 0) throw new NotFound(`no ${opts.approvedOnly ? "approved " : ""}plan for ${year}`);
  return withItems(db, departmentId, all, all);
}

/** One version of the year's plan (an earlier approved version stays readable for ever). */
export async function getPlanVersion(
  db: Db,
  departmentId: string,
  year: number,
  version: number,
  opts: PlanVisibility,
): Promise<Plan> {
  const all = await versionRows(db, departmentId, year, opts);
  const row = all.find((r) => r.version === version);
  if (!row)
    throw new NotFound(`no ${opts.approvedOnly ? "approved " : ""}version ${version} of the ${year} plan`);
  const [plan] = await withItems(db, departmentId, [row], all);
  return plan!;
}

/**
 * The department's approved plan for a year — what rounds are created and committed under:
 * its current (highest approved) version. A draft or another department's plan is not found.
 * Pass an item of the result to `effectiveRoundRule`, or read `items[i].effective`.
 */
export function getApprovedPlan(db: Db, departmentId: string, year: number): Promise<Plan> {
  return getPlan(db, departmentId, year, { approvedOnly: true });
}
