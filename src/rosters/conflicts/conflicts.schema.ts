import { bigint, date, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { apiTokens, roleEnum } from "../../auth/schema.js";
import { departments } from "../../departments/schema.js";
import { inspectors } from "../inspectors/inspectors.schema.js";

/** Recusal grounds (回避, RULES §5; seed 000 法制审核 第五条). */
export const conflictCategoryEnum = pgEnum("conflict_category", [
  "own-interest",
  "spouse",
  "lineal-relative",
  "collateral-relative",
  "close-in-law",
  "former-employment",
  "other",
]);

export const conflictSourceEnum = pgEnum("conflict_source", [
  "self-declared",
  "entity-reported",
  "admin-recorded",
]);

/**
 * Conflict-of-interest registry: an inspector must not inspect this entity while the
 * conflict is in force. Validity is the half-open date range [valid_from, valid_until);
 * ending a conflict sets valid_until (rows are never deleted, for audit).
 */
export const conflicts = pgTable(
  "conflicts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Creation order; the list cursor (timestamps lose precision in JavaScript). */
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    inspectorId: uuid("inspector_id")
      .notNull()
      .references(() => inspectors.id),
    /** Normalised credit code (USCC or legacy number) as checkCreditCode returns it. */
    entityCode: text("entity_code").notNull(),
    /** Null for a valid USCC; the legacy flag otherwise. */
    entityCodeFlag: text("entity_code_flag"),
    category: conflictCategoryEnum("category").notNull(),
    source: conflictSourceEnum("source").notNull(),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validUntil: date("valid_until", { mode: "string" }),
    statement: text("statement"),
    createdByTokenId: uuid("created_by_token_id").references(() => apiTokens.id),
    createdByRole: roleEnum("created_by_role"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    endedByTokenId: uuid("ended_by_token_id").references(() => apiTokens.id),
    endedByRole: roleEnum("ended_by_role"),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: text("end_reason"),
  },
  (t) => [
    index("conflicts_department_inspector_idx").on(t.departmentId, t.inspectorId),
    index("conflicts_department_entity_idx").on(t.departmentId, t.entityCode),
  ],
);
