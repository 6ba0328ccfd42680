/**
 * Invalidation of in-memory caches across every instance of the service, through
 * PostgreSQL's LISTEN/NOTIFY (PGlite has it too).
 *
 * A write that changes data some instance may hold in memory calls `announceChange(db,
 * departmentId)` inside its transaction: PostgreSQL delivers the notification to every
 * listening session at commit, in commit order, and drops it on rollback. Each instance's
 * `ChangeFeed` counts them per department; a `Memo` entry is served only while its
 * department's count is the one it was stored under, and a value loaded while any
 * notification arrived is not stored at all (it may predate the change).
 *
 * While the listening connection is down nothing is cached, and everything held is dropped
 * when it comes back (notifications sent meanwhile are lost). What remains is the delivery
 * delay: another instance may serve the previous value for the milliseconds between a commit
 * and its notification's arrival, as it may for a request that read just before the commit.
 * The instance that handled a write waits for its own echo (`sync`) before answering, so a
 * client always reads its own writes.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "./types.js";

export const CHANGE_CHANNEL = "sortes_changes";
const ALL = "*";
const SYNC = "sync:";

/** Transactional: every instance drops what it cached for `departmentId` once this commits. */
export async function announceChange(db: Db, departmentId: string | typeof ALL): Promise<void> {
  await db.execute(sql`select pg_notify(${CHANGE_CHANNEL}, ${departmentId})`);
}

/** Starts listening; calls `state(true)` once listening (again), `state(false)` when cut off. */
export type Listen = (
  onPayload: (payload: string) => void,
  state: (listening: boolean) => void,
) => Promise<() => Promise<void>>;

export class ChangeFeed {
  #listening = false;
  #epoch = 0;
  #departments = new Map<string, number>();
  #seen = 0;
  #syncs = new Map<string, () => void>();
  #stop: Promise<() => Promise<void>> | null = null;
  #listeners = new Set<() => void>();

  constructor(
    private readonly listen: Listen | null,
    private readonly db: Db,
  ) {}

  /** Starts listening (once; idempotent). Until it is listening nothing is cached. */
  start(): void {
    if (this.#stop || !this.listen) return;
    this.#stop = this.listen(
      (payload) => this.#receive(payload),
      (listening) => {
        this.#listening = listening;
        this.#flush();
      },
    );
    this.#stop.catch(() => {
      this.#stop = null;
    });
  }

  async stop(): Promise<void> {
    const stop = this.#stop;
    this.#stop = null;
    this.#listening = false;
    this.#flush();
    if (stop) await (await stop.catch(() => async () => {}))();
  }

  get listening(): boolean {
    return this.#listening;
  }

  /** Changes every time any notification arrives (or the connection state changes). */
  get version(): number {
    return this.#seen;
  }

  /** Identifies the current state of `departmentId`'s data; null while nothing may be cached. */
  stamp(departmentId: string): string | null {
    return this.#listening ? `${this.#epoch}.${this.#departments.get(departmentId) ?? 0}` : null;
  }

  /**
   * Waits until every change committed before this call has been received (notifications
   * arrive in commit order). Announces `departmentId` on the way when given. Flushes
   * everything if the echo does not come back within `timeoutMs`.
   */
  async sync(departmentId?: string, timeoutMs = 2000): Promise<void> {
    if (!this.#listening) return;
    const id = `${SYNC}${randomUUID()}${departmentId ? `:${departmentId}` : ""}`;
    let timer: NodeJS.Timeout | undefined;
    const echoed = new Promise<void>((resolve) => {
      this.#syncs.set(id, resolve);
      timer = setTimeout(() => {
        this.#syncs.delete(id);
        this.#flush();
        resolve();
      }, timeoutMs);
    });
    try {
      await this.db.execute(sql`select pg_notify(${CHANGE_CHANNEL}, ${id})`);
    } catch {
      this.#syncs.delete(id);
      clearTimeout(timer);
      this.#flush();
      return;
    }
    await echoed;
    clearTimeout(timer);
  }

  /**
   * Calls `listener` whenever a notification arrives or everything is flushed (the read
   * replicas note the primary's position then, src/db/replicas.ts). Returns the unsubscribe.
   */
  onReceive(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #receive(payload: string): void {
    this.#seen++;
    for (const l of this.#listeners) l();
    if (payload.startsWith(SYNC)) {
      const department = payload.slice(SYNC.length + 37);
      if (department) this.#bump(department);
      const done = this.#syncs.get(payload);
      this.#syncs.delete(payload);
      done?.();
      return;
    }
    if (payload === ALL) this.#flush();
    else this.#bump(payload);
  }

  #bump(departmentId: string): void {
    this.#departments.set(departmentId, (this.#departments.get(departmentId) ?? 0) + 1);
  }

  #flush(): void {
    this.#seen++;
    for (const l of this.#listeners) l();
    this.#epoch++;
    this.#departments.clear();
  }
}

interface Entry<V> {
  value: V;
  department: string;
  stamp: string;
  at: number;
  bytes: number;
}

export interface Loaded<V> {
  value: V;
  /** The department whose changes make it stale; null: not to be cached. */
  department: string | null;
  /** Size counted against `maxBytes`. */
  bytes?: number;
}

/** What a handler needs of a cache: hits, and loads on a miss. */
export interface MemoReader<V> {
  get(key: string, load: () => Promise<Loaded<V>>): Promise<V>;
  readonly size: number;
  withoutStoring(): MemoReader<V>;
}

/**
 * A bounded in-memory cache whose entries live until their department changes (see
 * ChangeFeed), `maxAgeMs` passes, or they are the least recently used beyond the bounds.
 */
export class Memo<V> {
  #entries = new Map<string, Entry<V>>();
  #bytes = 0;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly limits: { maxEntries: number; maxBytes?: number; maxAgeMs?: number },
  ) {}

  /**
   * The cached value, else `load()`'s, kept when it may be. With `store` false a miss is loaded
   * and served but not kept (a read from a replica that may predate a change, replicas.ts).
   */
  async get(key: string, load: () => Promise<Loaded<V>>, store = true): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit) {
      const fresh =
        hit.stamp === this.feed.stamp(hit.department) &&
        performance.now() - hit.at < (this.limits.maxAgeMs ?? Number.POSITIVE_INFINITY);
      this.#delete(key, hit);
      if (fresh) {
        this.#entries.set(key, hit);
        this.#bytes += hit.bytes;
        return hit.value;
      }
    }
    const version = this.feed.version;
    const loaded = await load();
    const stamp = loaded.department === null ? null : this.feed.stamp(loaded.department);
    const bytes = loaded.bytes ?? 0;
    if (
      store &&
      stamp !== null &&
      this.feed.version === version &&
      bytes <= (this.limits.maxBytes ?? Infinity)
    ) {
      const old = this.#entries.get(key);
      if (old) this.#delete(key, old);
      this.#entries.set(key, {
        value: loaded.value,
        department: loaded.department as string,
        stamp,
        at: performance.now(),
        bytes,
      });
      this.#bytes += bytes;
      this.#evict();
    }
    return loaded.value;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The same entries for a reader whose misses must not be stored. */
  withoutStoring(): MemoReader<V> {
    const view: MemoReader<V> = {
      get: (key, load) => this.get(key, load, false),
      size: this.size,
      withoutStoring: () => view,
    };
    return view;
  }

  #delete(key: string, e: Entry<V>): void {
    this.#entries.delete(key);
    this.#bytes -= e.bytes;
  }

  #evict(): void {
    const maxBytes = this.limits.maxBytes ?? Number.POSITIVE_INFINITY;
    for (const [key, e] of this.#entries) {
      if (this.#entries.size <= this.limits.maxEntries && this.#bytes <= maxBytes) return;
      this.#delete(key, e);
    }
  }
}
