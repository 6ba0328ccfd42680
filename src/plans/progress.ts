/**
 * Plan tracking (issue 14): for each item of a year's plan, the rounds planned vs committed vs
 * drawn vs closed, and the entities eligible, drawn and inspected per risk class against the
 * plan's rates. Failed rounds count nowhere; a supplementary draw adds its entities but is not a
 * round of its own (it completes the round it supplements).
 *
 * Entity figures are distinct over the year's rounds of the item: an entity eligible in both
 * rounds counts once, so `entitiesDrawn / eligibleEntities` is the share of the roster the year
 * has reached.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { UNRATED_STRATUM } from "../draws/sources.js";
import { getPlan } from "./plan-queries.js";
import { RISK_CLASSES } from "./round-rule.js";

const COMMITTED = ["committed", "revealed", "drawn", "in_progress", "closed"];
const DRAWN = ["drawn", "in_progress", "closed"];

export interface RiskClassProgress {
  riskClass: string;
  /** The plan's rate for the class, percent as a string ("3", "2.5"). */
  rate: string;
  eligible: number;
  drawn: number;
}

export interface ItemProgress {
  itemCode: string;
  itemName: string;
  roundsPlanned: number;
  roundsCommitted: number;
  roundsDrawn: number;
  roundsClosed: number;
  eligibleEntities: number;
  entitiesDrawn: number;
  entitiesInspected: number;
  /** The item's floor rate (3 % unless the law sets another), percent as a string. */
  minRate: string;
  byRiskClass: RiskClassProgress[];
}

export interface PlanProgress {
  year: number;
  items: ItemProgress[];
}

/** Basis points as a percent string without trailing zeros: 300 → "3", 250 → "2.5". */
export function bpToPercent(bp: number): string {
  return String(bp / 100);
}

interface RoundCount {
  item_id: string;
  status: string;
  n: number;
}
interface StratumCount {
  item_id: string;
  stratum: string;
  n: number;
}
interface ItemCount {
  item_id: string;
  n: number;
}

/** The year's non-failed rounds of the department with their item (any version of it). */
const yearRounds = (departmentId: string, year: number) => sql`
  select r.id, r.status, r.supplements_round_id, v.item_id
  from rounds r join checklist_item_versions v on v.id = r.item_version_id
  where r.department_id = ${departmentId} and r.plan_year = ${year} and r.status <> 'failed'`;

export interface ProgressVisibility {
  /** Inspectors and the public see approved versions only. */
  approvedOnly: boolean;
  /** The public sees the approved plan and counts only published findings as inspected. */
  publishedFindingsOnly: boolean;
}

export async function planProgress(
  db: Db,
  departmentId: string,
  year: number,
  opts: ProgressVisibility,
): Promise<PlanProgress> {
  const plan = await getPlan(db, departmentId, year, opts);
  const published = opts.publishedFindingsOnly
    ? sql`and exists (select 1 from publications p where p.finding_id = f.id)`
    : sql``;
  const rounds = yearRounds(departmentId, year);
  const [roundCounts, eligible, drawn, inspected] = await Promise.all([
    queryRows<RoundCount>(
      db,
      sql`with y as (${rounds}) select item_id, status::text as status, count(*)::int as n
          from y where supplements_round_id is null group by 1, 2`,
    ),
    queryRows<StratumCount>(
      db,
      // round_eligible is partitioned by round: one lateral read per round (offset 0 keeps it a
      // parameterised subquery) reads only that round's partition instead of every round's.
      sql`with y as (${rounds}) select y.item_id, e.stratum, count(distinct e.entity_id)::int as n
          from y cross join lateral (select stratum, entity_id from round_eligible
                                     where round_id = y.id offset 0) e group by 1, 2`,
    ),
    queryRows<StratumCount>(
      db,
      sql`with y as (${rounds}) select y.item_id, s.stratum, count(distinct s.entity_id)::int as n
          from y join round_selected s on s.round_id = y.id and s.department_id = ${departmentId} group by 1, 2`,
    ),
    queryRows<ItemCount>(
      db,
      sql`with y as (${rounds}) select y.item_id, count(distinct f.entity_id)::int as n
          from y join findings f on f.round_id = y.id and f.department_id = ${departmentId} ${published}
          group by 1`,
    ),
  ]);

  const roundsWith = (itemId: string, statuses: string[]) =>
    roundCounts
      .filter((r) => r.item_id === itemId && statuses.includes(r.status))
      .reduce((s, r) => s + r.n, 0);
  const stratum = (rows: StratumCount[], itemId: string, s: string) =>
    rows.find((r) => r.item_id === itemId && r.stratum === s)?.n ?? 0;
  const total = (rows: StratumCount[], itemId: string) =>
    rows.filter((r) => r.item_id === itemId).reduce((s, r) => s + r.n, 0);

  return {
    year,
    items: plan.items.map((item) => {
      const rule = item.effective;
      const classes = [...RISK_CLASSES, UNRATED_STRATUM] as const;
      const rateOf = (c: string) =>
        c === UNRATED_STRATUM
          ? Math.max(...RISK_CLASSES.map((k) => rule.ratesBp[k]))
          : rule.ratesBp[c as "A"];
      return {
        itemCode: item.code,
        itemName: item.name,
        roundsPlanned: rule.roundsPerYear,
        roundsCommitted: roundsWith(item.itemId, COMMITTED),
        roundsDrawn: roundsWith(item.itemId, DRAWN),
        roundsClosed: roundsWith(item.itemId, ["closed"]),
        eligibleEntities: total(eligible, item.itemId),
        entitiesDrawn: total(drawn, item.itemId),
        entitiesInspected: inspected.find((r) => r.item_id === item.itemId)?.n ?? 0,
        minRate: bpToPercent(rule.minRateBp),
        // Unrated entities draw at the highest class rate (src/draws/sources.ts); shown only when present.
        byRiskClass: classes
          .filter((c) => c !== UNRATED_STRATUM || stratum(eligible, item.itemId, c) > 0)
          .map((c) => ({
            riskClass: c,
            rate: bpToPercent(rateOf(c)),
            eligible: stratum(eligible, item.itemId, c),
            drawn: stratum(drawn, item.itemId, c),
          })),
      };
    }),
  };
}
