/**
 * Strata from the frozen rosters (docs/draw-spec.md §17): the service's rule, not part of
 * an algorithm. It decides which stratum each eligible entity is committed in; selection is
 * then the algorithm's ordinary per-stratum draw (§7, §16.5), so adding a stratum changes no
 * byte of any algorithm. Anyone holding the published roster revisions can re-derive the
 * eligible set's strata with this function (integers and byte comparisons only).
 */
import { eligibleEntries } from "./eligible-set.js";
import { packEligibleSet } from "./eligible-set-rules.js";

/** The stratum of entities the complaint rule raises (RULES §5). */
export const COMPLAINT_STRATUM = "complaints";
/** Entities without a credit-risk class. */
export const UNRATED_STRATUM = "unrated";

/** The fields of a roster row (docs/roster-commitment.md) the rule reads. */
export interface RosterStratumRow {
  id: string;
  /** "A" … "D", or null. */
  riskClass: string | null;
  /** complaint_count of the frozen revision: complaints in the 12 months before it was frozen. */
  complaintCount: number;
}

/** The committed complaint rule (the `complaintStratum` member of the committed filter, §17.1). */
export interface ComplaintRule {
  minComplaints: number;
}

/** §17.1: "complaints" when the count reaches the threshold, else the risk class, else "unrated". */
export function stratumOf(row: RosterStratumRow, rule: ComplaintRule | null): string {
  if (rule && row.complaintCount >= rule.minComplaints) return COMPLAINT_STRATUM;
  return row.riskClass ?? UNRATED_STRATUM;
}

/**
 * §17.2: the eligible entries of one or more departments' rows (each already through its
 * department's filter and exclusions), in set order (§16.3). A joint round prefixes each
 * department's strata with "CODE/"; an id on several rosters is taken once, from the first
 * department listing it.
 */
export function strataFromRosters(
  departments: readonly { prefix: string; rows: readonly RosterStratumRow[] }[],
  rule: ComplaintRule | null,
): { stratum: string; id: string }[] {
  const seen = new Set<string>();
  const out: { stratum: string; id: string }[] = [];
  for (const d of departments)
    for (const r of d.rows) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push({ stratum: d.prefix + stratumOf(r, rule), id: r.id });
    }
  return eligibleEntries(packEligibleSet(out));
}
