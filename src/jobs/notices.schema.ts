import { index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { departments } from "../departments/schema.js";

/**
 * Things a department's staff must act on, raised by scheduled jobs (roster revision due,
 * publication deadlines). `key` makes raising the same notice twice a no-op.
 */
export const notices = pgTable(
  "notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    kind: text("kind").notNull(),
    key: text("key").notNull(),
    message: text("message").notNull(),
    dueDate: text("due_date"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    unique("notices_department_key_uq").on(t.departmentId, t.key),
    index("notices_department_idx").on(t.departmentId, t.createdAt),
  ],
);
