/**
 * Read responses kept in memory until their department's data changes (src/db/change-feed.ts),
 * served with an ETag (a matching If-None-Match gets 304). What may be cached is decided by
 * the handler's `produce`: it names the department whose changes make the body stale, or
 * null for a body that must not be kept (e.g. a round still before its draw). The key must
 * name everything the body depends on besides that department's data, including the
 * caller's identity for anything not public.
 */
import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { TokenRow } from "../auth/tokens.js";
import { type ChangeFeed, Memo, type MemoReader } from "../db/change-feed.js";

export interface CachedBody {
  body: Uint8Array;
  etag: string | null;
  headers: Record<string, string>;
}

export interface Caches {
  /** A read that may be stale (replica behind a change) gets a view that stores nothing. */
  responses: MemoReader<CachedBody>;
  /** API token rows by token id (the presented secret is still checked on every request). */
  tokens: Memo<TokenRow | undefined>;
}

/** Anything unchanged for this long is loaded again anyway. */
const MAX_AGE_MS = 60_000;

export function createCaches(feed: ChangeFeed): Caches {
  return {
    responses: new Memo<CachedBody>(feed, {
      maxEntries: 20_000,
      maxBytes: 128 * 2 ** 20,
      maxAgeMs: MAX_AGE_MS,
    }),
    tokens: new Memo<TokenRow | undefined>(feed, { maxEntries: 20_000, maxAgeMs: MAX_AGE_MS }),
  };
}

export interface Produced {
  /** Department whose changes make the body stale; null: do not keep it. */
  department: string | null;
  /** JSON text unless `contentType` says otherwise. */
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

const etagOf = (body: Uint8Array) =>
  `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;

/** Serves `produce()` through the response cache under `key`. */
export async function cachedResponse(
  c: Context,
  caches: Caches,
  key: string,
  produce: () => Promise<Produced>,
): Promise<Response> {
  const r = await caches.responses.get(key, async () => {
    const p = await produce();
    const body = Buffer.from(p.body, "utf8");
    return {
      department: p.department,
      bytes: body.byteLength + key.length,
      value: {
        body,
        etag: p.department === null ? null : etagOf(body),
        headers: { "content-type": p.contentType ?? "application/json", ...(p.headers ?? {}) },
      },
    };
  });
  if (r.etag === null) return c.body(r.body as Uint8Array<ArrayBuffer>, 200, r.headers);
  const headers = { "cache-control": "no-cache", ...r.headers, etag: r.etag };
  const match = c.req.header("if-none-match");
  if (match?.split(",").some((t) => t.trim().replace(/^W\//, "") === r.etag))
    return c.body(null, 304, headers);
  return c.body(r.body as Uint8Array<ArrayBuffer>, 200, headers);
}
