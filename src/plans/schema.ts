import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { checklistItems, checklistItemVersions } from "../checklist/schema.js";
import { departments } from "../departments/schema.js";

/**
 * A department's annual inspection plan (年度抽查计划). Drafts may be replaced; an approved
 * plan is immutable and public. Rates are basis points per risk class (10000 = 100 %).
 * A year's plan has numbered versions: an approved plan is amended by a new version (a draft
 * until approved), so rounds committed under an earlier version keep pointing at the exact
 * rule they followed. The year's current plan is its highest approved version.
 */
export const plans = pgTable(
  "plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    year: integer("year").notNull(),
    /** 1 for the year's first plan; each amendment adds one. */
    version: integer("version").notNull().default(1),
    /** Why this version amends the previous one (null for version 1). */
    amendmentReason: text("amendment_reason"),
    /** `draft` or `approved`. */
    status: text("status").notNull().default("draft"),
    title: text("title").notNull().default(""),
    roundsPerYear: integer("rounds_per_year").notNull(),
    rateABp: integer("rate_a_bp").notNull(),
    rateBBp: integer("rate_b_bp").notNull(),
    rateCBp: integer("rate_c_bp").notNull(),
    rateDBp: integer("rate_d_bp").notNull(),
    /** Exclusion policy (防止检查过多): days since an entity's last inspection before it is eligible again. */
    cooldownDays: integer("cooldown_days").notNull().default(0),
    /** Per-entity yearly cap (国办发〔2024〕54号); null = no cap. */
    maxInspectionsPerEntityPerYear: integer("max_inspections_per_entity_per_year"),
    notes: text("notes").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
  },
  (t) => [
    unique("plans_department_year_version_uq").on(t.departmentId, t.year, t.version),
    // At most one pending draft per year (the first plan or an amendment).
    uniqueIndex("plans_one_draft_per_year_uq").on(t.departmentId, t.year).where(sql`${t.status} = 'draft'`),
    check("plans_amendment_reason_ck", sql`(${t.version} = 1) = (${t.amendmentReason} is null)`),
    check("plans_status_ck", sql`${t.status} in ('draft', 'approved')`),
    check("plans_approved_at_ck", sql`(${t.status} = 'approved') = (${t.approvedAt} is not null)`),
  ],
);

/**
 * The checklist item versions a plan covers, optionally with item-specific rounds/rates
 * (null columns fall back to the item's legal override, then to the plan's figures).
 */
export const planItems = pgTable(
  "plan_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => checklistItems.id),
    itemVersionId: uuid("item_version_id")
      .notNull()
      .references(() => checklistItemVersions.id),
    position: integer("position").notNull(),
    roundsPerYear: integer("rounds_per_year"),
    rateABp: integer("rate_a_bp"),
    rateBBp: integer("rate_b_bp"),
    rateCBp: integer("rate_c_bp"),
    rateDBp: integer("rate_d_bp"),
  },
  (t) => [
    unique("plan_items_plan_item_uq").on(t.planId, t.itemId),
    index("plan_items_department_idx").on(t.departmentId),
    check(
      "plan_items_rates_all_or_none_ck",
      sql`num_nulls(${t.rateABp}, ${t.rateBBp}, ${t.rateCBp}, ${t.rateDBp}) in (0, 4)`,
    ),
  ],
);
