/**
 * kill -9 of the worker between sending and marking: `sortes notify worker` runs as a real
 * process against the test's PostgreSQL database, the receiver holds the first request open,
 * the test SIGKILLs the worker, starts another, and the event arrives again with the same
 * webhook-id once the lease has run out, and is marked delivered. PostgreSQL only: PGlite is
 * a single in-process database a second process cannot open.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { queryRows } from "../../src/db/rows.js";
import type { Database } from "../../src/db/types.js";
import { createEndpoint } from "../../src/notifications/endpoints.js";
import { enqueueNotification } from "../../src/notifications/outbox.js";
import { newDepartment } from "../helpers/db.js";
import { startReceiver, verifyStandardWebhook } from "./receivers.js";

const url = inject("testDatabaseUrl");
if (!url)
  console.warn(
    "kill -9 worker test skipped: it needs TEST_DATABASE_URL (PostgreSQL); PGlite is single-process",
  );

const LEASE_MS = 3000;

function startWorker(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ["bin/sortes.mjs", "notify", "worker"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NOTIFY_LEASE_MS: String(LEASE_MS),
      NOTIFY_TIMEOUT_MS: "2500",
      NOTIFY_POLL_MS: "100",
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const exited = (p: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve(p.signalCode ?? p.exitCode);
    else p.once("exit", (code, signal) => resolve(signal ?? code));
  });

describe.skipIf(!url)("sortes notify worker survives kill -9 [postgres]", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ url: url as string, max: 2 });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("a delivery in flight when the worker is killed is sent again with the same id and marked delivered", async () => {
    const db = database.db;
    const { department } = await newDepartment(db);
    // First request: held open and never answered (the worker dies waiting); then 200.
    const receiver = await startReceiver((_r, n) => (n === 1 ? null : 200));
    const children: ChildProcess[] = [];
    try {
      const { secret } = await createEndpoint(db, department.id, { url: receiver.url("/kill") });
      const eventId = randomUUID();
      await db.transaction((tx) =>
        enqueueNotification(tx, {
          id: eventId,
          departmentId: department.id,
          kind: "publication.overdue",
          recipient: { type: "department", id: department.id },
          payload: { findingId: randomUUID(), entityId: "91350100KILL", deadline: "2026-02-10" },
        }),
      );
      const state = async () =>
        (
          await queryRows<{ status: string; attempts: number }>(
            db,
            sql`select status, attempts from notification_deliveries where event_id = ${eventId}`,
          )
        )[0]!;

      const first = startWorker(url as string);
      children.push(first);
      await receiver.waitFor(1, 30_000);
      first.kill("SIGKILL");
      expect(await exited(first)).toBe("SIGKILL");
      // Sent, never marked: the row is still claimed (pending, one attempt).
      expect(await state()).toEqual({ status: "pending", attempts: 1 });

      const killedAt = Date.now();
      const second = startWorker(url as string);
      children.push(second);
      await receiver.waitFor(2, 30_000);
      const [a, b] = receiver.received;
      expect(a!.id).toBe(eventId);
      expect(b!.id).toBe(eventId);
      expect(b!.body).toBe(a!.body);
      expect(verifyStandardWebhook(b!, [secret])).toEqual([true]);
      // Not before the killed worker's lease ran out.
      expect(b!.at - a!.at).toBeGreaterThanOrEqual(LEASE_MS - 200);
      expect(b!.at).toBeGreaterThan(killedAt);
      for (let i = 0; i < 100 && (await state()).status !== "delivered"; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await state()).toEqual({ status: "delivered", attempts: 2 });
      second.kill("SIGTERM");
      expect(await exited(second)).toBe(0);
    } finally {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
      await receiver.close();
    }
  }, 90_000);
});
