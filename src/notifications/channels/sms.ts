/**
 * SMS through an adapter: the service knows only `SmsSender`; the default posts JSON to a
 * gateway (SMS_WEBHOOK_URL) signed like the department webhooks, so any vendor can sit behind
 * a small relay without a vendor SDK in Sortes.
 */
import { smsText } from "../messages.js";
import { webhookHeaders } from "./signing.js";
import { type Channel, errorResult, httpResult, type SendResult } from "./types.js";

export interface SmsSender {
  /** `id` is the event id, so the gateway can de-duplicate re-sends. */
  send(phone: string, text: string, id: string): Promise<SendResult>;
}

export function webhookSmsSender(url: string, secret: string | undefined, timeoutMs: number): SmsSender {
  return {
    async send(phone, text, id) {
      const body = JSON.stringify({ phone, text });
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = secret
        ? webhookHeaders([secret], id, timestamp, body)
        : { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(timestamp) };
      try {
        const res = await fetch(url, {
          method: "POST",
          headers,
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
        return await httpResult(res);
      } catch (err) {
        return errorResult(err);
      }
    },
  };
}

export function smsChannel(sender: SmsSender | null, baseUrl: string): Channel {
  if (!sender)
    return async () => ({ ok: false, permanent: true, error: "SMS is not configured (SMS_WEBHOOK_URL)" });
  return ({ delivery, event }) => sender.send(delivery.target, smsText(event, baseUrl), event.id);
}
