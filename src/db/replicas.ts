/**
 * Read replicas (PostgreSQL streaming replication, hot standby) for public reads.
 *
 * - Health: every `checkMs` the router samples the primary's WAL insert position and asks
 *   each replica for its replay position. A replica that does not answer, is not in recovery,
 *   or has not replayed what the primary had written more than `maxLagMs` ago is skipped until
 *   a later check finds it well again; reads then go to the primary.
 * - Read-your-writes: a writer is told the primary's WAL position after its write (cookie and
 *   header, src/http/replica-reads.ts) and sends it back; its reads wait up to `waitMs` for the
 *   replica to replay that position, else they go to the primary.
 * - Caches: the in-memory response cache is invalidated by NOTIFY from the primary
 *   (change-feed.ts), which may arrive before a replica has replayed the change. Each
 *   notification therefore records the primary's position at its arrival; a replica read may
 *   fill the cache only when the replica has replayed that far, else it is served uncached.
 */
import { drizzle } from "drizzle-orm/postgres-js";
import postgres, { type Sql } from "postgres";
import type { Config } from "../config.js";
import type { ChangeFeed } from "./change-feed.js";
import { parseLsn } from "./lsn.js";
import * as schema from "./schema.js";
import type { Db } from "./types.js";

export interface ReplicaOptions {
  urls: string[];
  /** A replica further behind than this is not read from. */
  maxLagMs: number;
  /** How long a writer's read waits for a replica to replay its write. */
  waitMs: number;
  checkMs: number;
  /** Pool size per replica. */
  max?: number;
}

export interface Replica {
  /** host:port/database, for logs and the x-sortes-read header (never the password). */
  readonly name: string;
  readonly db: Db;
  readonly client: Sql;
  up: boolean;
  replayLsn: bigint;
  lagMs: number;
  reason: string | null;
}

export interface ReadTarget {
  /** null: read the primary. */
  replica: Replica | null;
  /** False when a read may predate a change this instance was told about: do not cache it. */
  cacheable: boolean;
}

/** The replica settings of the configuration. */
export function replicaOptions(config: Config): ReplicaOptions {
  return {
    urls: config.DATABASE_REPLICA_URLS,
    maxLagMs: config.REPLICA_MAX_LAG_MS,
    waitMs: config.REPLICA_WAIT_MS,
    checkMs: config.REPLICA_CHECK_MS,
  };
}

const MAX_LSN = (1n << 64n) - 1n;

function nameOf(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
}

export class ReplicaRouter {
  readonly replicas: Replica[];
  /** Primary insert positions sampled by the health check, oldest first. */
  #samples: { at: number; lsn: bigint }[] = [];
  /** The primary's position when the latest change notification arrived. */
  #changeLsn = 0n;
  #pendingChanges = 0;
  #next = 0;
  #timer: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void) | null = null;
  #checking: Promise<void> | null = null;

  constructor(
    private readonly primary: Sql,
    private readonly feed: ChangeFeed,
    private readonly opts: ReplicaOptions,
  ) {
    this.replicas = opts.urls.map((url) => {
      const client = postgres(url, {
        max: opts.max ?? 10,
        connect_timeout: 2,
        idle_timeout: 30,
        onnotice: () => {},
      });
      return {
        name: nameOf(url),
        client,
        db: drizzle({ client, schema }) as unknown as Db,
        up: false,
        replayLsn: 0n,
        lagMs: Number.POSITIVE_INFINITY,
        reason: "not checked yet",
      };
    });
  }

  /** Starts the health checks (the first one before returning) and follows change notifications. */
  async start(): Promise<void> {
    if (this.#timer) return;
    this.#unsubscribe = this.feed.onReceive(() => this.#noteChange());
    this.#timer = setInterval(() => void this.check(), this.opts.checkMs);
    this.#timer.unref();
    await this.check();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#unsubscribe?.();
    await this.#checking?.catch(() => {});
    await Promise.all(this.replicas.map((r) => r.client.end({ timeout: 5 })));
  }

  /** The primary's WAL insert position: a writer's commit lies at or before it. */
  async primaryLsn(): Promise<string> {
    const [row] = await this.primary<{ lsn: string }[]>`select pg_current_wal_insert_lsn()::text as lsn`;
    return row!.lsn;
  }

  /** One health check of the primary and every replica (concurrent callers share it). */
  check(): Promise<void> {
    this.#checking ??= this.#check().finally(() => {
      this.#checking = null;
    });
    return this.#checking;
  }

  async #check(): Promise<void> {
    const now = performance.now();
    try {
      const lsn = parseLsn(await this.primaryLsn());
      if (lsn !== null) {
        this.#samples.push({ at: now, lsn });
        // Keep what the lag limit needs, plus one sample older than it.
        while (this.#samples.length > 2 && now - this.#samples[1]!.at > this.opts.maxLagMs * 2)
          this.#samples.shift();
        if (this.#changeLsn === MAX_LSN) this.#changeLsn = lsn;
      }
    } catch {
      // Primary unreachable: requests fail on their own; the replicas' state stays as it was.
      return;
    }
    await Promise.all(this.replicas.map((r) => this.#checkReplica(r, now)));
  }

  async #checkReplica(r: Replica, now: number): Promise<void> {
    try {
      const [row] = await r.client<{ lsn: string | null }[]>`select pg_last_wal_replay_lsn()::text as lsn`;
      const lsn = parseLsn(row?.lsn);
      if (lsn === null) {
        r.up = false;
        r.reason = "not a standby (pg_last_wal_replay_lsn() is null)";
        return;
      }
      if (lsn > r.replayLsn) r.replayLsn = lsn;
      // Lag: how long ago the primary first wrote past what the replica has replayed.
      const behind = this.#samples.find((s) => s.lsn > r.replayLsn);
      r.lagMs = behind ? now - behind.at : 0;
      r.up = r.lagMs <= this.opts.maxLagMs;
      r.reason = r.up ? null : `lagging ${Math.round(r.lagMs)} ms`;
    } catch (err) {
      this.markDown(r, err);
    }
  }

  /** Taken out of rotation until a health check finds it well again. */
  markDown(r: Replica, err: unknown): void {
    r.up = false;
    r.reason = `unreachable: ${(err as Error).message ?? String(err)}`;
  }

  #noteChange(): void {
    // Until the position is known, reads from a replica must not fill the cache.
    this.#pendingChanges++;
    this.primaryLsn()
      .then((text) => {
        const lsn = parseLsn(text) ?? MAX_LSN;
        if (lsn > this.#changeLsn) this.#changeLsn = lsn;
      })
      .catch(() => {
        // Unknown: treat every replica as behind until the next health check samples the primary.
        this.#changeLsn = MAX_LSN;
      })
      .finally(() => {
        this.#pendingChanges--;
      });
  }

  async #replayed(r: Replica): Promise<bigint> {
    const [row] = await r.client<{ lsn: string | null }[]>`select pg_last_wal_replay_lsn()::text as lsn`;
    const lsn = parseLsn(row?.lsn);
    if (lsn !== null && lsn > r.replayLsn) r.replayLsn = lsn;
    return r.replayLsn;
  }

  /**
   * Where a public read goes. `writerLsn` is the position the caller's own last write reached
   * (null when it sent none): its read waits for a replica to replay it, up to `waitMs`.
   */
  async choose(writerLsn: bigint | null): Promise<ReadTarget> {
    const healthy = this.replicas.filter((r) => r.up);
    if (healthy.length === 0) return { replica: null, cacheable: true };
    const r = healthy[this.#next++ % healthy.length]!;
    try {
      if (writerLsn !== null && r.replayLsn < writerLsn) {
        const deadline = performance.now() + this.opts.waitMs;
        while ((await this.#replayed(r)) < writerLsn) {
          if (performance.now() >= deadline) return { replica: null, cacheable: true };
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
      const changed = this.#changeLsn;
      let cacheable = this.#pendingChanges === 0 && r.replayLsn >= changed;
      if (!cacheable && this.#pendingChanges === 0) cacheable = (await this.#replayed(r)) >= changed;
      return { replica: r, cacheable };
    } catch (err) {
      this.markDown(r, err);
      return { replica: null, cacheable: true };
    }
  }
}
