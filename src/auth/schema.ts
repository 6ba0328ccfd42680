import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { departments } from "../departments/schema.js";

/**
 * Staff and token roles. admin (科室负责人) may do everything in the department; operator (经办人)
 * does the workflow (rosters, checklist, plans, rounds, findings) but not the department's
 * administration (accounts, departments, tokens, webhooks: routes marked `adminOnly`);
 * auditor (纪检) reads; inspector works on its own assignments.
 */
export const roleEnum = pgEnum("role", ["admin", "inspector", "auditor", "operator"]);

/**
 * Bearer tokens. Only the SHA-256 of the secret part is stored; the token id is public
 * so the lookup does not depend on the secret and the comparison can be constant-time.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    role: roleEnum("role").notNull(),
    /** Set for role `inspector`: the inspector record the token acts as. */
    inspectorId: uuid("inspector_id"),
    label: text("label").notNull(),
    secretHash: text("secret_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_tokens_department_idx").on(t.departmentId)],
);
