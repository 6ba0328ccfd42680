/**
 * The plan's 细则第九条 check in the form, before anything is sent: the same precedence as the
 * server's effectiveRoundRule (src/plans/round-rule.ts) — item figures, else the legal
 * override (a rate floor, a statutory cycle), else the plan's — against the same floors
 * (src/checklist/floors.ts). Messages in Chinese name the item and the class.
 */
import { itemFloor, type LegalOverride } from "../../../checklist/floors";

export const CLASSES = ["A", "B", "C", "D"] as const;
export type Rates = Record<(typeof CLASSES)[number], number>;

export interface PlanDraftItem {
  code: string;
  legalOverride: LegalOverride | null;
  roundsPerYear: number | null;
  ratesBp: Rates | null;
}

const pct = (bp: number) => `${bp / 100}%`;

/** One message per item and figure that falls below its floor; empty when the plan may be saved. */
export function planFloorProblems(plan: { roundsPerYear: number; ratesBp: Rates }, items: PlanDraftItem[]) {
  const problems: string[] = [];
  for (const item of items) {
    const floor = itemFloor(item.legalOverride);
    const lawRate = item.legalOverride?.rateBp ?? null;
    const lawRounds = item.legalOverride?.roundsPerYear ?? null;
    const rateRule = lawRate === null ? "细则第九条" : `法定（${floor.rateSource}）`;
    for (const k of CLASSES) {
      const rate = item.ratesBp
        ? item.ratesBp[k]
        : lawRate !== null
          ? Math.max(plan.ratesBp[k], lawRate)
          : plan.ratesBp[k];
      if (rate < floor.minRateBp)
        problems.push(
          `事项 ${item.code}：${k} 类抽查比例 ${pct(rate)} 低于${rateRule}规定的 ${pct(floor.minRateBp)}`,
        );
    }
    const rounds = item.roundsPerYear ?? lawRounds ?? plan.roundsPerYear;
    if (rounds < floor.minRoundsPerYear)
      problems.push(
        `事项 ${item.code}：每年 ${rounds} 轮，少于${lawRounds === null ? "细则第九条规定的" : `法定（${floor.roundsSource}）的`} ${floor.minRoundsPerYear} 轮`,
      );
  }
  return problems;
}
