import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** A supervision department (监管部门): the tenant every other row belongs to. */
export const departments = pgTable("departments", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  regionCode: text("region_code").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
