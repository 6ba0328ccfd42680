/**
 * The 细则第九条 floors checked in the form before anything is sent, with the same rules and
 * constants the server applies (src/checklist/floors.ts, item-input.ts itemRuleErrors): without
 * a law, ≥ 3 % per round and ≥ 2 rounds a year; a cited legal override replaces the floor it sets.
 * Messages are in Chinese because the people filling the form read Chinese.
 */
import { FULL_RATE_BP, MIN_RATE_BP, MIN_ROUNDS_PER_YEAR } from "../../../checklist/floors";

export { FULL_RATE_BP, MIN_RATE_BP, MIN_ROUNDS_PER_YEAR };

/** Percent as typed (e.g. 3 or 2.5) to basis points; integer arithmetic from here on. */
export function percentToBp(percent: number | null | undefined): number | null {
  return percent === null || percent === undefined ? null : Math.round(percent * 100);
}

export function bpToPercent(bp: number | null | undefined): number | null {
  return bp === null || bp === undefined ? null : bp / 100;
}

export interface FloorInput {
  defaultRateBp: number | null;
  defaultRoundsPerYear: number | null;
  override: { rateBp: number | null; roundsPerYear: number | null } | null;
}

/** The reason a default rate is refused, or null. */
export function rateProblem(f: FloorInput): string | null {
  const rate = f.defaultRateBp;
  if (rate === null) return null;
  if (rate < 1 || rate > FULL_RATE_BP) return "抽查比例应在 0.01% 到 100% 之间";
  const legal = f.override?.rateBp ?? null;
  if (legal === null && rate < MIN_RATE_BP)
    return `细则第九条：法律法规未规定比例的，每轮抽查比例不得低于 ${MIN_RATE_BP / 100}%；如法律另有规定，请填写“法定比例/频次”并注明依据`;
  if (legal !== null && rate < legal) return `抽查比例不得低于法定比例 ${legal / 100}%`;
  return null;
}

/** The reason a default rounds-a-year figure is refused, or null. */
export function roundsProblem(f: FloorInput): string | null {
  const rounds = f.defaultRoundsPerYear;
  if (rounds === null) return null;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 366) return "每年抽查轮次应为 1 到 366 的整数";
  const legal = f.override?.roundsPerYear ?? null;
  if (legal === null && rounds < MIN_ROUNDS_PER_YEAR)
    return `细则第九条：法律法规未规定频次的，每年抽查不得少于 ${MIN_ROUNDS_PER_YEAR} 轮；如法律另有规定，请填写“法定比例/频次”并注明依据`;
  if (legal !== null && rounds < legal) return `每年抽查轮次不得少于法定频次 ${legal} 轮`;
  return null;
}

/** A legal override must set a rate, a frequency or both, and cite its basis. */
export function overrideProblem(o: { rateBp: number | null; roundsPerYear: number | null; basis: string }) {
  if (o.rateBp === null && o.roundsPerYear === null) return "法定比例和法定频次至少填写一项";
  if (!o.basis.trim()) return "请引用规定该比例或频次的法律条文";
  return null;
}
