import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
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
import { departments } from "../../departments/schema.js";

export const creditCodeKindEnum = pgEnum("credit_code_kind", ["uscc", "legacy"]);
export const riskClassEnum = pgEnum("risk_class", ["A", "B", "C", "D"]);

/**
 * The columns an entity row carries, shared by the working roster and the frozen copies in
 * `revision_entities` so INSERT … SELECT and the leaf encoding see the same fields.
 */
const entityColumns = () => ({
  departmentId: uuid("department_id")
    .notNull()
    .references(() => departments.id),
  /** Normalised code: USCC upper-case half-width, or the legacy number as checkCreditCode returns it. */
  creditCode: text("credit_code").notNull(),
  codeKind: creditCodeKindEnum("code_kind").notNull(),
  /** Why a legacy code is flagged (legacy-registration-number / -organization-code / -unverified). */
  codeFlag: text("code_flag"),
  name: text("name").notNull(),
  legalRepresentative: text("legal_representative").notNull(),
  address: text("address").notNull(),
  registrationAuthority: text("registration_authority").notNull(),
  entityType: text("entity_type"),
  industry: text("industry"),
  regionCode: text("region_code"),
  registrationStatus: text("registration_status"),
  riskClass: riskClassEnum("risk_class"),
  naturalPerson: boolean("natural_person").notNull().default(false),
  complaintCount: integer("complaint_count").notNull().default(0),
  lastInspected: date("last_inspected", { mode: "string" }),
});

/**
 * The working market-entity roster (市场主体名录库, RULES §3). Keyed by (department, code): the
 * conflict registry and draws refer to entities by credit code. Each filter index ends with
 * credit_code so a filtered list pages by keyset without a sort. Risk class (A–D) and
 * registration status (a handful of values) have no index of their own: a page filtered by
 * them walks the primary key in code order and skips a few non-matching rows per hit, while
 * every index costs the 1M-row import ~10 % of its roster write (bench/README.md).
 */
export const entities = pgTable(
  "entities",
  {
    ...entityColumns(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "entities_pk", columns: [t.departmentId, t.creditCode] }),
    index("entities_type_idx").on(t.departmentId, t.entityType, t.creditCode),
    index("entities_region_idx").on(t.departmentId, t.regionCode, t.creditCode),
  ],
);

/** A frozen, immutable revision of the roster (every June and December). */
export const entityRevisions = pgTable(
  "entity_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    /** YYYY-06 or YYYY-12; anything else needs `reason`. */
    label: text("label").notNull(),
    reason: text("reason"),
    entityCount: integer("entity_count").notNull(),
    /** Entities per risk class: { A, B, C, D, none }. */
    riskCounts: jsonb("risk_counts").$type<Record<string, number>>().notNull(),
    /** Leaf encoding id (docs/roster-commitment.md); never changes meaning. */
    encoding: text("encoding").notNull(),
    /** RFC 6962 root, lower-case hex. */
    merkleRoot: text("merkle_root").notNull(),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("entity_revisions_label_uq").on(t.departmentId, t.label),
    index("entity_revisions_created_idx").on(t.departmentId, t.createdAt),
  ],
);

/** The rows of each revision, copied in SQL at freeze time and never updated. */
export const revisionEntities = pgTable(
  "revision_entities",
  {
    revisionId: uuid("revision_id")
      .notNull()
      .references(() => entityRevisions.id),
    ...entityColumns(),
  },
  (t) => [primaryKey({ name: "revision_entities_pk", columns: [t.revisionId, t.creditCode] })],
);

export const importStateEnum = pgEnum("import_state", ["queued", "running", "succeeded", "failed"]);

/**
 * Roster import jobs, for every roster kind (entities, inspectors). Live progress of a running
 * job is kept in memory by the runner (the import holds a transaction); this row records the
 * transitions and the final report.
 */
export const rosterImportJobs = pgTable(
  "roster_import_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    kind: text("kind").notNull(),
    format: text("format").notNull(),
    mode: text("mode").notNull(),
    encoding: text("encoding"),
    state: importStateEnum("state").notNull().default("queued"),
    bytesTotal: bigint("bytes_total", { mode: "number" }).notNull(),
    bytesRead: bigint("bytes_read", { mode: "number" }).notNull().default(0),
    rows: integer("rows").notNull().default(0),
    report: jsonb("report"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("roster_import_jobs_department_idx").on(t.departmentId, t.createdAt),
    index("roster_import_jobs_state_idx").on(t.state).where(sql`state in ('queued', 'running')`),
  ],
);
