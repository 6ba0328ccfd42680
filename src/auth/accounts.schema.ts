import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { departments } from "../departments/schema.js";
import { inspectors } from "../rosters/inspectors/inspectors.schema.js";
import { apiTokens, roleEnum } from "./schema.js";

/**
 * Staff accounts signing in with a password (the console). The role uses the same enum as API
 * tokens, so a role added there (e.g. `operator`) is available to both. Each account acts
 * through one API-token row of its own (`actorTokenId`, a secret nobody holds): every table and
 * the audit trail record actors by token id, so a session's requests are attributed to that id
 * and GET /accounts says which account it belongs to.
 */
export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    /** Lower-case; unique across departments because sign-in names no department. */
    login: text("login").notNull(),
    displayName: text("display_name").notNull(),
    role: roleEnum("role").notNull(),
    /** Inspector accounts act as this inspector (same department, not left). */
    inspectorId: uuid("inspector_id").references(() => inspectors.id),
    actorTokenId: uuid("actor_token_id")
      .notNull()
      .references(() => apiTokens.id),
    /** `scrypt$N$r$p$salt$hash` (src/auth/passwords.ts). */
    passwordHash: text("password_hash").notNull(),
    /** Set while the password is a generated one-time password. */
    mustChangePassword: boolean("must_change_password").notNull().default(true),
    /** Consecutive failed sign-ins since the last success or lock. */
    failedAttempts: integer("failed_attempts").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("accounts_login_idx").on(t.login),
    uniqueIndex("accounts_actor_token_idx").on(t.actorTokenId),
    index("accounts_department_idx").on(t.departmentId),
  ],
);

/**
 * Signed-in sessions. The cookie carries `<id>.<secret>`; only SHA-256 of the secret and of the
 * CSRF token are stored, so a database reader cannot ride a session.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    secretHash: text("secret_hash").notNull(),
    csrfHash: text("csrf_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    /** Absolute end (SESSION_MAX_HOURS after sign-in), however active the session is. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_account_idx").on(t.accountId)],
);
