import type { StoredEvent } from "../messages.js";

export interface DeliveryAttempt {
  delivery: { id: string; channel: "webhook" | "email" | "sms"; target: string; attempts: number };
  event: StoredEvent;
  now: Date;
}

/** What one attempt came to. `permanent`: retrying cannot help (the delivery goes dead at once). */
export interface SendResult {
  ok: boolean;
  status?: number;
  error?: string;
  /** The receiver's Retry-After, when it gave one: the next try waits at least this long. */
  retryAfterMs?: number;
  permanent?: boolean;
}

export type Channel = (attempt: DeliveryAttempt) => Promise<SendResult>;

/** Reads an HTTP answer into a SendResult (Standard Webhooks: only 2xx is success; 410 = stop). */
export async function httpResult(res: Response): Promise<SendResult> {
  // Drain the body so the connection is released; its content is not used.
  const text = await res.text().catch(() => "");
  if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
  const retryAfter = Number(res.headers.get("retry-after"));
  return {
    ok: false,
    status: res.status,
    error: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    permanent: res.status === 410,
  };
}

export function errorResult(err: unknown): SendResult {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return {
    ok: false,
    error: `${e.name === "TimeoutError" ? "timed out" : e.message}${cause ? ` (${cause})` : ""}`,
  };
}
