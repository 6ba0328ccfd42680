import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { departments } from "../departments/schema.js";

/**
 * The service's Ed25519 signing keys (truly global: one service identity). `key_id` is the
 * hex SHA-256 of the raw public key. `secret_key` is null for keys supplied by
 * SIGNING_KEY_HEX, which are recorded only so that old signatures stay verifiable.
 */
export const signingKeys = pgTable("signing_keys", {
  keyId: text("key_id").primaryKey(),
  algorithm: text("algorithm").notNull().default("ed25519"),
  publicKey: text("public_key").notNull(),
  secretKey: text("secret_key"),
  origin: text("origin").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One leaf of a department's append-only transparency log. `leaf_json` (canonical JSON of
 * the entry's metadata and its content hash) is what the Merkle leaf hash covers, so a
 * take-down can null `content_json` while the leaf, and every proof, stays intact.
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    index: bigint("idx", { mode: "number" }).notNull(),
    kind: text("kind").notNull(),
    artefactId: text("artefact_id").notNull(),
    leafJson: text("leaf_json").notNull(),
    leafHash: text("leaf_hash").notNull(),
    contentJson: text("content_json"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    takenDownAt: timestamp("taken_down_at", { withTimezone: true }),
    takenDownByIndex: bigint("taken_down_by_idx", { mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.departmentId, t.index] }),
    unique("ledger_entries_leaf_hash_uq").on(t.departmentId, t.leafHash),
    index("ledger_entries_artefact_idx").on(t.departmentId, t.kind, t.artefactId),
  ],
);

/** Signed tree heads, kept so that any past head can be checked against the log. */
export const ledgerTreeHeads = pgTable(
  "ledger_tree_heads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    treeSize: bigint("tree_size", { mode: "number" }).notNull(),
    rootHash: text("root_hash").notNull(),
    timestamp: bigint("timestamp_ms", { mode: "number" }).notNull(),
    keyId: text("key_id")
      .notNull()
      .references(() => signingKeys.keyId),
    signature: text("signature").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ledger_tree_heads_dept_idx").on(t.departmentId, t.treeSize)],
);

/**
 * Hash-chained audit trail of mutating requests, one chain per department:
 * hash = SHA-256(canonical JSON of the row's fields including prev_hash).
 */
export const auditEntries = pgTable(
  "audit_entries",
  {
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    seq: bigint("seq", { mode: "number" }).notNull(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    tokenId: uuid("token_id"),
    role: text("role").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    requestId: text("request_id").notNull(),
    status: integer("status").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.seq] })],
);
