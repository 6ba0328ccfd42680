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
import { departments } from "../departments/schema.js";

/**
 * A checklist item (随机抽查事项) as an identity: its code is stable across versions so
 * plans, rounds and the public can cite "item X, version n".
 */
export const checklistItems = pgTable(
  "checklist_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    code: text("code").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Set when the item leaves the list (动态调整: its law was repealed or the duty moved). Its
     * published versions stay public as history; it can no longer be edited or planned.
     */
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawalReason: text("withdrawal_reason"),
  },
  (t) => [
    unique("checklist_items_department_code_uq").on(t.departmentId, t.code),
    check("checklist_items_withdrawal_ck", sql`(${t.withdrawnAt} is null) = (${t.withdrawalReason} is null)`),
  ],
);

/**
 * One version of an item. A draft may be edited; once published (事前公开) a version never
 * changes — editing a published item starts a new draft with the next version number.
 * At most one draft exists per item (partial unique index), and it is always the newest.
 */
export const checklistItemVersions = pgTable(
  "checklist_item_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    itemId: uuid("item_id")
      .notNull()
      .references(() => checklistItems.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    /** `draft` or `published`. */
    status: text("status").notNull().default("draft"),
    /** 抽查主体 */
    inspectingBody: text("inspecting_body").notNull(),
    /** 抽查事项 */
    name: text("name").notNull(),
    /** 检查依据 — required: no basis, no inspection (细则第五条). */
    legalBasis: text("legal_basis").notNull(),
    /** 检查内容 */
    content: text("content").notNull(),
    /** 检查方式: any of `written` (书面检查), `on_site` (实地查看). */
    methods: text("methods").array().notNull(),
    /** 适用对象 as published, e.g. 律师事务所和律师. */
    targetDescription: text("target_description").notNull().default(""),
    /** Machine filters over the entity roster; an empty array matches every entity. */
    targetEntityTypes: text("target_entity_types").array().notNull().default(sql`'{}'::text[]`),
    targetIndustries: text("target_industries").array().notNull().default(sql`'{}'::text[]`),
    targetRegionCodes: text("target_region_codes").array().notNull().default(sql`'{}'::text[]`),
    /** Qualification an inspector must hold to be drawn for this item (null: any certified). */
    requiredQualification: text("required_qualification"),
    /** 市场主体数量 as published (informational). */
    entityCount: integer("entity_count"),
    defaultRateBp: integer("default_rate_bp"),
    defaultRoundsPerYear: integer("default_rounds_per_year"),
    /** Legal override (法律法规规章有规定的，按规定实施): figures and the provision that sets them. */
    overrideRateBp: integer("override_rate_bp"),
    overrideRoundsPerYear: integer("override_rounds_per_year"),
    overrideBasis: text("override_basis"),
    /** 备注 */
    notes: text("notes").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [
    unique("checklist_item_versions_item_version_uq").on(t.itemId, t.version),
    uniqueIndex("checklist_item_versions_one_draft_uq").on(t.itemId).where(sql`status = 'draft'`),
    index("checklist_item_versions_department_idx").on(t.departmentId),
    check("checklist_item_versions_status_ck", sql`${t.status} in ('draft', 'published')`),
    check(
      "checklist_item_versions_published_at_ck",
      sql`(${t.status} = 'published') = (${t.publishedAt} is not null)`,
    ),
    check("checklist_item_versions_basis_ck", sql`length(btrim(${t.legalBasis})) > 0`),
    check(
      "checklist_item_versions_override_ck",
      sql`(${t.overrideRateBp} is null and ${t.overrideRoundsPerYear} is null) = (${t.overrideBasis} is null)`,
    ),
  ],
);

export type ChecklistItemVersionRow = typeof checklistItemVersions.$inferSelect;
