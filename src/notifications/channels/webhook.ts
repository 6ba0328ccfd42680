/**
 * Outgoing webhooks, the Standard Webhooks way: POST of `{type, timestamp, data}` with
 * `webhook-id` = the event id (the same on every retry and replay, so receivers de-duplicate
 * on it), `webhook-timestamp` = this attempt's second, and `webhook-signature`.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/types.js";
import type { StoredEvent } from "../messages.js";
import { webhookEndpoints } from "../schema.js";
import { webhookHeaders } from "./signing.js";
import { type Channel, errorResult, httpResult } from "./types.js";

/** The body bytes: minified JSON, built from the stored event so every attempt sends the same. */
export function webhookBody(event: StoredEvent): string {
  return JSON.stringify({ type: event.kind, timestamp: event.createdAt.toISOString(), data: event.payload });
}

/** Secrets that sign now: the current one, and the previous one while its overlap lasts. */
export function signingSecrets(
  e: { secret: string; previousSecret: string | null; previousSecretUntil: Date | null },
  now: Date,
): string[] {
  const previous = e.previousSecret && e.previousSecretUntil && e.previousSecretUntil > now;
  return previous ? [e.secret, e.previousSecret as string] : [e.secret];
}

export function webhookChannel(db: Db, timeoutMs: number): Channel {
  return async ({ delivery, event, now }) => {
    const [endpoint] = await db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, delivery.target));
    if (!endpoint) return { ok: false, permanent: true, error: "the endpoint was deleted" };
    const body = webhookBody(event);
    const timestamp = Math.floor(now.getTime() / 1000);
    try {
      const res = await fetch(endpoint.url, {
        method: "POST",
        headers: webhookHeaders(signingSecrets(endpoint, now), event.id, timestamp, body),
        body,
        // A redirect is a failure (spec: update the URL instead of following it).
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      return await httpResult(res);
    } catch (err) {
      return errorResult(err);
    }
  };
}
