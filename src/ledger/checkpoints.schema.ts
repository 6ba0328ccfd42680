import { bigint, foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { departments } from "../departments/schema.js";
import { signingKeys } from "./schema.js";

/**
 * C2SP checkpoints (docs/ledger.md "Checkpoints"): one per department log and tree size,
 * written next to the JSON tree head that first signed that size. `note` is the signed note
 * as the log signed it (checkpoint body, blank line, the log's signature line); cosignatures
 * are kept apart and appended when the note is served. `origin` is fixed by the first
 * checkpoint of a log and copied to every later one, so configuration changes never rename a
 * log under its witnesses.
 */
export const ledgerCheckpoints = pgTable(
  "ledger_checkpoints",
  {
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    treeSize: bigint("tree_size", { mode: "number" }).notNull(),
    origin: text("origin").notNull(),
    /** Lower-case hex, like the JSON tree head's rootHash. */
    rootHash: text("root_hash").notNull(),
    keyId: text("key_id")
      .notNull()
      .references(() => signingKeys.keyId),
    note: text("note").notNull(),
    /** The signing tree head's timestamp (ms since epoch). */
    timestamp: bigint("timestamp_ms", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.treeSize] })],
);

/**
 * Witness cosignatures (tlog-cosignature/v1), verified against the configured witness key
 * before they are stored. One row per checkpoint and witness key: a newer cosignature of the
 * same checkpoint (the daily re-submission) replaces the older one.
 */
export const ledgerCosignatures = pgTable(
  "ledger_cosignatures",
  {
    departmentId: uuid("department_id").notNull(),
    treeSize: bigint("tree_size", { mode: "number" }).notNull(),
    witnessName: text("witness_name").notNull(),
    /** The 4-byte key hash of the witness's cosignature key, hex. */
    keyHash: text("key_hash").notNull(),
    /** The cosignature's own timestamp (seconds since epoch, as signed by the witness). */
    timestamp: bigint("timestamp_s", { mode: "number" }).notNull(),
    /** The note signature line exactly as the witness sent it, newline excluded. */
    signatureLine: text("signature_line").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.departmentId, t.treeSize, t.witnessName, t.keyHash] }),
    foreignKey({
      columns: [t.departmentId, t.treeSize],
      foreignColumns: [ledgerCheckpoints.departmentId, ledgerCheckpoints.treeSize],
      name: "ledger_cosignatures_checkpoint_fk",
    }),
  ],
);

/**
 * What the service knows of each witness's view of each log: the size the witness last
 * cosigned (the `old` line of the next add-checkpoint) and the outcome of the last attempt.
 */
export const ledgerWitnessStates = pgTable(
  "ledger_witness_states",
  {
    origin: text("origin").notNull(),
    witnessName: text("witness_name").notNull(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    cosignedSize: bigint("cosigned_size", { mode: "number" }).notNull().default(0),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
    lastError: text("last_error"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.origin, t.witnessName] }),
    index("ledger_witness_states_dept_idx").on(t.departmentId),
  ],
);
