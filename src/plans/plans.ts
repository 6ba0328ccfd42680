import { and, asc, eq, sql } from "drizzle-orm";
import { FLOOR_RULE } from "../checklist/floors.js";
import { getPublishedItemVersion } from "../checklist/item-queries.js";
import type { ChecklistItemVersion } from "../checklist/item-view.js";
import type { Db } from "../db/types.js";
import { Conflict, type FieldError, NotFound, Unprocessable } from "../errors.js";
import type { AmendPlanInput, PlanFields } from "./plan-input.js";
import { getPlan, getPlanVersion } from "./plan-queries.js";
import type { Plan } from "./plan-view.js";
import { type PlanRuleInput, planRuleErrors, type RuleItem } from "./round-rule.js";
import { planItems, plans } from "./schema.js";

/** Resolves the plan's items to published versions; an unpublished item cannot be planned (事前公开). */
async function resolveItems(
  db: Db,
  departmentId: string,
  fields: PlanFields,
): Promise<ChecklistItemVersion[]> {
  const found: ChecklistItemVersion[] = [];
  const errors: FieldError[] = [];
  for (const [i, entry] of fields.items.entries()) {
    try {
      const version = await getPublishedItemVersion(db, departmentId, entry.itemCode, entry.version);
      if (version.withdrawnAt !== null) {
        errors.push({
          field: `items[${i}].itemCode`,
          reason: `RULES §2 / 细则第五条: checklist item ${entry.itemCode} was withdrawn from the checklist (${version.withdrawalReason})`,
        });
      }
      found.push(version);
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
      errors.push({
        field: `items[${i}].itemCode`,
        reason: `RULES §2 / 细则第五条: ${err.message}; only published checklist items can be planned`,
      });
    }
  }
  if (errors.length)
    throw new Unprocessable("the plan uses checklist items that are not published or were withdrawn", errors);
  return found;
}

function checkFloors(plan: PlanRuleInput, items: RuleItem[]) {
  const errors = planRuleErrors(plan, items);
  if (errors.length)
    throw new Unprocessable(`the plan breaks ${FLOOR_RULE} (sampling rate and frequency)`, errors);
}

function ruleInput(year: number, fields: PlanFields, versions: ChecklistItemVersion[]): PlanRuleInput {
  return {
    year,
    roundsPerYear: fields.roundsPerYear,
    ratesBp: fields.ratesBp,
    items: fields.items.map((e, i) => ({
      itemVersionId: versions[i]!.id,
      roundsPerYear: e.roundsPerYear,
      ratesBp: e.ratesBp,
    })),
  };
}

function planColumns(f: PlanFields) {
  return {
    title: f.title,
    roundsPerYear: f.roundsPerYear,
    rateABp: f.ratesBp.A,
    rateBBp: f.ratesBp.B,
    rateCBp: f.ratesBp.C,
    rateDBp: f.ratesBp.D,
    cooldownDays: f.cooldownDays,
    maxInspectionsPerEntityPerYear: f.maxInspectionsPerEntityPerYear,
    notes: f.notes,
  };
}

async function insertItems(
  tx: Db,
  departmentId: string,
  planId: string,
  f: PlanFields,
  versions: ChecklistItemVersion[],
) {
  await tx.insert(planItems).values(
    f.items.map((e, i) => ({
      departmentId,
      planId,
      itemId: versions[i]!.itemId,
      itemVersionId: versions[i]!.id,
      position: i,
      roundsPerYear: e.roundsPerYear,
      rateABp: e.ratesBp?.A ?? null,
      rateBBp: e.ratesBp?.B ?? null,
      rateCBp: e.ratesBp?.C ?? null,
      rateDBp: e.ratesBp?.D ?? null,
    })),
  );
}

/** Validates the plan (published items, 细则第九条 floors) and stores it for the year. */
async function validated(db: Db, departmentId: string, year: number, fields: PlanFields) {
  const versions = await resolveItems(db, departmentId, fields);
  checkFloors(ruleInput(year, fields, versions), versions);
  return versions;
}

/** Creates the year's plan as a draft. One plan per department and year. */
export async function createPlan(
  db: Db,
  departmentId: string,
  year: number,
  fields: PlanFields,
): Promise<Plan> {
  return db.transaction(async (tx) => {
    const versions = await validated(tx, departmentId, year, fields);
    const [row] = await tx
      .insert(plans)
      .values({ departmentId, year, status: "draft", ...planColumns(fields) })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new Conflict(`a plan for ${year} already exists`);
    await insertItems(tx, departmentId, row.id, fields, versions);
    return getPlan(tx, departmentId, year, { approvedOnly: false });
  });
}

/** The year's versions, locked: amendments, approval and edits of one year run one at a time. */
async function lockYear(tx: Db, departmentId: string, year: number) {
  return tx
    .select()
    .from(plans)
    .where(and(eq(plans.departmentId, departmentId), eq(plans.year, year)))
    .orderBy(asc(plans.version))
    .for("update");
}

/** The year's pending draft (version 1 before approval, or an amendment). */
async function lockDraft(tx: Db, departmentId: string, year: number) {
  const rows = await lockYear(tx, departmentId, year);
  const row = rows.find((r) => r.status === "draft");
  if (row) return row;
  if (rows.length === 0) throw new NotFound(`no plan for ${year}`);
  throw new Conflict(
    `the ${year} plan is approved and can no longer change; amend it by a new version (POST /plans/${year}/amendments)`,
  );
}

/** Replaces a draft plan's content. Approved plans are immutable. */
export async function replacePlan(
  db: Db,
  departmentId: string,
  year: number,
  fields: PlanFields,
): Promise<Plan> {
  return db.transaction(async (tx) => {
    const row = await lockDraft(tx, departmentId, year);
    const versions = await validated(tx, departmentId, year, fields);
    await tx
      .update(plans)
      .set({ ...planColumns(fields), updatedAt: sql`now()` })
      .where(eq(plans.id, row.id));
    await tx.delete(planItems).where(eq(planItems.planId, row.id));
    await insertItems(tx, departmentId, row.id, fields, versions);
    return getPlanVersion(tx, departmentId, year, row.version, { approvedOnly: false });
  });
}

/** Approves a draft plan after validating it again: from now on it is public and immutable. */
export async function approvePlan(db: Db, departmentId: string, year: number): Promise<Plan> {
  return db.transaction(async (tx) => {
    const row = await lockDraft(tx, departmentId, year);
    const draft = await getPlanVersion(tx, departmentId, year, row.version, { approvedOnly: false });
    const withdrawn = draft.items.flatMap((item, i) =>
      item.withdrawnAt === null
        ? []
        : [
            {
              field: `items[${i}].itemCode`,
              reason: `RULES §2 / 细则第五条: checklist item ${item.code} was withdrawn`,
            },
          ],
    );
    if (withdrawn.length) throw new Unprocessable("the plan uses withdrawn checklist items", withdrawn);
    const items: RuleItem[] = draft.items.map((i) => ({
      id: i.itemVersionId,
      code: i.code,
      version: i.version,
      legalOverride: i.effective.legalOverride,
    }));
    checkFloors(draft, items);
    await tx
      .update(plans)
      .set({ status: "approved", approvedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(plans.id, row.id));
    return getPlanVersion(tx, departmentId, year, row.version, { approvedOnly: true });
  });
}

/**
 * Amends the year's approved plan by a new version, created as a draft (edit it with
 * `replacePlan`, then `approvePlan`). The approved versions never change: rounds committed under
 * them keep their rule, and the new version becomes current only when it is approved.
 */
export async function amendPlan(
  db: Db,
  departmentId: string,
  year: number,
  input: AmendPlanInput,
): Promise<Plan> {
  const { reason, ...fields } = input;
  return db.transaction(async (tx) => {
    const rows = await lockYear(tx, departmentId, year);
    if (rows.length === 0) throw new NotFound(`no plan for ${year}`);
    const draft = rows.find((r) => r.status === "draft");
    if (draft?.version === 1)
      throw new Conflict(`the ${year} plan is not approved yet; edit its draft instead`);
    if (draft)
      throw new Conflict(
        `version ${draft.version} of the ${year} plan is already pending; edit or discard it first`,
      );
    const version = Math.max(...rows.map((r) => r.version)) + 1;
    const versions = await validated(tx, departmentId, year, fields);
    const [row] = await tx
      .insert(plans)
      .values({
        departmentId,
        year,
        version,
        amendmentReason: reason,
        status: "draft",
        ...planColumns(fields),
      })
      .returning();
    await insertItems(tx, departmentId, row!.id, fields, versions);
    return getPlanVersion(tx, departmentId, year, version, { approvedOnly: false });
  });
}

/** Discards the year's draft (a first plan not yet approved, or a pending amendment). */
export async function deletePlan(db: Db, departmentId: string, year: number): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockDraft(tx, departmentId, year);
    await tx.delete(plans).where(eq(plans.id, row.id));
  });
}
