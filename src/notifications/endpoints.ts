/** A department's webhook endpoints: create, list, delete, rotate the secret. */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { NotFound } from "../errors.js";
import { newWebhookSecret } from "./channels/signing.js";
import { webhookEndpoints } from "./schema.js";

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** What the API shows of an endpoint: never a secret. */
export function endpointView(e: EndpointRow) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    kinds: e.kinds,
    createdAt: e.createdAt.toISOString(),
    rotatedAt: e.rotatedAt?.toISOString() ?? null,
    previousSecretValidUntil:
      e.previousSecretUntil && e.previousSecretUntil > new Date()
        ? e.previousSecretUntil.toISOString()
        : null,
  };
}

export async function createEndpoint(
  db: Db,
  departmentId: string,
  input: { url: string; description?: string; kinds?: string[] },
) {
  const secret = newWebhookSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      departmentId,
      url: input.url,
      description: input.description ?? "",
      kinds: [...new Set(input.kinds ?? [])],
      secret,
    })
    .returning();
  return { endpoint: endpointView(row as EndpointRow), secret };
}

export async function listEndpoints(db: Db, departmentId: string) {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.departmentId, departmentId))
    .orderBy(asc(webhookEndpoints.createdAt));
  return rows.map(endpointView);
}

/** Deleting stops future events; deliveries already queued for it go dead at their next try. */
export async function deleteEndpoint(db: Db, departmentId: string, id: string) {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.departmentId, departmentId)))
    .returning({ id: webhookEndpoints.id });
  if (rows.length === 0) throw new NotFound(`webhook endpoint ${id} not found`);
}

/** A new secret, returned once; the old one keeps signing (second signature) for 24 hours. */
export async function rotateSecret(db: Db, departmentId: string, id: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.departmentId, departmentId)))
      .for("update");
    if (!current) throw new NotFound(`webhook endpoint ${id} not found`);
    const secret = newWebhookSecret();
    const until = new Date(now.getTime() + ROTATION_OVERLAP_MS);
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ secret, previousSecret: current.secret, previousSecretUntil: until, rotatedAt: now })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    return {
      endpoint: endpointView(row as EndpointRow),
      secret,
      previousSecretValidUntil: until.toISOString(),
    };
  });
}
