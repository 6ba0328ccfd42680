import { z } from "zod";
import type { FieldError } from "../errors.js";
import { describeBp, FLOOR_RULE, FULL_RATE_BP, MIN_RATE_BP, MIN_ROUNDS_PER_YEAR } from "./floors.js";

/** 书面检查 = written review of documents; 实地查看 = on-site visit. */
export const inspectionMethod = z.enum(["written", "on_site"]);
export type InspectionMethod = z.infer<typeof inspectionMethod>;

const text = (max: number) => z.string().trim().min(1).max(max);
const filterList = z.array(z.string().trim().min(1).max(100)).max(500);
const rateBp = z.number().int().min(1).max(FULL_RATE_BP);
const roundsPerYear = z.number().int().min(1).max(366);

/** Item codes appear in URLs, so they are restricted to a URL-safe alphabet. */
export const itemCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "1–64 characters: letters, digits, '.', '_' or '-'");

export const legalOverrideInput = z
  .object({
    rateBp: rateBp.nullable().default(null),
    roundsPerYear: roundsPerYear.nullable().default(null),
    basis: text(4000).describe("The provision that sets the figures (cited text)"),
  })
  .refine((o) => o.rateBp !== null || o.roundsPerYear !== null, {
    message: "a legal override sets a rate, a frequency or both",
    path: ["rateBp"],
  });

const itemFields = {
  inspectingBody: text(200).describe("抽查主体"),
  name: text(500).describe("抽查事项"),
  legalBasis: text(8000).describe("检查依据 — required: no basis, no inspection"),
  content: text(8000).describe("检查内容"),
  methods: z
    .array(inspectionMethod)
    .min(1)
    .refine((m) => new Set(m).size === m.length, "methods must not repeat")
    .describe("检查方式"),
  targetDescription: z.string().trim().max(500).default("").describe("适用对象 as published"),
  targetEntityTypes: filterList.default([]).describe("Entity types matched; empty = all"),
  targetIndustries: filterList.default([]).describe("Industries matched; empty = all"),
  targetRegionCodes: filterList.default([]).describe("Region codes matched; empty = all"),
  requiredQualification: z.string().trim().min(1).max(100).nullable().default(null),
  entityCount: z.number().int().min(0).nullable().default(null).describe("市场主体数量 as published"),
  defaultRateBp: rateBp.nullable().default(null),
  defaultRoundsPerYear: roundsPerYear.nullable().default(null),
  legalOverride: legalOverrideInput.nullable().default(null),
  notes: z.string().trim().max(2000).default("").describe("备注"),
};

export const createItemBody = z.object({ code: itemCode, ...itemFields });
export type ItemFields = Omit<z.output<typeof createItemBody>, "code">;
export type CreateItemInput = z.output<typeof createItemBody>;

/** PATCH: any subset of the fields (not the code); null clears a nullable field. */
export const patchItemBody = z
  .object({
    inspectingBody: itemFields.inspectingBody,
    name: itemFields.name,
    legalBasis: itemFields.legalBasis,
    content: itemFields.content,
    methods: itemFields.methods,
    targetDescription: z.string().trim().max(500),
    targetEntityTypes: filterList,
    targetIndustries: filterList,
    targetRegionCodes: filterList,
    requiredQualification: z.string().trim().min(1).max(100).nullable(),
    entityCount: z.number().int().min(0).nullable(),
    defaultRateBp: rateBp.nullable(),
    defaultRoundsPerYear: roundsPerYear.nullable(),
    legalOverride: legalOverrideInput.nullable(),
    notes: z.string().trim().max(2000),
  })
  .partial();
export type ItemPatch = z.output<typeof patchItemBody>;

/**
 * Rule checks beyond shape (→ 422): an item's own default figures must meet the floors of
 * 细则第九条 unless its legal override sets that figure.
 */
export function itemRuleErrors(fields: ItemFields): FieldError[] {
  const errors: FieldError[] = [];
  const o = fields.legalOverride;
  if (fields.defaultRateBp !== null && o?.rateBp == null && fields.defaultRateBp < MIN_RATE_BP) {
    errors.push({
      field: "defaultRateBp",
      reason: `${FLOOR_RULE}: default rate ${describeBp(fields.defaultRateBp)} is below ${describeBp(MIN_RATE_BP)}; cite a legal override to go lower`,
    });
  }
  if (
    fields.defaultRoundsPerYear !== null &&
    o?.roundsPerYear == null &&
    fields.defaultRoundsPerYear < MIN_ROUNDS_PER_YEAR
  ) {
    errors.push({
      field: "defaultRoundsPerYear",
      reason: `${FLOOR_RULE}: ${fields.defaultRoundsPerYear} round(s) a year is below ${MIN_ROUNDS_PER_YEAR}; cite a legal override to go lower`,
    });
  }
  if (o?.rateBp != null && fields.defaultRateBp !== null && fields.defaultRateBp < o.rateBp) {
    errors.push({
      field: "defaultRateBp",
      reason: `default rate ${describeBp(fields.defaultRateBp)} is below the legal override's ${describeBp(o.rateBp)}`,
    });
  }
  if (
    o?.roundsPerYear != null &&
    fields.defaultRoundsPerYear !== null &&
    fields.defaultRoundsPerYear < o.roundsPerYear
  ) {
    errors.push({
      field: "defaultRoundsPerYear",
      reason: `${fields.defaultRoundsPerYear} round(s) a year is below the legal override's ${o.roundsPerYear}`,
    });
  }
  return errors;
}
