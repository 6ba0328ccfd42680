import {
  bigint,
  boolean,
  date,
  index,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { departments } from "../departments/schema.js";
import { findings } from "../findings/schema.js";

/**
 * A published finding. `content` is the redacted public document exactly as appended to the
 * ledger; `public_name`/`credit_code` are copies of it for search (a natural person's name is
 * searchable only in its masked form, so search is no oracle for the real name).
 */
export const publications = pgTable(
  "publications",
  {
    findingId: uuid("finding_id")
      .primaryKey()
      .references(() => findings.id),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    roundId: uuid("round_id").notNull(),
    publicName: text("public_name").notNull(),
    creditCode: text("credit_code").notNull(),
    naturalPerson: boolean("natural_person").notNull(),
    content: jsonb("content").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull(),
    approvedByTokenId: uuid("approved_by_token_id"),
    deadline: date("deadline", { mode: "string" }).notNull(),
    deadlineProvisional: boolean("deadline_provisional").notNull(),
    metDeadline: boolean("met_deadline").notNull(),
    ledgerIndex: bigint("ledger_index", { mode: "number" }).notNull(),
    leafHash: text("leaf_hash").notNull(),
    takenDownAt: timestamp("taken_down_at", { withTimezone: true }),
    takeDownLedgerIndex: bigint("take_down_ledger_index", { mode: "number" }),
  },
  (t) => [
    index("publications_department_idx").on(t.departmentId, t.publishedAt),
    index("publications_code_idx").on(t.departmentId, t.creditCode),
  ],
);

export const retractionReasonEnum = pgEnum("retraction_reason", ["revoked", "unlawful", "remade"]);

/** Withdrawal of a published decision; the explanation stays public for good. */
export const retractions = pgTable("retractions", {
  findingId: uuid("finding_id")
    .primaryKey()
    .references(() => findings.id),
  departmentId: uuid("department_id")
    .notNull()
    .references(() => departments.id),
  reason: retractionReasonEnum("reason").notNull(),
  revokedOn: date("revoked_on", { mode: "string" }).notNull(),
  retractedAt: timestamp("retracted_at", { withTimezone: true }).notNull(),
  deadline: date("deadline", { mode: "string" }).notNull(),
  deadlineProvisional: boolean("deadline_provisional").notNull(),
  metDeadline: boolean("met_deadline").notNull(),
  explanation: text("explanation").notNull(),
  byTokenId: uuid("by_token_id"),
  ledgerIndex: bigint("ledger_index", { mode: "number" }).notNull(),
});

export const correctionStatusEnum = pgEnum("correction_status", ["pending", "corrected", "rejected"]);

/**
 * Public correction requests (纠错). The submitter's message and contact stay private; the
 * outcome (and the traced cause) is public once resolved.
 */
export const correctionRequests = pgTable(
  "correction_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => findings.id),
    message: text("message").notNull(),
    contact: text("contact"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    status: correctionStatusEnum("status").notNull().default("pending"),
    outcome: text("outcome"),
    cause: text("cause"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedByTokenId: uuid("resolved_by_token_id"),
    ledgerIndex: bigint("ledger_index", { mode: "number" }),
  },
  (t) => [index("correction_requests_department_idx").on(t.departmentId, t.status, t.submittedAt)],
);

export const withholdingReasonEnum = pgEnum("publication_withholding_reason", [
  "minor",
  "state_secret",
  "trade_secret",
  "personal_privacy",
  "security",
  "obstructs_enforcement",
]);

/**
 * An admin's decision not to publish a finding at all (RULES §7: minors, state/trade secrets,
 * privacy, security, obstruction of enforcement). Internal: not logged publicly, since even
 * the existence of such a finding (e.g. about a minor) must not leak.
 */
export const publicationWithholdings = pgTable("publication_withholdings", {
  findingId: uuid("finding_id")
    .primaryKey()
    .references(() => findings.id),
  departmentId: uuid("department_id")
    .notNull()
    .references(() => departments.id),
  reason: withholdingReasonEnum("reason").notNull(),
  note: text("note").notNull(),
  decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
  byTokenId: uuid("by_token_id"),
});
