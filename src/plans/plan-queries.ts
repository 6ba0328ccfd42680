import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import { type ChecklistItemVersion, toItemVersion } from "../checklist/item-view.js";
import { checklistItems, checklistItemVersions } from "../checklist/schema.js";
import type { Db } from "../db/types.js";
import { NotFound } from "../errors.js";
import type { Plan, PlanItem } from "./plan-view.js";
import { toPlan } from "./plan-view.js";
import { effectiveRoundRule, type PlanRuleInput, type RatesBp } from "./round-rule.js";
import { planItems, plans } from "./schema.js";

type PlanRow = typeof plans.$inferSelect;
type PlanItemRow = typeof planItems.$inferSelect;

function itemRates(r: PlanItemRow): RatesBp | null {
  if (r.rateABp === null || r.rateBBp === null || r.rateCBp === null || r.rateDBp === null) return null;
  return { A: r.rateABp, B: r.rateBBp, C: r.rateCBp, D: r.rateDBp };
}

/** Builds plan DTOs with their items (in plan order) and each item's effective round rule. */
async function withItems(db: Db, departmentId: string, rows: PlanRow[]): Promise<Plan[]> {
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
    return toPlan(row, items);
  });
}

export async function listPlans(
  db: Db,
  departmentId: string,
  opts: { approvedOnly: boolean },
): Promise<Plan[]> {
  const conds: SQL[] = [eq(plans.departmentId, departmentId)];
  if (opts.approvedOnly) conds.push(eq(plans.status, "approved"));
  const rows = await db
    .select()
    .from(plans)
    .where(and(...conds))
    .orderBy(asc(plans.year));
  return withItems(db, departmentId, rows);
}

export async function getPlan(db: Db, departmentId: string, year: number, opts: { approvedOnly: boolean }) {
  const conds: SQL[] = [eq(plans.departmentId, departmentId), eq(plans.year, year)];
  if (opts.approvedOnly) conds.push(eq(plans.status, "approved"));
  const rows = await db
    .select()
    .from(plans)
    .where(and(...conds));
  const [plan] = await withItems(db, departmentId, rows);
  if (!plan) throw new NotFound(`no ${opts.approvedOnly ? "approved " : ""}plan for ${year}`);
  return plan;
}

/**
 * The department's approved plan for a year — what rounds are created under. A draft plan
 * or another department's plan is not found. Pass an item of the result to
 * `effectiveRoundRule`, or read `items[i].effective`.
 */
export function getApprovedPlan(db: Db, departmentId: string, year: number): Promise<Plan> {
  return getPlan(db, departmentId, year, { approvedOnly: true });
}
