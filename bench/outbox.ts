/**
 * Notification outbox: throughput and delivery latency to a local webhook receiver.
 *
 *   DATABASE_URL=… npx tsx bench/outbox.ts [--events 20000] [--latency-events 2000] [--rate 500]
 *       [--concurrency 4] [--batch 50] [--poll 100] [--out FILE]
 *
 * On a fresh PostgreSQL database: one department, one webhook endpoint pointing at a local
 * HTTP receiver (node:http in this process, answering 200 at once, checking nothing), and the
 * service's own worker (createNotifier: claim FOR UPDATE SKIP LOCKED, sign, POST, mark).
 * 1. Throughput: `--events` events enqueued (100 per transaction, as domains do) while no worker
 *    runs, then the worker starts; events/s = events / time until the receiver has them all.
 * 2. Latency: the worker running, events enqueued at `--rate` per second (10 per transaction);
 *    latency = receiver's arrival − the enqueuing transaction's commit; p50/p99.
 * The receiver and the worker share this process (and the machine's 2 vCPUs with PostgreSQL).
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pino from "pino";
import { parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { queryRows } from "../src/db/rows.js";
import { createDepartment } from "../src/departments/departments.js";
import { createEndpoint } from "../src/notifications/endpoints.js";
import { enqueueNotifications, type NotificationEvent } from "../src/notifications/outbox.js";
import { createNotifier } from "../src/notifications/runtime.js";
import { withFreshDatabase } from "./fresh-database.js";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    "latency-events": { type: "string", default: "2000" },
    rate: { type: "string", default: "500" },
    concurrency: { type: "string", default: "4" },
    batch: { type: "string", default: "50" },
    poll: { type: "string", default: "100" },
    out: { type: "string" },
  },
});
const EVENTS = Number(values.events);
const LATENCY_EVENTS = Number(values["latency-events"]);
const RATE = Number(values.rate);
const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

const arrivals = new Map<string, number>();
let waiting: { n: number; resolve: () => void } | null = null;
const receiver = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const id = String(req.headers["webhook-id"]);
    if (!arrivals.has(id)) arrivals.set(id, performance.now());
    res.writeHead(200).end();
    if (waiting && arrivals.size >= waiting.n) waiting.resolve();
  });
});
await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
const allArrived = (n: number) =>
  arrivals.size >= n ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { n, resolve }));

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

const result = await withFreshDatabase(baseUrl, "sortes_bench_outbox", async (url) => {
  const database = await openDatabase({ url, max: 10 });
  const db = database.db;
  const department = await createDepartment(db, { code: "BENCH", name: "基准测试局", regionCode: "350100" });
  await createEndpoint(db, department.id, { url: hookUrl });
  const config = parseConfig({
    DATABASE_URL: url,
    NOTIFY_CONCURRENCY: values.concurrency,
    NOTIFY_BATCH_SIZE: values.batch,
    NOTIFY_POLL_MS: values.poll,
    LOG_LEVEL: "silent",
  });
  const event = (): NotificationEvent => ({
    id: randomUUID(),
    departmentId: department.id,
    kind: "assignment.created",
    recipient: { type: "department", id: department.id },
    payload: {
      roundId: randomUUID(),
      roundTitle: "基准批次",
      count: 1,
      assignments: [{ entityId: "91350100X" }],
    },
  });

  // 1. Throughput from a full outbox.
  const t0 = performance.now();
  for (let i = 0; i < EVENTS; i += 100) {
    const batch = Array.from({ length: Math.min(100, EVENTS - i) }, event);
    await db.transaction((tx) => enqueueNotifications(tx, batch));
  }
  const enqueueSeconds = (performance.now() - t0) / 1000;
  const notifier = createNotifier(db, config, pino({ level: "silent" }));
  const started = performance.now();
  notifier.start();
  await allArrived(EVENTS);
  const deliverSeconds = (performance.now() - started) / 1000;
  // Let the last marks land before measuring latency.
  await new Promise((r) => setTimeout(r, 500));

  // 2. Latency at a steady rate below the throughput.
  const committed = new Map<string, number>();
  const perTx = 10;
  const interval = (1000 * perTx) / RATE;
  const latencyStart = performance.now();
  for (let i = 0; i < LATENCY_EVENTS; i += perTx) {
    const due = latencyStart + (i / perTx) * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const batch = Array.from({ length: perTx }, event);
    await db.transaction((tx) => enqueueNotifications(tx, batch));
    const at = performance.now();
    for (const e of batch) committed.set(e.id as string, at);
  }
  await allArrived(EVENTS + LATENCY_EVENTS);
  await notifier.stop();
  const latencies = [...committed].map(([id, at]) => (arrivals.get(id) as number) - at);
  const [undelivered] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from notification_deliveries where status <> 'delivered'`,
  );
  await database.close();
  return {
    events: EVENTS,
    enqueue: { seconds: +enqueueSeconds.toFixed(2), eventsPerSecond: Math.round(EVENTS / enqueueSeconds) },
    throughput: { seconds: +deliverSeconds.toFixed(2), eventsPerSecond: Math.round(EVENTS / deliverSeconds) },
    latency: {
      events: LATENCY_EVENTS,
      ratePerSecond: RATE,
      p50Ms: +percentile(latencies, 50).toFixed(1),
      p99Ms: +percentile(latencies, 99).toFixed(1),
      maxMs: +Math.max(...latencies).toFixed(1),
    },
    notYetMarkedDelivered: undelivered?.n ?? null,
    worker: {
      concurrency: Number(values.concurrency),
      batch: Number(values.batch),
      pollMs: Number(values.poll),
    },
  };
});
receiver.close();

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  loadAverage: loadavg(),
};
console.log(
  `outbox: ${result.events} events delivered in ${result.throughput.seconds} s = ${result.throughput.eventsPerSecond} events/s ` +
    `(enqueue ${result.enqueue.eventsPerSecond} events/s); latency at ${RATE}/s: p50 ${result.latency.p50Ms} ms, ` +
    `p99 ${result.latency.p99Ms} ms (poll ${values.poll} ms, ${values.concurrency} loops × ${values.batch})`,
);
const file =
  values.out ?? join("bench", "results", `outbox-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
mkdirSync(join("bench", "results"), { recursive: true });
writeFileSync(file, `${JSON.stringify({ machine, result }, null, 2)}\n`);
console.log(`wrote ${file}`);
