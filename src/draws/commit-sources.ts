/**
 * What each department brings to a commitment: its checklist item, the rule of its approved
 * plan, its frozen roster revision, its inspectors and conflicts. A single-department round has
 * one source (the lead); a joint round one per department, lead first (joint.ts). This file turns
 * them into the committed pool, conflicts, strata, floor and filter (draw-spec §17).
 */
import type { ChecklistItemVersion } from "../checklist/item-view.js";
import type { Db } from "../db/types.js";
import { COMPLAINT_STRATUM, compareUtf8, type InspectorRecord } from "../draw-engine/index.js";
import { Conflict, Unprocessable } from "../errors.js";
import { jointMembers } from "./joint.js";
import { type ExcludedInspector, explainExclusions } from "./pool-exclusions.js";
import type { RoundRow } from "./rounds.js";
import {
  conflictDigestsAt,
  departmentInspectors,
  type FrozenRevision,
  getPublishedVersionById,
  inspectorPool,
  latestRevision,
  type RoundRule,
  roundRule,
} from "./sources.js";

/** Qualification label of rounds whose checklist item requires none: a valid enforcement certificate. */
export const ANY_CERTIFIED = "持有效执法证";

export interface CommitSource {
  departmentId: string;
  code: string;
  item: ChecklistItemVersion;
  rule: RoundRule;
  revision: FrozenRevision;
  /** "" for a single-department round, "CODE/" in a joint round. */
  stratumPrefix: string;
}

/** The complaint stratum rule of a round (RULES §5), as stored on the round. */
export interface ComplaintStratumRule {
  minComplaints: number;
  rateBp: number;
}

/**
 * The lead's source, then every member's in invitation order. A member that has not joined
 * yet holds the commit back (409 naming it): a joint round never commits without a department.
 */
export async function commitSources(tx: Db, round: RoundRow, leadCode: string): Promise<CommitSource[]> {
  const members = await jointMembers(tx, round.id);
  const waiting = members.filter((m) => m.joinedAt === null || m.itemVersionId === null).map((m) => m.code);
  if (waiting.length > 0) throw new Conflict(`waiting for these departments to join: ${waiting.join(", ")}`);
  const joint = members.length > 0;
  const parts = [
    { departmentId: round.departmentId, code: leadCode, itemVersionId: round.itemVersionId },
    ...members.map((m) => ({
      departmentId: m.departmentId,
      code: m.code,
      itemVersionId: m.itemVersionId as string,
    })),
  ];
  const out: CommitSource[] = [];
  for (const p of parts) {
    const item = await getPublishedVersionById(tx, p.departmentId, p.itemVersionId);
    out.push({
      departmentId: p.departmentId,
      code: p.code,
      item,
      rule: await roundRule(tx, p.departmentId, round.planYear, item.itemId),
      revision: await latestRevision(tx, p.departmentId).catch((e) => {
        if (e instanceof Unprocessable && joint)
          throw new Unprocessable(`the entity roster of ${p.code} has no frozen revision yet`);
        throw e;
      }),
      stratumPrefix: joint ? `${p.code}/` : "",
    });
  }
  return out;
}

/** The committed qualification label: the item's own, or ANY_CERTIFIED (always, in a joint round). */
export function committedQualification(sources: readonly CommitSource[]): string {
  const lead = sources[0] as CommitSource;
  return sources.length === 1 ? (lead.item.requiredQualification ?? ANY_CERTIFIED) : ANY_CERTIFIED;
}

/**
 * The committed pool and who on the rosters cannot be drawn. A department's inspectors are
 * committed with its code as `department`. In a joint round each department contributes the
 * inspectors qualified for its OWN item, each labelled ANY_CERTIFIED — the one committed
 * qualification — so every slot takes a member qualified for their own department's matter.
 */
export async function committedPool(
  tx: Db,
  sources: readonly CommitSource[],
  window: { from: string; until: string },
): Promise<{ pool: InspectorRecord[]; excluded: ExcludedInspector[] }> {
  const pool: InspectorRecord[] = [];
  const excluded: ExcludedInspector[] = [];
  const joint = sources.length > 1;
  for (const s of sources) {
    const required = s.item.requiredQualification;
    for (const r of await inspectorPool(tx, s.departmentId, s.code, window.from)) {
      if (joint && required && !r.qualifications.includes(required)) continue;
      // An item without a required qualification takes any certified inspector: every committed
      // record then carries the explicit label, so the engine's rule stays "holds the label".
      pool.push(
        required && !joint ? r : { ...r, qualifications: [...new Set([...r.qualifications, ANY_CERTIFIED])] },
      );
    }
    excluded.push(
      ...explainExclusions(await departmentInspectors(tx, s.departmentId), {
        qualification: required ?? null,
        window,
      }),
    );
  }
  return { pool, excluded };
}

/** Conflict digests in force on `date` in every department of the round, sorted, each once. */
export async function committedConflicts(tx: Db, sources: readonly CommitSource[], date: string) {
  const all = new Set<string>();
  for (const s of sources) for (const d of await conflictDigestsAt(tx, s.departmentId, date)) all.add(d);
  return [...all].sort();
}

/**
 * Strata with their rates: each department's plan rates per risk class (and `unrated`), under
 * its prefix in a joint round, plus its complaint stratum when the round has the rule. The
 * complaint rate must be at least the department's highest class rate: the rule raises
 * intensity, never lowers it. Every stratum of the set must have a rate.
 */
export function committedStrata(
  sources: readonly CommitSource[],
  counts: ReadonlyMap<string, number>,
  complaints: ComplaintStratumRule | null,
) {
  const rates = new Map<string, number>();
  for (const s of sources) {
    for (const [cls, bp] of Object.entries(s.rule.rates)) rates.set(s.stratumPrefix + cls, bp);
    if (complaints) {
      const highest = Math.max(...Object.values(s.rule.rates));
      if (complaints.rateBp < highest)
        throw new Unprocessable(
          `the complaint stratum's rate ${complaints.rateBp} bp is below ${highest} bp, the highest class rate of ${s.code}'s plan: it must raise the intensity`,
        );
      rates.set(s.stratumPrefix + COMPLAINT_STRATUM, complaints.rateBp);
    }
  }
  const unrated = [...counts.keys()].filter((s) => !rates.has(s));
  if (unrated.length > 0)
    throw new Unprocessable(
      `the plan gives no rate for stratum ${unrated.map((s) => JSON.stringify(s)).join(", ")}`,
    );
  return [...rates.keys()]
    .sort(compareUtf8)
    .map((s) => ({ stratum: s, count: counts.get(s) ?? 0, rateBp: rates.get(s) as number }));
}

/** The strictest department's floor (its cited basis when that floor is a legal lower one). */
export function committedFloor(sources: readonly CommitSource[]) {
  const strictest = sources.reduce((a, b) => (b.rule.minTotalBp > a.rule.minTotalBp ? b : a));
  return { minTotalBp: strictest.rule.minTotalBp, legalBasis: strictest.rule.legalBasis };
}

const itemFilter = (i: ChecklistItemVersion) => ({
  entityTypes: i.targetEntityTypes,
  industries: i.targetIndustries,
  regionCodes: i.targetRegionCodes,
});

export const sourceFilter = (s: CommitSource) => itemFilter(s.item);

/**
 * The committed `filter` text (draw-spec §8.1, §17): the item's target filter as JSON, exactly
 * as before for a plain single-department round; with the complaint rule and, in a joint
 * round, every department's item, revision and filter, so the strata can be re-derived from
 * the published roster revisions.
 */
export function committedFilter(
  sources: readonly CommitSource[],
  complaints: ComplaintStratumRule | null,
): string {
  const rule = complaints
    ? {
        complaintStratum: {
          stratum: COMPLAINT_STRATUM,
          minComplaints: complaints.minComplaints,
          field: "complaint_count",
          rateBp: complaints.rateBp,
        },
      }
    : {};
  if (sources.length === 1)
    return JSON.stringify({ ...itemFilter((sources[0] as CommitSource).item), ...rule });
  return JSON.stringify({
    departments: sources.map((s) => ({
      department: s.code,
      item: { code: s.item.code, version: s.item.version },
      roster: { revision: s.revision.label, root: s.revision.root },
      strata: s.stratumPrefix,
      ...itemFilter(s.item),
    })),
    ...rule,
  });
}
