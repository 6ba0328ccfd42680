import { describeBp, FLOOR_RULE, itemFloor, type LegalOverride } from "../checklist/floors.js";
import { type FieldError, Unprocessable } from "../errors.js";

export const RISK_CLASSES = ["A", "B", "C", "D"] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];
/** Sampling rate per credit-risk class, in basis points (10000 = 100 %). */
export type RatesBp = Record<RiskClass, number>;

export interface PlanItemRuleInput {
  itemVersionId: string;
  /** Item-specific figures; null falls back to the legal override, then the plan. */
  roundsPerYear: number | null;
  ratesBp: RatesBp | null;
}

export interface PlanRuleInput {
  year: number;
  roundsPerYear: number;
  ratesBp: RatesBp;
  items: PlanItemRuleInput[];
}

/** What the rule needs of a checklist item version (a ChecklistItemVersion fits). */
export interface RuleItem {
  id: string;
  code: string;
  version: number;
  legalOverride: LegalOverride | null;
}

export type FigureSource = "plan-item" | "legal-override" | "plan";

export interface RoundRule {
  itemVersionId: string;
  itemCode: string;
  itemVersion: number;
  /** Rates the rounds of this item draw at, per risk class. */
  ratesBp: RatesBp;
  /** Rounds a year planned for this item. */
  roundsPerYear: number;
  /** The floors that apply: the legal override's figures where given, else 3 % and 2 rounds. */
  minRateBp: number;
  minRoundsPerYear: number;
  /** The override and its cited basis, when the law sets rate or frequency. */
  legalOverride: LegalOverride | null;
  ratesFrom: FigureSource;
  roundsFrom: FigureSource;
}

/**
 * The rule the rounds of `item` follow under `plan`.
 *
 * Precedence: figures given for the item in the plan; else the item's legal override; else the
 * plan's figures. A legal rate is a floor, so without item-specific rates each class draws at
 * max(plan rate, legal rate) — a 100 % item stays 100 % and higher-risk classes keep their higher
 * plan rate. A legal frequency (e.g. 一年一次) is the statutory cycle and replaces the plan's.
 */
export function effectiveRoundRule(item: RuleItem, plan: PlanRuleInput): RoundRule {
  const entry = plan.items.find((i) => i.itemVersionId === item.id);
  if (!entry)
    throw new Unprocessable(`checklist item ${item.code} v${item.version} is not in the ${plan.year} plan`);
  const floor = itemFloor(item.legalOverride);
  const lawRate = item.legalOverride?.rateBp ?? null;
  const lawRounds = item.legalOverride?.roundsPerYear ?? null;

  let ratesBp: RatesBp;
  let ratesFrom: FigureSource;
  if (entry.ratesBp) [ratesBp, ratesFrom] = [{ ...entry.ratesBp }, "plan-item"];
  else if (lawRate !== null) {
    ratesBp = { A: 0, B: 0, C: 0, D: 0 };
    for (const k of RISK_CLASSES) ratesBp[k] = Math.max(plan.ratesBp[k], lawRate);
    ratesFrom = "legal-override";
  } else [ratesBp, ratesFrom] = [{ ...plan.ratesBp }, "plan"];

  let roundsPerYear: number;
  let roundsFrom: FigureSource;
  if (entry.roundsPerYear !== null) [roundsPerYear, roundsFrom] = [entry.roundsPerYear, "plan-item"];
  else if (lawRounds !== null) [roundsPerYear, roundsFrom] = [lawRounds, "legal-override"];
  else [roundsPerYear, roundsFrom] = [plan.roundsPerYear, "plan"];

  return {
    itemVersionId: item.id,
    itemCode: item.code,
    itemVersion: item.version,
    ratesBp,
    roundsPerYear,
    minRateBp: floor.minRateBp,
    minRoundsPerYear: floor.minRoundsPerYear,
    legalOverride: item.legalOverride,
    ratesFrom,
    roundsFrom,
  };
}

/** The rule a refusal names, and the parenthetical that quotes it. */
function cite(source: string, floorText: string): [string, string] {
  if (source === FLOOR_RULE) return [FLOOR_RULE, floorText];
  return [`${FLOOR_RULE} (法律法规规章有规定的，按规定实施)`, `set by the legal override: ${source}`];
}

/**
 * Every way the plan breaks the floors of 细则第九条 (or an item's legal override), one error
 * per item and field. `items` are the plan's item versions in plan order.
 */
export function planRuleErrors(plan: PlanRuleInput, items: RuleItem[]): FieldError[] {
  const errors: FieldError[] = [];
  items.forEach((item, index) => {
    const rule = effectiveRoundRule(item, plan);
    const floor = itemFloor(item.legalOverride);
    const who = `item ${item.code} v${item.version}`;
    const [rateRule, rateNote] = cite(floor.rateSource, "(抽查比例原则上不低于3%)");
    for (const k of RISK_CLASSES) {
      if (rule.ratesBp[k] >= rule.minRateBp) continue;
      errors.push({
        field: rule.ratesFrom === "plan-item" ? `items[${index}].ratesBp.${k}` : `ratesBp.${k}`,
        reason: `${rateRule}: ${who}, risk class ${k}: ${describeBp(rule.ratesBp[k])} per round is below ${describeBp(rule.minRateBp)} ${rateNote}`,
      });
    }
    if (rule.roundsPerYear < rule.minRoundsPerYear) {
      const [roundsRule, roundsNote] = cite(floor.roundsSource, "(抽查频次原则上每年不小于2次)");
      errors.push({
        field: rule.roundsFrom === "plan-item" ? `items[${index}].roundsPerYear` : "roundsPerYear",
        reason: `${roundsRule}: ${who}: ${rule.roundsPerYear} round(s) a year is below ${rule.minRoundsPerYear} ${roundsNote}`,
      });
    }
  });
  return errors;
}
