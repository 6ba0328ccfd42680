import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * A supervision department (监管部门): the tenant every other row belongs to. Departments form
 * a tree (province → city → county, src/departments/region.ts): `parentId` names the department
 * one level up, null for a top-level one.
 */
export const departments = pgTable(
  "departments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    regionCode: text("region_code").notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => departments.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("departments_parent_idx").on(t.parentId),
    check("departments_parent_not_self_ck", sql`${t.parentId} is distinct from ${t.id}`),
  ],
);
