import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
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
import { departments } from "../departments/schema.js";
import { rounds } from "../draws/schema.js";
import { DECISION_TYPES, EVENT_KINDS, RESULT_CODES } from "./result-codes.js";

export const inspectionEventKindEnum = pgEnum("inspection_event_kind", EVENT_KINDS);

/**
 * The inspection timeline of one team (round + drawn entity), append-only: the service has
 * no UPDATE or DELETE path for it. A correction is a new event naming the one it corrects.
 * Events are hash-chained per team (`hash` covers `prev_hash`), so a sign-off names exactly
 * the timeline it signs.
 */
export const inspectionEvents = pgTable(
  "inspection_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    entityId: text("entity_id").notNull(),
    /** 1-based position in the team's timeline. */
    seq: integer("seq").notNull(),
    kind: inspectionEventKindEnum("kind").notNull(),
    inspectorId: uuid("inspector_id").notNull(),
    tokenId: uuid("token_id").notNull(),
    /** When it happened on site (reported); `recordedAt` is when the service received it. */
    occurredAt: text("occurred_at").notNull(),
    recordedAt: text("recorded_at").notNull(),
    summary: text("summary").notNull(),
    /** Kind-specific detail: media reference, signed head, … (canonical JSON in the hash). */
    detail: jsonb("detail").notNull(),
    correctsEventId: uuid("corrects_event_id"),
    /** Evidence files: hex SHA-256, size, media type, path relative to DATA_DIR. */
    evidenceSha256: text("evidence_sha256"),
    evidenceSize: bigint("evidence_size", { mode: "number" }),
    evidenceMediaType: text("evidence_media_type"),
    evidencePath: text("evidence_path"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    unique("inspection_events_seq_uq").on(t.roundId, t.entityId, t.seq),
    index("inspection_events_team_idx").on(t.departmentId, t.roundId, t.entityId),
  ],
);

export const resultCodeEnum = pgEnum("finding_result_code", RESULT_CODES);
export const decisionTypeEnum = pgEnum("finding_decision_type", DECISION_TYPES);

/**
 * A finding filed by a team after every member signed off. The entity's identifying data is
 * copied from the roster at filing time, so what is published does not drift with later
 * roster revisions.
 */
export const findings = pgTable(
  "findings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    entityId: text("entity_id").notNull(),
    entityName: text("entity_name").notNull(),
    legalRepresentative: text("legal_representative"),
    address: text("address"),
    naturalPerson: boolean("natural_person").notNull(),
    resultCode: resultCodeEnum("result_code").notNull(),
    description: text("description").notNull(),
    rectificationOrdered: boolean("rectification_ordered").notNull(),
    rectificationDeadline: date("rectification_deadline", { mode: "string" }),
    penaltyCaseNo: text("penalty_case_no"),
    referralAuthority: text("referral_authority"),
    creditListing: boolean("credit_listing").notNull(),
    evidenceHashes: text("evidence_hashes").array().notNull(),
    involvesMinor: boolean("involves_minor").notNull(),
    tradeSecretFields: text("trade_secret_fields").array().notNull(),
    privacyFields: text("privacy_fields").array().notNull(),
    /** Public explanation of why fields are withheld. */
    withholdingNote: text("withholding_note"),
    decisionType: decisionTypeEnum("decision_type").notNull(),
    inspectionEndedOn: date("inspection_ended_on", { mode: "string" }).notNull(),
    decidedOn: date("decided_on", { mode: "string" }),
    /** The timeline head every member signed. */
    signedHead: text("signed_head").notNull(),
    filedByInspectorId: uuid("filed_by_inspector_id").notNull(),
    filedAt: timestamp("filed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("findings_team_idx").on(t.departmentId, t.roundId, t.entityId),
    check("findings_decided_on_ck", sql`${t.decisionType} = 'result' or ${t.decidedOn} is not null`),
  ],
);
