/**
 * The outbox worker. Each loop claims a small batch of due deliveries with
 * `FOR UPDATE SKIP LOCKED` (so any number of loops and processes share the table without
 * taking the same row), pushes their due time out by the lease in the same statement, sends
 * them, and marks each delivered or schedules its retry. Delivery is at least once: a worker
 * killed between sending and marking leaves the row due again when the lease runs out, and the
 * next send carries the same event id for the receiver to de-duplicate.
 */
import { randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import { textArrayLiteral } from "../db/arrays.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import type { Channel, SendResult } from "./channels/types.js";
import type { StoredEvent } from "./messages.js";

export interface WorkerOptions {
  batchSize: number;
  /** Loops running side by side in this process. */
  concurrency: number;
  pollMs: number;
  leaseMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  maxAttempts: number;
  channels: Record<"webhook" | "email" | "sms", Channel>;
  log: Pick<Logger, "error" | "warn" | "debug">;
  /** Injected in tests to move time instead of sleeping. */
  clock?: () => Date;
}

export interface TickResult {
  claimed: number;
  delivered: number;
  failed: number;
  dead: number;
}

/**
 * Exponential back-off with jitter: base·2^(attempt−1) capped, then a random point in its
 * upper half (crypto.randomInt: no two instances retry in lock-step), at least Retry-After.
 */
export function retryDelayMs(
  attempt: number,
  o: Pick<WorkerOptions, "backoffBaseMs" | "backoffCapMs">,
  retryAfterMs = 0,
): number {
  const full = Math.min(o.backoffCapMs, o.backoffBaseMs * 2 ** Math.min(attempt - 1, 40));
  const half = Math.floor(full / 2);
  const jittered = half + (half > 0 ? randomInt(0, half + 1) : 0);
  return Math.max(jittered, Math.min(retryAfterMs, o.backoffCapMs));
}

interface Claimed {
  id: string;
  event_id: string;
  channel: "webhook" | "email" | "sms";
  target: string;
  attempts: number;
}

type EventRow = {
  id: string;
  kind: string;
  department_id: string;
  recipient_type: "inspector" | "department";
  recipient_id: string;
  payload: Record<string, unknown> | string;
  created_at: Date | string;
};

export function notificationWorker(db: Db, o: WorkerOptions) {
  const clock = o.clock ?? (() => new Date());
  let running = false;
  const sleepers = new Set<() => void>();
  const loops: Promise<void>[] = [];

  async function claim(now: Date): Promise<Claimed[]> {
    return queryRows<Claimed>(
      db,
      sql`
      with due as (
        select id from notification_deliveries
         where status in ('pending', 'failed') and next_attempt_at <= ${now.toISOString()}::timestamptz
         order by next_attempt_at
         limit ${o.batchSize}
         for update skip locked)
      update notification_deliveries d
         set attempts = d.attempts + 1,
             last_attempt_at = ${now.toISOString()}::timestamptz,
             next_attempt_at = ${new Date(now.getTime() + o.leaseMs).toISOString()}::timestamptz
        from due
       where d.id = due.id
      returning d.id, d.event_id, d.channel, d.target, d.attempts`,
    );
  }

  async function loadEvents(ids: string[]): Promise<Map<string, StoredEvent>> {
    const rows = await queryRows<EventRow>(
      db,
      sql`select id, kind, department_id, recipient_type, recipient_id, payload, created_at
            from notification_events where id = any(${textArrayLiteral(ids)}::uuid[])`,
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          kind: r.kind,
          departmentId: r.department_id,
          recipientType: r.recipient_type,
          recipientId: r.recipient_id,
          payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
          createdAt: new Date(r.created_at),
        },
      ]),
    );
  }

  /** Marks one attempt; `attempts` guards against a late answer overwriting a newer claim. */
  async function mark(d: Claimed, r: SendResult): Promise<"delivered" | "failed" | "dead"> {
    const now = clock();
    const error = r.error ? r.error.slice(0, 1000) : null;
    if (r.ok) {
      await db.execute(sql`
        update notification_deliveries
           set status = 'delivered', delivered_at = ${now.toISOString()}::timestamptz,
               last_error = null, last_status = ${r.status ?? null}
         where id = ${d.id} and attempts = ${d.attempts}`);
      return "delivered";
    }
    const dead = r.permanent === true || d.attempts >= o.maxAttempts;
    const next = new Date(now.getTime() + (dead ? 0 : retryDelayMs(d.attempts, o, r.retryAfterMs)));
    await db.execute(sql`
      update notification_deliveries
         set status = ${dead ? "dead" : "failed"}::notification_delivery_status,
             next_attempt_at = ${next.toISOString()}::timestamptz,
             last_error = ${error}, last_status = ${r.status ?? null}
       where id = ${d.id} and attempts = ${d.attempts}`);
    return dead ? "dead" : "failed";
  }

  async function send(d: Claimed, events: Map<string, StoredEvent>): Promise<SendResult> {
    const event = events.get(d.event_id);
    if (!event) return { ok: false, permanent: true, error: `event ${d.event_id} not found` };
    try {
      return await o.channels[d.channel]({ delivery: d, event, now: clock() });
    } catch (err) {
      return { ok: false, error: String((err as Error)?.message ?? err) };
    }
  }

  /** One batch: claim, send in parallel, mark. */
  async function tick(): Promise<TickResult> {
    const claimed = await claim(clock());
    const result: TickResult = { claimed: claimed.length, delivered: 0, failed: 0, dead: 0 };
    if (claimed.length === 0) return result;
    const events = await loadEvents([...new Set(claimed.map((d) => d.event_id))]);
    await Promise.all(
      claimed.map(async (d) => {
        const r = await send(d, events);
        if (!r.ok)
          o.log.warn({ delivery: d.id, channel: d.channel, error: r.error }, "notification not delivered");
        result[await mark(d, r)]++;
      }),
    );
    return result;
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  async function loop() {
    while (running) {
      try {
        const r = await tick();
        // A full batch means more may be due: go straight on.
        if (r.claimed < o.batchSize) await sleep(o.pollMs);
      } catch (err) {
        if (!running) return;
        o.log.error({ err }, "notification worker: batch failed");
        await sleep(o.pollMs);
      }
    }
  }

  return {
    tick,
    start() {
      if (running) return;
      running = true;
      for (let i = 0; i < o.concurrency; i++) loops.push(loop());
    },
    /** Ends the idle waits at once (a caller that just enqueued something). */
    wake() {
      for (const s of [...sleepers]) s();
    },
    /** Lets the batches in flight finish (their sends are bounded by the timeout). */
    async stop() {
      running = false;
      for (const s of [...sleepers]) s();
      await Promise.all(loops.splice(0));
    },
  };
}

export type NotificationWorker = ReturnType<typeof notificationWorker>;
