import { z } from "zod";
import { legalOverrideSchema } from "../checklist/item-view.js";
import type { RatesBp, RoundRule } from "./round-rule.js";
import type { plans } from "./schema.js";

export interface PlanItem {
  itemId: string;
  itemVersionId: string;
  code: string;
  version: number;
  name: string;
  /** Set when the item left the checklist after the plan was made. */
  withdrawnAt: string | null;
  roundsPerYear: number | null;
  ratesBp: RatesBp | null;
  /** The rule rounds of this item follow under the plan. */
  effective: RoundRule;
}

/** One version of a year's plan, as the version list of every plan answer shows it. */
export interface PlanVersionSummary {
  version: number;
  status: "draft" | "approved";
  amendmentReason: string | null;
  approvedAt: string | null;
  /** When a later approved version replaced it; null while it is current (or a draft). */
  supersededAt: string | null;
}

/** An annual plan (one version of it) with its items, as domain code and the API see it. */
export interface Plan {
  id: string;
  year: number;
  /** 1, then one more for each amendment. */
  version: number;
  /** Why this version amends the previous one; null for version 1. */
  amendmentReason: string | null;
  status: "draft" | "approved";
  title: string;
  roundsPerYear: number;
  ratesBp: RatesBp;
  cooldownDays: number;
  maxInspectionsPerEntityPerYear: number | null;
  notes: string;
  createdAt: string;
  updatedAt: string;
  approvedAt: string | null;
  supersededAt: string | null;
  items: PlanItem[];
  /** Every version of the year's plan the reader may see, oldest first. */
  versions: PlanVersionSummary[];
}

export const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

export function toPlan(
  row: typeof plans.$inferSelect,
  items: PlanItem[],
  supersededAt: string | null,
  versions: PlanVersionSummary[],
): Plan {
  return {
    id: row.id,
    year: row.year,
    version: row.version,
    amendmentReason: row.amendmentReason,
    status: row.status as Plan["status"],
    title: row.title,
    roundsPerYear: row.roundsPerYear,
    ratesBp: { A: row.rateABp, B: row.rateBBp, C: row.rateCBp, D: row.rateDBp },
    cooldownDays: row.cooldownDays,
    maxInspectionsPerEntityPerYear: row.maxInspectionsPerEntityPerYear,
    notes: row.notes,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    approvedAt: row.approvedAt === null ? null : iso(row.approvedAt),
    supersededAt,
    items,
    versions,
  };
}

export const ratesBpSchema = z
  .object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int() })
  .meta({ id: "RatesBp" });

const figureSource = z.enum(["plan-item", "legal-override", "plan"]);

export const roundRuleSchema = z
  .object({
    itemVersionId: z.string().uuid(),
    itemCode: z.string(),
    itemVersion: z.number().int(),
    ratesBp: ratesBpSchema,
    roundsPerYear: z.number().int(),
    minRateBp: z.number().int(),
    minRoundsPerYear: z.number().int(),
    legalOverride: legalOverrideSchema.nullable(),
    ratesFrom: figureSource,
    roundsFrom: figureSource,
  })
  .meta({ id: "RoundRule" });

const planStatus = z.enum(["draft", "approved"]);

export const planVersionSummarySchema = z
  .object({
    version: z.number().int(),
    status: planStatus,
    amendmentReason: z.string().nullable(),
    approvedAt: z.string().nullable(),
    supersededAt: z
      .string()
      .nullable()
      .describe("When a later approved version replaced it; null while current"),
  })
  .meta({ id: "PlanVersionSummary" });

export const planSchema = z
  .object({
    id: z.string().uuid(),
    year: z.number().int(),
    version: z
      .number()
      .int()
      .describe("1, then one more per amendment; rounds keep the version they committed under"),
    amendmentReason: z
      .string()
      .nullable()
      .describe("Why this version amends the previous one; null for version 1"),
    status: planStatus,
    title: z.string(),
    roundsPerYear: z.number().int(),
    ratesBp: ratesBpSchema,
    cooldownDays: z.number().int(),
    maxInspectionsPerEntityPerYear: z.number().int().nullable(),
    notes: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    approvedAt: z.string().nullable(),
    supersededAt: z
      .string()
      .nullable()
      .describe("When a later approved version replaced this one; null for the current version or a draft"),
    items: z.array(
      z.object({
        itemId: z.string().uuid(),
        itemVersionId: z.string().uuid(),
        code: z.string(),
        version: z.number().int(),
        name: z.string(),
        withdrawnAt: z.string().nullable(),
        roundsPerYear: z.number().int().nullable(),
        ratesBp: ratesBpSchema.nullable(),
        effective: roundRuleSchema,
      }),
    ),
    versions: z.array(planVersionSummarySchema).describe("Every version of the year's plan, oldest first"),
  })
  .meta({ id: "Plan" });
