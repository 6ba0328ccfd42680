/**
 * In-memory token buckets keyed by client (one process; a restart refills every bucket,
 * which is acceptable for a spam brake). Integer milliseconds only.
 */
import { TooManyRequests } from "../errors.js";

export interface BucketOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** One token comes back every `refillMs`. */
  refillMs: number;
  /** Buckets kept before full ones are pruned. */
  maxKeys?: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly o: BucketOptions) {}

  /** Takes one token for `key` or throws TooManyRequests with the wait in seconds. */
  take(key: string, nowMs = Date.now()): void {
    const b = this.refill(key, nowMs);
    if (b.tokens < 1) {
      const wait = Math.ceil((this.o.refillMs - (nowMs - b.at)) / 1000);
      throw new TooManyRequests(`too many requests from this client; retry in ${wait} s`, [], {
        retryAfterSeconds: wait,
      });
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    this.prune(nowMs);
  }

  private refill(key: string, nowMs: number) {
    const b = this.buckets.get(key) ?? { tokens: this.o.capacity, at: nowMs };
    const gained = Math.floor((nowMs - b.at) / this.o.refillMs);
    if (gained > 0) {
      b.tokens = Math.min(this.o.capacity, b.tokens + gained);
      b.at = b.tokens === this.o.capacity ? nowMs : b.at + gained * this.o.refillMs;
    }
    return b;
  }

  private prune(nowMs: number) {
    if (this.buckets.size <= (this.o.maxKeys ?? 100_000)) return;
    for (const [key] of this.buckets) {
      if (this.refill(key, nowMs).tokens >= this.o.capacity) this.buckets.delete(key);
    }
  }
}

/**
 * The client's address. Behind a reverse proxy the right-most X-Forwarded-For entry is the
 * one the proxy itself appended (earlier entries are client-supplied and spoofable); without
 * the header, the socket's address.
 */
export function clientKey(headers: { xff?: string; remote?: string | null }): string {
  const forwarded = headers.xff
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded?.at(-1) ?? headers.remote ?? "unknown";
}
