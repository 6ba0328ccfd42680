import { sql } from "drizzle-orm";
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { departments } from "../departments/schema.js";

/** Lifecycle of a round (抽查任务); see src/draws/transitions.ts for the allowed moves. */
export const roundStatusEnum = pgEnum("round_status", [
  "draft",
  "committed",
  "revealed",
  "drawn",
  "in_progress",
  "closed",
  "failed",
]);

/**
 * A round. Draft fields are editable only while `draft`; from commit on, the committed
 * document (`commitment`, JCS text) is the source of truth and is never rewritten.
 */
export const rounds = pgTable(
  "rounds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    title: text("title").notNull(),
    planYear: integer("plan_year").notNull(),
    itemVersionId: uuid("item_version_id").notNull(),
    /** Set at commit: the approved plan and the frozen roster revision the round is pinned to. */
    planId: uuid("plan_id"),
    revisionId: uuid("revision_id"),
    teamSize: integer("team_size").notNull(),
    windowFrom: date("window_from", { mode: "string" }).notNull(),
    windowUntil: date("window_until", { mode: "string" }).notNull(),
    revealDeadline: timestamp("reveal_deadline", { withTimezone: true }).notNull(),
    /** When the job runner should draw once everything is revealed (null: manual only). */
    drawAt: timestamp("draw_at", { withTimezone: true }),
    /** drand plan (BeaconPlan) or null; the beacon itself once fetched or submitted. */
    beaconPlan: jsonb("beacon_plan"),
    beacon: jsonb("beacon"),
    status: roundStatusEnum("status").notNull().default("draft"),
    failureCode: text("failure_code"),
    failureReason: text("failure_reason"),
    commitment: text("commitment"),
    commitmentHash: text("commitment_hash"),
    seed: text("seed"),
    /** Frozen at commit: the inspector pool (InspectorRecord[]) and conflict digests (hex[]). */
    inspectorPool: jsonb("inspector_pool"),
    conflictDigests: jsonb("conflict_digests"),
    /** Frozen at commit: roster inspectors who cannot be drawn, each with why (ExcludedInspector[]). */
    inspectorExclusions: jsonb("inspector_exclusions"),
    /**
     * The complaint stratum rule (RULES §5) chosen at creation, or null: `{ minComplaints, rateBp }`.
     * At commit it is written into the committed filter and decides each entity's stratum.
     */
    complaintStratum: jsonb("complaint_stratum"),
    /** A supplementary draw is a new round that names the round it supplements. */
    supplementsRoundId: uuid("supplements_round_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp("committed_at", { withTimezone: true }),
  },
  (t) => [
    index("rounds_department_idx").on(t.departmentId, t.planYear),
    check("rounds_team_size_ck", sql`${t.teamSize} >= 2`),
    check("rounds_window_ck", sql`${t.windowFrom} <= ${t.windowUntil}`),
  ],
);

/** Entropy contributors. Only the SHA-256 of the one-time credential is stored. */
export const roundContributors = pgTable(
  "round_contributors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    credentialHash: text("credential_hash").notNull(),
    commitment: text("commitment"),
    committedAt: timestamp("committed_at", { withTimezone: true }),
    /** Never exposed before the round is revealed (or failed). */
    nonce: text("nonce"),
    revealedAt: timestamp("revealed_at", { withTimezone: true }),
  },
  (t) => [
    unique("round_contributors_position_uq").on(t.roundId, t.position),
    unique("round_contributors_name_uq").on(t.roundId, t.name),
  ],
);

/** Every status change. The unique (round, to_status) makes each transition happen at most once. */
export const roundTransitions = pgTable(
  "round_transitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    fromStatus: roundStatusEnum("from_status"),
    toStatus: roundStatusEnum("to_status").notNull(),
    actor: text("actor").notNull(),
    reason: text("reason"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("round_transitions_once_uq").on(t.roundId, t.toStatus)],
);

/**
 * The frozen eligible set. Large (millions of rows), so it carries only the round id
 * (department scoping goes through `rounds`). leaf_index = position in Merkle leaf order.
 * Partitioned by LIST (round_id) (migration 0029, hand-written: drizzle has no partitioning):
 * the commit loads each round's rows into a fresh table, indexes it after the load and
 * attaches it (src/db/round-partitions.ts). No foreign key to rounds: ATTACH would re-check
 * it with a scan of the round's rows; they are written only by the commit, under the round's
 * lock, and rounds are never deleted (trigger rounds_never_deleted).
 */
export const roundEligible = pgTable(
  "round_eligible",
  {
    roundId: uuid("round_id").notNull(),
    stratum: text("stratum").notNull(),
    entityId: text("entity_id").notNull(),
    leafIndex: integer("leaf_index").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.entityId] }),
    unique("round_eligible_leaf_uq").on(t.roundId, t.leafIndex),
  ],
);

/**
 * sortes-draw/v2 chunk leaf hashes of the eligible set (draw-spec §16.3), one per 1024
 * entries in leaf order, computed in SQL at commit. The root is their RFC 6962 tree;
 * inclusion proofs need them without re-reading the whole set.
 */
export const roundEligibleChunks = pgTable(
  "round_eligible_chunks",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    chunk: integer("chunk").notNull(),
    /** RFC 6962 leaf hash of the chunk, lower-case hex. */
    leafHash: text("leaf_hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.chunk] })],
);

/** Entities of the filtered roster left out of the eligible set, with the reason. */
export const roundExclusions = pgTable(
  "round_exclusions",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    entityId: text("entity_id").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.entityId] })],
);

/**
 * Selected entities with their ticket (hex) and rank within the stratum (0-based).
 * No foreign-key constraint on round_id: rows are written only by the draw, in the
 * transaction holding the round's row lock, and rounds cannot be deleted (trigger
 * rounds_never_deleted) — a per-row FK check was ~1/3 of the draw's write time.
 * department_id is the round's (the lead's in a joint round). Partitioned by LIST
 * (department_id) like assignments (migration 0030, src/db/department-partitions.ts): the
 * history reads (cool-down, yearly cap, plan progress) are per department.
 */
export const roundSelected = pgTable(
  "round_selected",
  {
    departmentId: uuid("department_id").notNull(),
    roundId: uuid("round_id").notNull(),
    stratum: text("stratum").notNull(),
    entityId: text("entity_id").notNull(),
    rank: integer("rank").notNull(),
    ticket: text("ticket").notNull(),
  },
  (t) => [primaryKey({ name: "round_selected_pk", columns: [t.roundId, t.entityId, t.departmentId] })],
);

/**
 * Signed proof bundles: version 1 at the draw, one more per substitution. The bundle's
 * canonical JSON (RFC 8785) is stored in round_proof_parts, so that a bundle of any size
 * (300 000 teams are ~100 MB) is written and served piece by piece; `sha256` and `bytes`
 * describe the exact stored UTF-8 text (the ledger entry pins the same digest).
 */
export const roundProofs = pgTable(
  "round_proofs",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    version: integer("version").notNull(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    sha256: text("sha256").notNull(),
    bytes: integer("bytes").notNull(),
    parts: integer("parts").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.version] })],
);

/** The text of a proof bundle in order (part 0, 1, …), each about 1 MiB. */
export const roundProofParts = pgTable(
  "round_proof_parts",
  {
    roundId: uuid("round_id").notNull(),
    version: integer("version").notNull(),
    part: integer("part").notNull(),
    text: text("text").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.version, t.part] }),
    foreignKey({
      columns: [t.roundId, t.version],
      foreignColumns: [roundProofs.roundId, roundProofs.version],
    }),
  ],
);

/**
 * The other departments of a joint round (联合抽查). The lead (rounds.department_id) invites
 * them while the round is a draft; each joins with its own published checklist item (and may
 * name contributors). At commit each member's frozen roster revision is recorded here.
 * `position` (1, 2, …) orders the members after the lead in the committed jointDepartments.
 */
export const roundJointDepartments = pgTable(
  "round_joint_departments",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    position: integer("position").notNull(),
    /** Null until the department joins. */
    itemVersionId: uuid("item_version_id"),
    revisionId: uuid("revision_id"),
    invitedAt: timestamp("invited_at", { withTimezone: true }).notNull().defaultNow(),
    joinedAt: timestamp("joined_at", { withTimezone: true }),
    /** Set when the invited department declines; it then takes no part (the commit proceeds). */
    declinedAt: timestamp("declined_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.departmentId] }),
    unique("round_joint_departments_position_uq").on(t.roundId, t.position),
    index("round_joint_departments_department_idx").on(t.departmentId),
    check("round_joint_departments_position_ck", sql`${t.position} >= 1`),
  ],
);
