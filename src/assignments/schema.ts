import {
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { departments } from "../departments/schema.js";
import { rounds } from "../draws/schema.js";

export const assignmentStatusEnum = pgEnum("assignment_status", ["assigned", "accepted", "recused"]);

/**
 * One inspector on one drawn entity's team. A recused inspector's row stays (status
 * `recused`) and the substitute gets a new row, so the board shows the whole history.
 * Written in bulk by the draw (and one at a time by substitutions), always in the
 * transaction holding the round's row lock, with department_id taken from that round;
 * rounds cannot be deleted (trigger rounds_never_deleted). So no per-row foreign-key
 * checks: they were ~40 % of writing a drawn round's teams.
 * Partitioned by LIST (department_id) (migration 0030, hand-written: drizzle has no
 * partitioning), one partition per department (src/db/department-partitions.ts) and a
 * DEFAULT one: every read is scoped to one department, so it is pruned to one partition.
 * Unique keys must contain the partition key; it comes last so that lookups by round (or id)
 * without a department still use each partition's index.
 */
export const assignments = pgTable(
  "assignments",
  {
    id: uuid("id").notNull().defaultRandom(),
    departmentId: uuid("department_id").notNull(),
    roundId: uuid("round_id").notNull(),
    entityId: text("entity_id").notNull(),
    inspectorId: uuid("inspector_id").notNull(),
    /** Position in the team (0-based); a substitute takes the recused member's slot. */
    slot: integer("slot").notNull(),
    status: assignmentStatusEnum("status").notNull().default("assigned"),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    recusedAt: timestamp("recused_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "assignments_pk", columns: [t.id, t.departmentId] }),
    unique("assignments_member_uq").on(t.roundId, t.entityId, t.inspectorId, t.departmentId),
    index("assignments_inspector_idx").on(t.departmentId, t.inspectorId),
  ],
);

export const substitutionSourceEnum = pgEnum("substitution_source", ["declaration", "entity-request"]);

/**
 * Substitution input records, replayed by the verifier in `seq` order (draw-spec §9).
 * `at` is the UTC second string that goes into the proof bundle.
 */
export const roundSubstitutions = pgTable(
  "round_substitutions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    seq: integer("seq").notNull(),
    entityId: text("entity_id").notNull(),
    recused: uuid("recused").notNull(),
    substitute: uuid("substitute"),
    reason: text("reason").notNull(),
    category: text("category").notNull(),
    statement: text("statement").notNull(),
    source: substitutionSourceEnum("source").notNull(),
    at: text("at").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("round_substitutions_seq_uq").on(t.roundId, t.seq)],
);

export const recusalStatusEnum = pgEnum("recusal_request_status", ["pending", "accepted", "rejected"]);

/** A drawn entity asks for an inspector's recusal (回避申请); the admin decides. */
export const recusalRequests = pgTable(
  "recusal_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    entityId: text("entity_id").notNull(),
    inspectorId: uuid("inspector_id").notNull(),
    category: text("category").notNull(),
    statement: text("statement").notNull(),
    contact: text("contact").notNull(),
    status: recusalStatusEnum("status").notNull().default("pending"),
    decisionNote: text("decision_note"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedByTokenId: uuid("decided_by_token_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("recusal_requests_round_idx").on(t.roundId)],
);
