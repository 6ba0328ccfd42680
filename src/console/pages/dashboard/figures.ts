/** Percentages the dashboard plots, from the API's counts and its rate strings ("3" = 3 %). */
import type { ProgressItem } from "../../api/dashboard";

/** drawn / eligible in percent, two decimals; 0 when nothing was eligible. */
export function coveragePercent(drawn: number, eligible: number): number {
  return eligible === 0 ? 0 : Math.round((drawn / eligible) * 10_000) / 100;
}

export function itemCoverage(item: ProgressItem): number {
  return coveragePercent(item.entitiesDrawn, item.eligibleEntities);
}

/** Rounds a year needs at least (细则第九条: ≥ 2 unless the plan says more). */
export const MIN_ROUNDS = 2;

export function roundsTarget(item: ProgressItem): number {
  return Math.max(item.roundsPlanned, MIN_ROUNDS);
}
