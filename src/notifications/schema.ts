import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { departments } from "../departments/schema.js";
import { inspectors } from "../rosters/inspectors/inspectors.schema.js";

export const notificationRecipientEnum = pgEnum("notification_recipient", ["inspector", "department"]);

/**
 * The outbox: one row per event that concerns a person, written in the transaction of the
 * change itself (outbox.ts). `id` is the event id receivers de-duplicate on (the webhook-id);
 * scheduled events derive it from kind + subject + date, so raising one twice is a no-op.
 */
export const notificationEvents = pgTable(
  "notification_events",
  {
    id: uuid("id").primaryKey(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    kind: text("kind").notNull(),
    recipientType: notificationRecipientEnum("recipient_type").notNull(),
    /** An inspector id, or the department id for department-wide events. */
    recipientId: uuid("recipient_id").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notification_events_department_idx").on(t.departmentId, t.createdAt)],
);

export const deliveryStatusEnum = pgEnum("notification_delivery_status", [
  "pending",
  "delivered",
  "failed",
  "dead",
]);
export const deliveryChannelEnum = pgEnum("notification_channel", ["webhook", "email", "sms"]);

/**
 * One send of one event over one channel to one target (a webhook endpoint id, an e-mail
 * address, a phone number), resolved when the event is enqueued. `pending` and `failed` rows
 * are due at `next_attempt_at`; a worker's claim pushes that time out by the lease, so a
 * worker killed mid-send leaves its rows due again once the lease runs out.
 */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => notificationEvents.id),
    departmentId: uuid("department_id").notNull(),
    channel: deliveryChannelEnum("channel").notNull(),
    target: text("target").notNull(),
    status: deliveryStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastError: text("last_error"),
    /** HTTP status of the last webhook/SMS attempt, for the delivery log. */
    lastStatus: integer("last_status"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("notification_deliveries_target_uq").on(t.eventId, t.channel, t.target),
    // The claim query's index: only rows still to be sent, in due order.
    index("notification_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'failed')`),
    index("notification_deliveries_department_idx").on(t.departmentId, t.createdAt),
  ],
);

/**
 * A department's webhook endpoints. The secret is stored as issued: Standard Webhooks signs
 * with HMAC, so the sender needs the secret itself (a hash cannot sign); it is shown once, at
 * creation and rotation, and never listed. After a rotation the previous secret also signs
 * until `previous_secret_until` (24 h) so receivers can switch over.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** Event kinds sent to this endpoint; empty = every kind. */
    kinds: text("kinds").array().notNull().default(sql`'{}'::text[]`),
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousSecretUntil: timestamp("previous_secret_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    rotatedAt: timestamp("rotated_at", { withTimezone: true }),
  },
  (t) => [index("webhook_endpoints_department_idx").on(t.departmentId)],
);

/** How to reach an inspector (not part of the public roster, never published). */
export const inspectorContacts = pgTable("inspector_contacts", {
  inspectorId: uuid("inspector_id")
    .primaryKey()
    .references(() => inspectors.id),
  departmentId: uuid("department_id")
    .notNull()
    .references(() => departments.id),
  email: text("email"),
  phone: text("phone"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
