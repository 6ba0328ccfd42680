/**
 * The draw's view of other domains (checklist, plans, rosters). Everything a round needs
 * from outside src/draws goes through here, so the coupling is in one small file.
 */
import { desc, eq } from "drizzle-orm";
import { getPublishedItemVersion, getPublishedVersionById } from "../checklist/item-queries.js";
import type { Db } from "../db/types.js";
import { canonicalLabel, conflictDigest, type InspectorRecord, toHex } from "../draw-engine/index.js";
import { NotFound, Unprocessable } from "../errors.js";
import { getApprovedPlan } from "../plans/plan-queries.js";
import { activeConflictsAt } from "../rosters/conflicts/conflicts.js";
import { entityRevisions } from "../rosters/entities/entities.schema.js";
import { certifiedInspectorsAt, departmentInspectors } from "../rosters/inspectors/inspectors-query.js";

export { departmentInspectors, getPublishedItemVersion, getPublishedVersionById };

/** Risk strata are the credit-risk classes; entities without a class form their own stratum. */
export const RISK_STRATA = ["A", "B", "C", "D"] as const;
export const UNRATED_STRATUM = "unrated";

export interface RoundRule {
  planId: string;
  /** Rate per stratum in basis points (A–D plus `unrated`). */
  rates: Record<string, number>;
  minTotalBp: number;
  legalBasis: string | null;
  cooldownDays: number;
  yearlyCap: number | null;
}

/**
 * The approved plan for the year, covering the item, and the rates a round of it uses
 * (plans' effectiveRoundRule). Entities without a risk class get the highest class rate:
 * unknown risk is never sampled less than known risk. The floor is the item's minimum rate
 * (3 % unless a legal override sets it, with its cited basis).
 */
export async function roundRule(
  db: Db,
  departmentId: string,
  year: number,
  itemId: string,
): Promise<RoundRule> {
  const plan = await getApprovedPlan(db, departmentId, year).catch((e) => {
    if (e instanceof NotFound) throw new Unprocessable(`there is no approved plan for ${year}`);
    throw e;
  });
  const entry = plan.items.find((i) => i.itemId === itemId);
  if (!entry) throw new Unprocessable(`the approved plan for ${year} does not cover this checklist item`);
  const r = entry.effective;
  const { A, B, C, D } = r.ratesBp;
  const law = r.legalOverride;
  return {
    planId: plan.id,
    rates: { A, B, C, D, [UNRATED_STRATUM]: Math.max(A, B, C, D) },
    minTotalBp: r.minRateBp,
    legalBasis: law && law.rateBp !== null ? law.basis : null,
    cooldownDays: plan.cooldownDays,
    yearlyCap: plan.maxInspectionsPerEntityPerYear,
  };
}

export interface FrozenRevision {
  id: string;
  label: string;
  root: string;
}

/** The newest frozen roster revision of the department. */
export async function latestRevision(db: Db, departmentId: string): Promise<FrozenRevision> {
  const [r] = await db
    .select({ id: entityRevisions.id, label: entityRevisions.label, root: entityRevisions.merkleRoot })
    .from(entityRevisions)
    .where(eq(entityRevisions.departmentId, departmentId))
    .orderBy(desc(entityRevisions.createdAt))
    .limit(1);
  if (!r) throw new Unprocessable("the entity roster has no frozen revision yet");
  return r;
}

/**
 * The committed inspector pool: active inspectors certified on the window's first day,
 * with their certificate validity. The draw id of an inspector is its roster uuid.
 */
export async function inspectorPool(
  db: Db,
  departmentId: string,
  departmentCode: string,
  windowFrom: string,
): Promise<InspectorRecord[]> {
  const list = await certifiedInspectorsAt(db, departmentId, windowFrom);
  return list.map((i) => ({
    id: i.id,
    department: canonicalLabel(departmentCode, "department code"),
    qualifications: [...new Set(i.qualifications)],
    validFrom: i.certValidFrom ?? "1970-01-01",
    validUntil: i.certValidUntil,
  }));
}

/** Conflict digests (draw-spec §5) of every conflict in force on `date`, one per pair. */
export async function conflictDigestsAt(db: Db, departmentId: string, date: string): Promise<string[]> {
  const list = await activeConflictsAt(db, departmentId, date);
  const out = new Set<string>();
  for (const c of list) out.add(toHex(conflictDigest(c.inspectorId, c.entityCode)));
  return [...out].sort();
}
