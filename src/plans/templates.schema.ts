import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { departments } from "../departments/schema.js";
import { plans } from "./schema.js";

/**
 * A plan template (计划模板) a higher level publishes for the departments below it: items,
 * rounds and rates as one immutable document (`content`, the plan fields without the year).
 * Lower levels adopt it into their own draft plan (plan_template_adoptions).
 */
export const planTemplates = pgTable(
  "plan_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    year: integer("year").notNull(),
    title: text("title").notNull(),
    content: jsonb("content").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("plan_templates_department_idx").on(t.departmentId, t.year)],
);

/** Which department adopted which template into which of its plans (the publisher's view of uptake). */
export const planTemplateAdoptions = pgTable(
  "plan_template_adoptions",
  {
    templateId: uuid("template_id")
      .notNull()
      .references(() => planTemplates.id),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    adoptedAt: timestamp("adopted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("plan_template_adoptions_uq").on(t.templateId, t.departmentId)],
);
