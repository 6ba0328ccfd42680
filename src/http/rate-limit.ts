/**
 * Per-client limits on anonymous writes. Every public (no token) route that is not a GET names
 * a policy here; src/http/register.ts refuses to mount one that does not, so a new anonymous
 * write cannot ship without a limit. Buckets live in memory, one set per app instance (one
 * process; a restart refills every bucket, which is acceptable for a spam brake). Integer
 * milliseconds only.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { TooManyRequests } from "../errors.js";

export interface BucketOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** One token comes back every `refillMs`. */
  refillMs: number;
  /** Buckets kept before full ones are pruned. */
  maxKeys?: number;
}

/**
 * The policies. Routes sharing a policy share its buckets (a contributor's commitment and
 * reveal draw on one budget). Sizes follow legitimate use: a contributor sends two requests per
 * round; an inspected entity asks to recuse one or two inspectors; a correction is rare.
 */
export const RATE_LIMITS = {
  /** Entropy contributors: 30 in a burst, then one every 2 s. */
  contribution: { capacity: 30, refillMs: 2_000 },
  /** Public recusal requests: 10 in a burst, then one every 6 minutes. */
  recusal: { capacity: 10, refillMs: 6 * 60_000 },
  /** Public correction requests (纠错): 5 in a burst, then one every 12 minutes. */
  correction: { capacity: 5, refillMs: 12 * 60_000 },
  /**
   * Password sign-in: 20 in a burst, then one every 3 s. Lock-out guards each account; this
   * slows one address guessing across many accounts.
   */
  signIn: { capacity: 20, refillMs: 3_000 },
} as const satisfies Record<string, BucketOptions>;

export type RateLimitName = keyof typeof RATE_LIMITS;

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly o: BucketOptions) {}

  /** Takes one token for `key` or throws TooManyRequests carrying the wait in whole seconds. */
  take(key: string, nowMs = Date.now()): void {
    const b = this.refill(key, nowMs);
    if (b.tokens < 1) {
      const wait = Math.max(1, Math.ceil((this.o.refillMs - (nowMs - b.at)) / 1000));
      throw new TooManyRequests(`too many requests from this client; retry in ${wait} s`, wait);
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

/** One app's buckets, a set per policy. */
export function createRateLimiters(): Record<RateLimitName, TokenBuckets> {
  const out = {} as Record<RateLimitName, TokenBuckets>;
  for (const name of Object.keys(RATE_LIMITS) as RateLimitName[])
    out[name] = new TokenBuckets(RATE_LIMITS[name]);
  return out;
}

/**
 * The client's address, given the socket's peer and the X-Forwarded-For header.
 * `trustProxy` is the number of reverse proxies in front of Sortes (config TRUST_PROXY). Each
 * proxy appends the address it received the request from, so the socket peer is the nearest
 * proxy, and the entry `trustProxy` places left of the end of [...X-Forwarded-For, socket peer]
 * is the client as the outermost trusted proxy saw it. Entries further left were written by the
 * client and are never used. With 0 (the default) the header is ignored: anyone can send it, so
 * honouring it without a proxy would let every request pick its own bucket.
 */
export function clientAddress(remote: string, xff: string | undefined, trustProxy: number): string {
  const hops = (xff ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...hops, remote];
  // Fewer entries than trusted proxies: the left-most is the furthest anyone vouches for.
  return chain[Math.max(0, chain.length - 1 - trustProxy)] ?? remote;
}

/**
 * The limiter's key for a request: its client address, or null for a request that did not
 * come over the network (in-process `app.request`: the portal's own rendering, demo seeding,
 * tests), which has no client to limit. A network request whose peer address is unknown (the
 * socket already closed) shares one bucket, so closing early never escapes the limit.
 */
export function limitKey(c: Context, trustProxy: number): string | null {
  const env = c.env as { incoming?: unknown; server?: { incoming?: unknown } } | undefined;
  if (!env?.incoming && !env?.server?.incoming) return null;
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined;
  }
  return clientAddress(peer ?? "unknown", c.req.header("x-forwarded-for"), trustProxy);
}
