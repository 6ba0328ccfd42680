import { sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { apiTokens, roleEnum } from "../../auth/schema.js";
import { departments } from "../../departments/schema.js";

export const inspectorStatusEnum = pgEnum("inspector_status", ["active", "suspended", "left"]);

/**
 * The inspector roster (执法人员名录库, RULES §4). The row is the current state; every change
 * also writes an `inspector_history` row, so the table can be updated in real time without
 * losing who changed what. `version` counts changes and orders the history.
 */
export const inspectors = pgTable(
  "inspectors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    name: text("name").notNull(),
    post: text("post"),
    /** 执法证号, half-width; unique within the department. */
    certificateNo: text("certificate_no").notNull(),
    certValidFrom: date("cert_valid_from", { mode: "string" }),
    certValidUntil: date("cert_valid_until", { mode: "string" }).notNull(),
    /** Enforcement types / checklist matters the inspector may inspect. */
    qualifications: text("qualifications").array().notNull().default(sql`'{}'::text[]`),
    district: text("district"),
    status: inspectorStatusEnum("status").notNull().default("active"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("inspectors_department_certificate_uq").on(t.departmentId, t.certificateNo),
    index("inspectors_department_status_idx").on(t.departmentId, t.status),
  ],
);

export const inspectorActionEnum = pgEnum("inspector_action", [
  "create",
  "update",
  "suspend",
  "reinstate",
  "leave",
  "import",
]);

/**
 * Append-only history of the inspector roster: one row per change with the state before
 * (null on creation) and after, and the token that made it. Never updated or deleted.
 */
export const inspectorHistory = pgTable(
  "inspector_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    inspectorId: uuid("inspector_id")
      .notNull()
      .references(() => inspectors.id),
    /** The inspector's `version` after this change. */
    version: integer("version").notNull(),
    action: inspectorActionEnum("action").notNull(),
    /** Null only for changes made outside the API (none today). */
    actorTokenId: uuid("actor_token_id").references(() => apiTokens.id),
    actorRole: roleEnum("actor_role"),
    reason: text("reason"),
    changedFields: text("changed_fields").array().notNull(),
    before: jsonb("before"),
    after: jsonb("after").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("inspector_history_version_uq").on(t.inspectorId, t.version)],
);
