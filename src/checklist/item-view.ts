import { z } from "zod";
import type { LegalOverride } from "./floors.js";
import { type InspectionMethod, type ItemFields, inspectionMethod } from "./item-input.js";
import type { ChecklistItemVersionRow, checklistItems } from "./schema.js";

/** The item-level columns a version view needs. */
export type ItemIdentity = Pick<
  typeof checklistItems.$inferSelect,
  "code" | "withdrawnAt" | "withdrawalReason"
>;

/** One version of a checklist item, as domain code and the API see it. */
export interface ChecklistItemVersion {
  id: string;
  itemId: string;
  code: string;
  version: number;
  status: "draft" | "published";
  inspectingBody: string;
  name: string;
  legalBasis: string;
  content: string;
  methods: InspectionMethod[];
  targetDescription: string;
  targetEntityTypes: string[];
  targetIndustries: string[];
  targetRegionCodes: string[];
  requiredQualification: string | null;
  entityCount: number | null;
  defaultRateBp: number | null;
  defaultRoundsPerYear: number | null;
  legalOverride: LegalOverride | null;
  notes: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  /** Set once the item has left the checklist; its versions stay public as history. */
  withdrawnAt: string | null;
  withdrawalReason: string | null;
}

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

export function toItemVersion(row: ChecklistItemVersionRow, item: ItemIdentity): ChecklistItemVersion {
  const override =
    row.overrideBasis === null
      ? null
      : { rateBp: row.overrideRateBp, roundsPerYear: row.overrideRoundsPerYear, basis: row.overrideBasis };
  return {
    id: row.id,
    itemId: row.itemId,
    code: item.code,
    version: row.version,
    status: row.status as ChecklistItemVersion["status"],
    inspectingBody: row.inspectingBody,
    name: row.name,
    legalBasis: row.legalBasis,
    content: row.content,
    methods: row.methods as InspectionMethod[],
    targetDescription: row.targetDescription,
    targetEntityTypes: row.targetEntityTypes,
    targetIndustries: row.targetIndustries,
    targetRegionCodes: row.targetRegionCodes,
    requiredQualification: row.requiredQualification,
    entityCount: row.entityCount,
    defaultRateBp: row.defaultRateBp,
    defaultRoundsPerYear: row.defaultRoundsPerYear,
    legalOverride: override,
    notes: row.notes,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    publishedAt: row.publishedAt === null ? null : iso(row.publishedAt),
    withdrawnAt: item.withdrawnAt === null ? null : iso(item.withdrawnAt),
    withdrawalReason: item.withdrawalReason,
  };
}

/** The editable fields of a version (to merge a patch onto, or to copy into a new version). */
export function fieldsOf(v: ChecklistItemVersion): ItemFields {
  return {
    inspectingBody: v.inspectingBody,
    name: v.name,
    legalBasis: v.legalBasis,
    content: v.content,
    methods: v.methods,
    targetDescription: v.targetDescription,
    targetEntityTypes: v.targetEntityTypes,
    targetIndustries: v.targetIndustries,
    targetRegionCodes: v.targetRegionCodes,
    requiredQualification: v.requiredQualification,
    entityCount: v.entityCount,
    defaultRateBp: v.defaultRateBp,
    defaultRoundsPerYear: v.defaultRoundsPerYear,
    legalOverride: v.legalOverride,
    notes: v.notes,
  };
}

/** Column values for an insert/update from the editable fields. */
export function columnsOf(f: ItemFields) {
  const { legalOverride, ...rest } = f;
  return {
    ...rest,
    overrideRateBp: legalOverride?.rateBp ?? null,
    overrideRoundsPerYear: legalOverride?.roundsPerYear ?? null,
    overrideBasis: legalOverride?.basis ?? null,
  };
}

export const legalOverrideSchema = z
  .object({
    rateBp: z.number().int().nullable(),
    roundsPerYear: z.number().int().nullable(),
    basis: z.string(),
  })
  .meta({ id: "LegalOverride" });

export const itemVersionSchema = z
  .object({
    id: z.string().uuid(),
    itemId: z.string().uuid(),
    code: z.string(),
    version: z.number().int(),
    status: z.enum(["draft", "published"]),
    inspectingBody: z.string(),
    name: z.string(),
    legalBasis: z.string(),
    content: z.string(),
    methods: z.array(inspectionMethod),
    targetDescription: z.string(),
    targetEntityTypes: z.array(z.string()),
    targetIndustries: z.array(z.string()),
    targetRegionCodes: z.array(z.string()),
    requiredQualification: z.string().nullable(),
    entityCount: z.number().int().nullable(),
    defaultRateBp: z.number().int().nullable(),
    defaultRoundsPerYear: z.number().int().nullable(),
    legalOverride: legalOverrideSchema.nullable(),
    notes: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
    withdrawnAt: z.string().nullable(),
    withdrawalReason: z.string().nullable(),
  })
  .meta({ id: "ChecklistItemVersion" });

export const itemSummarySchema = z
  .object({
    itemId: z.string().uuid(),
    code: z.string(),
    published: itemVersionSchema.nullable().describe("The current published version"),
    draft: itemVersionSchema
      .nullable()
      .describe("The pending draft (never shown to inspectors or the public)"),
  })
  .meta({ id: "ChecklistItemSummary" });
