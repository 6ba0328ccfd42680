import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { getContact, putContact } from "./contacts.js";
import { listDeliveries, replayDelivery } from "./deliveries.js";
import { createEndpoint, deleteEndpoint, listEndpoints, rotateSecret } from "./endpoints.js";
import { NOTIFICATION_KINDS } from "./outbox.js";

const kind = z.enum(NOTIFICATION_KINDS);
const idParams = z.object({ id: z.string().uuid() });
const iso = z.string();

const endpoint = z
  .object({
    id: z.string().uuid(),
    url: z.string(),
    description: z.string(),
    kinds: z.array(z.string()).describe("Event kinds sent to this endpoint; empty = every kind"),
    createdAt: iso,
    rotatedAt: iso.nullable(),
    previousSecretValidUntil: iso.nullable().describe("Until then the previous secret signs too"),
  })
  .meta({ id: "WebhookEndpoint" });

const secretAnswer = z.object({
  endpoint,
  secret: z.string().describe("whsec_… — shown only in this answer; store it to verify signatures"),
});

const delivery = z
  .object({
    id: z.string().uuid(),
    eventId: z.string().uuid().describe("The webhook-id: the same on every retry and replay"),
    kind: z.string(),
    recipientType: z.enum(["inspector", "department"]),
    recipientId: z.string().uuid(),
    channel: z.enum(["webhook", "email", "sms"]),
    target: z.string().describe("Webhook endpoint id, e-mail address or phone number"),
    status: z.enum(["pending", "delivered", "failed", "dead"]),
    attempts: z.number().int(),
    nextAttemptAt: iso.nullable(),
    lastAttemptAt: iso.nullable(),
    lastError: z.string().nullable(),
    lastStatus: z.number().int().nullable(),
    deliveredAt: iso.nullable(),
    createdAt: iso,
  })
  .meta({ id: "NotificationDelivery" });

const contact = z
  .object({
    inspectorId: z.string().uuid(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    updatedAt: iso.nullable(),
  })
  .meta({ id: "InspectorContact" });

const httpUrl = z
  .string()
  .url()
  .max(2000)
  .refine((u) => /^https?:\/\//i.test(u), "an http:// or https:// URL");

export const notificationRoutes = [
  defineRoute({
    method: "post",
    path: "/notifications/webhooks",
    operationId: "createWebhookEndpoint",
    summary: "Add a webhook endpoint (Standard Webhooks signatures); returns its secret once",
    tag: "notifications",
    access: ["admin"],
    adminOnly: true,
    body: z
      .object({
        url: httpUrl,
        description: z.string().trim().max(200).optional(),
        kinds: z.array(kind).max(NOTIFICATION_KINDS.length).optional(),
      })
      .strict(),
    responses: { 201: { description: "The endpoint and its secret", schema: secretAnswer } },
    handler: async (c, { ctx, body }) =>
      c.json(await createEndpoint(ctx.db, ctx.auth!.departmentId, body), 201),
  }),
  defineRoute({
    method: "get",
    path: "/notifications/webhooks",
    operationId: "listWebhookEndpoints",
    summary: "List the department's webhook endpoints (no secrets)",
    tag: "notifications",
    access: ["admin"],
    adminOnly: true,
    responses: { 200: { description: "Endpoints", schema: z.object({ items: z.array(endpoint) }) } },
    handler: async (c, { ctx }) => c.json({ items: await listEndpoints(ctx.db, ctx.auth!.departmentId) }),
  }),
  defineRoute({
    method: "delete",
    path: "/notifications/webhooks/:id",
    operationId: "deleteWebhookEndpoint",
    summary: "Delete a webhook endpoint",
    tag: "notifications",
    access: ["admin"],
    adminOnly: true,
    params: idParams,
    responses: { 204: { description: "Deleted; its queued deliveries go dead" } },
    handler: async (c, { ctx, params }) => {
      await deleteEndpoint(ctx.db, ctx.auth!.departmentId, params.id);
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: "post",
    path: "/notifications/webhooks/:id/rotate",
    operationId: "rotateWebhookSecret",
    summary: "Rotate a webhook endpoint's secret; the previous one keeps signing for 24 hours",
    tag: "notifications",
    access: ["admin"],
    adminOnly: true,
    params: idParams,
    responses: {
      200: {
        description: "The new secret (shown once); both signatures are sent until previousSecretValidUntil",
        schema: secretAnswer.extend({ previousSecretValidUntil: iso }),
      },
    },
    handler: async (c, { ctx, params }) =>
      c.json(await rotateSecret(ctx.db, ctx.auth!.departmentId, params.id)),
  }),
  defineRoute({
    method: "get",
    path: "/notifications/deliveries",
    operationId: "listNotificationDeliveries",
    summary: "The notification delivery log, newest first",
    tag: "notifications",
    access: ["admin", "auditor"],
    query: z.object({
      status: z.enum(["pending", "delivered", "failed", "dead"]).optional(),
      channel: z.enum(["webhook", "email", "sms"]).optional(),
      kind: kind.optional(),
      eventId: z.string().uuid().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      cursor: z.string().max(200).optional(),
    }),
    responses: {
      200: {
        description: "One page; pass nextCursor as cursor for the next",
        schema: z.object({ items: z.array(delivery), nextCursor: z.string().nullable() }),
      },
    },
    handler: async (c, { ctx, query }) =>
      c.json(await listDeliveries(ctx.db, { ...query, departmentId: ctx.auth!.departmentId })),
  }),
  defineRoute({
    method: "post",
    path: "/notifications/deliveries/:id/replay",
    operationId: "replayNotificationDelivery",
    summary: "Send a delivery again with the same event id",
    tag: "notifications",
    access: ["admin"],
    adminOnly: true,
    params: idParams,
    responses: { 200: { description: "The delivery, due now", schema: delivery } },
    handler: async (c, { ctx, params }) =>
      c.json(await replayDelivery(ctx.db, ctx.auth!.departmentId, params.id)),
  }),
  defineRoute({
    method: "put",
    path: "/inspectors/:id/contact",
    operationId: "putInspectorContact",
    summary: "Set an inspector's e-mail address and phone for notifications",
    tag: "notifications",
    access: ["admin"],
    params: idParams,
    body: z
      .object({
        email: z.email().max(254).nullable(),
        phone: z
          .string()
          .regex(/^\+?[0-9]{5,20}$/, "digits, optionally with a leading +")
          .nullable(),
      })
      .strict(),
    responses: {
      200: { description: "The contact (used for events enqueued from now on)", schema: contact },
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(await putContact(ctx.db, ctx.auth!.departmentId, params.id, body)),
  }),
  defineRoute({
    method: "get",
    path: "/inspectors/:id/contact",
    operationId: "getInspectorContact",
    summary: "An inspector's notification contact",
    tag: "notifications",
    access: ["admin"],
    params: idParams,
    responses: { 200: { description: "The contact (nulls when none is set)", schema: contact } },
    handler: async (c, { ctx, params }) =>
      c.json(await getContact(ctx.db, ctx.auth!.departmentId, params.id)),
  }),
];
