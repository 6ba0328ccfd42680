import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { departments } from "../departments/schema.js";
import { inspectors } from "../rosters/inspectors/inspectors.schema.js";

/**
 * Secret calendar-feed URLs of inspectors (ICS subscriptions). Only the SHA-256 of the secret
 * is stored, so the URL is shown once. Creating a feed revokes the inspector's previous one
 * (at most one live feed per inspector); revoked rows stay as the record of what existed.
 */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    inspectorId: uuid("inspector_id")
      .notNull()
      .references(() => inspectors.id),
    /** Lower-case hex SHA-256 of the secret in the URL. */
    secretHash: text("secret_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("calendar_feeds_secret_uq").on(t.secretHash),
    uniqueIndex("calendar_feeds_one_live_uq").on(t.inspectorId).where(sql`revoked_at is null`),
    index("calendar_feeds_department_idx").on(t.departmentId),
  ],
);
