/**
 * Public GET routes read from a streaming replica when DATABASE_REPLICA_URLS names any
 * (src/db/replicas.ts decides which, and when not).
 *
 * Read-your-writes: after every write the response carries the primary's WAL position, as the
 * `sortes_lsn` cookie (browsers send it back by themselves) and the `x-sortes-lsn` header (API
 * clients echo it as a request header). A read presenting it is served by a replica only once
 * that replica has replayed the position (bounded wait), otherwise by the primary.
 *
 * A replica that fails during a read (stopped, restarted, a recovery conflict) is taken out of
 * rotation and the read runs again on the primary, so the caller never sees the failure. A
 * streamed body is read up to its first chunk (64 KiB for the CSV/NDJSON streams, the whole of
 * most answers) before it is handed on, so that part fails over too; a long stream whose later
 * chunk fails is cut off, as a download would be by any other failure.
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Config } from "../config.js";
import { parseLsn, replicaFailure } from "../db/lsn.js";
import type { Database } from "../db/types.js";
import type { RequestCtx } from "./route.js";

export const LSN_COOKIE = "sortes_lsn";
export const LSN_HEADER = "x-sortes-lsn";
/** Which database answered a public read: `primary` or `replica <host:port/db>`. */
export const READ_HEADER = "x-sortes-read";

/** After a write: tell the writer the position its reads must see (no-op without replicas). */
export async function rememberWrite(c: Context, database: Database, config: Config): Promise<void> {
  const replicas = database.replicas;
  if (!replicas) return;
  let lsn: string;
  try {
    lsn = await replicas.primaryLsn();
  } catch {
    return;
  }
  c.header(LSN_HEADER, lsn);
  setCookie(c, LSN_COOKIE, lsn, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: config.COOKIE_SECURE,
    // Past this any replica in rotation has replayed it (the lag limit is smaller).
    maxAge: Math.max(60, Math.ceil(config.REPLICA_MAX_LAG_MS / 1000) * 2),
  });
}

/** Names the database on the answer, whether the handler returns it or throws (problem+json). */
function withHeader(c: Context, res: Response | null, value: string): Response | null {
  c.header(READ_HEADER, value);
  if (!res) return null;
  try {
    res.headers.set(READ_HEADER, value);
  } catch {
    // Immutable headers (a fetched response passed through): leave them.
  }
  return res;
}

/** The same response, its first body chunk already read (so a failure shows up here). */
async function firstChunkRead(res: Response): Promise<Response> {
  if (!res.body) return res;
  const reader = res.body.getReader();
  const first = await reader.read();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(first.done ? null : body, {
    status: res.status,
    statusText: res.statusText,
    headers: new Headers(res.headers),
  });
}

/** Runs a public read on a replica when one is fit for this caller, else on the primary. */
export async function readFromReplica(
  c: Context,
  ctx: RequestCtx,
  run: (ctx: RequestCtx) => Promise<Response> | Response,
): Promise<Response> {
  const replicas = ctx.database.replicas;
  if (!replicas) return run(ctx);
  const writerLsn = parseLsn(c.req.header(LSN_HEADER) ?? getCookie(c, LSN_COOKIE));
  const target = await replicas.choose(writerLsn);
  if (!target.replica) {
    withHeader(c, null, "primary");
    return withHeader(c, await run(ctx), "primary")!;
  }
  const replica = target.replica;
  const onReplica: RequestCtx = {
    ...ctx,
    db: replica.db,
    caches: target.cacheable
      ? ctx.caches
      : { ...ctx.caches, responses: ctx.caches.responses.withoutStoring() },
  };
  withHeader(c, null, `replica ${replica.name}`);
  try {
    return withHeader(c, await firstChunkRead(await run(onReplica)), `replica ${replica.name}`)!;
  } catch (err) {
    const failure = replicaFailure(err);
    if (!failure) throw err;
    if (failure === "unreachable") replicas.markDown(replica, err);
    withHeader(c, null, "primary");
    return withHeader(c, await run(ctx), "primary")!;
  }
}
