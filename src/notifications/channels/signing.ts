/**
 * Standard Webhooks symmetric signatures (standardwebhooks.com, spec "Signature scheme"):
 * HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` keyed with the secret's bytes
 * (the base64 after `whsec_`), sent as `v1,<base64>`; several signatures are space-separated,
 * which is how a rotation keeps the previous secret valid for a while.
 */
import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";

/** A fresh secret: 32 random bytes (the spec asks for 24 to 64), base64, prefixed. */
export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64")}`;
}

export function secretBytes(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error("a webhook secret starts with whsec_");
  return Buffer.from(secret.slice(PREFIX.length), "base64");
}

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secretBytes(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The three headers of one attempt; `secrets` = the current one, then any still-valid previous one. */
export function webhookHeaders(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": secrets.map((s) => signature(s, id, timestamp, body)).join(" "),
  };
}
