import { z } from "zod";
import { itemCode } from "../checklist/item-input.js";

/**
 * Rates are accepted from 0 to 10000 bp so that a plan below the floor reaches the rule check
 * and is refused with 422 naming the rule, rather than a bare shape error.
 */
const bp = z.number().int().min(0).max(10000);
export const ratesBpInput = z
  .object({ A: bp, B: bp, C: bp, D: bp })
  .describe("Rate per credit-risk class (A lowest risk … D highest), basis points per round");

const rounds = z.number().int().min(1).max(366);

export const planItemInput = z.object({
  itemCode,
  version: z.number().int().min(1).optional().describe("Published version to plan; default: the current one"),
  roundsPerYear: rounds
    .nullable()
    .default(null)
    .describe("Item-specific rounds; null: legal override, else the plan's"),
  ratesBp: ratesBpInput
    .nullable()
    .default(null)
    .describe("Item-specific rates; null: plan rates (raised to a legal rate)"),
});

const planFields = {
  title: z.string().trim().max(200).default(""),
  roundsPerYear: rounds,
  ratesBp: ratesBpInput,
  cooldownDays: z
    .number()
    .int()
    .min(0)
    .max(3660)
    .default(0)
    .describe("Days since an entity's last inspection before it is eligible again"),
  maxInspectionsPerEntityPerYear: z
    .number()
    .int()
    .min(1)
    .max(366)
    .nullable()
    .default(null)
    .describe("Per-entity yearly cap; null = none"),
  notes: z.string().trim().max(4000).default(""),
  items: z
    .array(planItemInput)
    .min(1)
    .max(1000)
    .refine(
      (items) => new Set(items.map((i) => i.itemCode)).size === items.length,
      "an item may appear only once",
    ),
};

export const planYear = z.number().int().min(2000).max(2100);
export const createPlanBody = z.object({ year: planYear, ...planFields });
export const replacePlanBody = z.object(planFields);
export type PlanFields = z.output<typeof replacePlanBody>;

export const amendPlanBody = z.object({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .describe("Why the approved plan is amended (shown publicly with the version)"),
  ...planFields,
});
export type AmendPlanInput = z.output<typeof amendPlanBody>;
