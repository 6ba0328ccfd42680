/**
 * The outbox end to end on both drivers: a real drawn round's events reach a real HTTP
 * receiver (signature checked by the test's own Standard Webhooks verifier) and a real SMTP
 * server; retries with back-off; rotation; replay; SMS; scheduled reminders enqueued once.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterEach, expect, it } from "vitest";
import { dayNumber, fromDayNumber, shanghaiDate } from "../../src/calendar/dates.js";
import { queryRows } from "../../src/db/rows.js";
import type { Db } from "../../src/db/types.js";
import { enqueueNotification } from "../../src/notifications/outbox.js";
import { raiseReminders } from "../../src/notifications/reminders.js";
import { createNotifier, type Notifier } from "../../src/notifications/runtime.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { roundFixture } from "../draws/fixture.js";
import { SIGNING_KEY_HEX } from "../draws/helpers.js";
import { drawnRoundTeam } from "../findings/helpers.js";
import { testApp, testConfig } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { parseMail, startReceiver, startSmtp, verifyStandardWebhook } from "./receivers.js";

const silent = pino({ level: "silent" });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function notifier(db: Db, env: Record<string, string> = {}, clock?: () => Date): Notifier {
  const n = createNotifier(db, testConfig({ NOTIFY_BATCH_SIZE: "50", ...env }), silent, { clock });
  cleanups.push(() => n.stop());
  return n;
}

/** Ticks until `done()` (other tests' rows may share the table, so no "queue empty" check). */
async function tickUntil(n: Notifier, done: () => boolean, max = 60) {
  for (let i = 0; i < max && !done(); i++) {
    const r = await n.tick();
    if (r.claimed === 0) await new Promise((res) => setTimeout(res, 50));
  }
  expect(done(), "the expected deliveries arrived").toBe(true);
}

async function deliveriesOf(db: Db, departmentId: string) {
  return queryRows<{
    id: string;
    event_id: string;
    channel: string;
    target: string;
    status: string;
    attempts: number;
  }>(
    db,
    sql`select d.id, d.event_id, d.channel, d.target, d.status, d.attempts
          from notification_deliveries d where d.department_id = ${departmentId}`,
  );
}

describeEachDriver("notification outbox", (get) => {
  it("a drawn round: one signed webhook per endpoint and event, one zh-CN e-mail per inspector", async () => {
    const database = get();
    const db = database.db;
    const { call } = testApp(database, { SIGNING_KEY_HEX });
    const fx = await roundFixture(db);
    const admin = fx.tokens.admin;
    const all = await startReceiver();
    const onlyAssigned = await startReceiver();
    const smtp = await startSmtp();
    cleanups.push(all.close, onlyAssigned.close, smtp.close);
    const e1 = await call("POST", "/notifications/webhooks", { token: admin, json: { url: all.url() } });
    expect(e1.status, e1.text).toBe(201);
    expect(e1.data.secret).toMatch(/^whsec_/);
    const e2 = await call("POST", "/notifications/webhooks", {
      token: admin,
      json: { url: onlyAssigned.url(), kinds: ["assignment.created"], description: "派单系统" },
    });
    expect(e2.status, e2.text).toBe(201);
    for (const [i, ins] of fx.inspectors.entries()) {
      const c = await call("PUT", `/inspectors/${ins.id}/contact`, {
        token: admin,
        json: { email: `inspector${i}@example.cn`, phone: null },
      });
      expect(c.status, c.text).toBe(200);
    }

    const { roundId, proof } = await drawnRoundTeam(db, call, fx);
    const assigned = new Set<string>((proof.finalTeams as { members: string[] }[]).flatMap((t) => t.members));
    const events = await queryRows<{ id: string; recipient_id: string }>(
      db,
      sql`select id, recipient_id from notification_events
           where department_id = ${fx.department.id} and kind = 'assignment.created'`,
    );
    // One event per assigned inspector, not one per team.
    expect(events.length).toBe(assigned.size);
    expect(new Set(events.map((e) => e.recipient_id))).toEqual(assigned);

    const n = notifier(db, { SMTP_URL: smtp.url, MAIL_FROM: "双随机平台 <noreply@sortes.test>" });
    await tickUntil(
      n,
      () =>
        all.received.length >= events.length &&
        onlyAssigned.received.length >= events.length &&
        smtp.mails.length >= events.length,
    );
    // A few more rounds must not send anything twice.
    for (let i = 0; i < 3; i++) await n.tick();
    expect(all.received.length).toBe(events.length);
    expect(onlyAssigned.received.length).toBe(events.length);
    expect(new Set(all.received.map((r) => r.id))).toEqual(new Set(events.map((e) => e.id)));
    for (const r of all.received) {
      expect(verifyStandardWebhook(r, [e1.data.secret])).toEqual([true]);
      expect(verifyStandardWebhook(r, [e2.data.secret])).toEqual([false]);
      const body = JSON.parse(r.body);
      expect(body.type).toBe("assignment.created");
      expect(body.data.roundId).toBe(roundId);
      expect(body.data.window).toEqual({ from: "2026-01-05", until: "2026-03-31" });
      expect(body.data.assignments[0].entityName).toMatch(/^测试主体/);
    }
    for (const r of onlyAssigned.received) expect(verifyStandardWebhook(r, [e2.data.secret])).toEqual([true]);

    // Exactly one e-mail per assigned inspector, to their address, in Chinese.
    expect(smtp.mails.length).toBe(assigned.size);
    const byAddress = new Map(fx.inspectors.map((ins, i) => [`inspector${i}@example.cn`, ins.id as string]));
    expect(new Set(smtp.mails.flatMap((m) => m.to.map((t) => byAddress.get(t))))).toEqual(assigned);
    const mail = parseMail(smtp.mails[0]!.raw);
    expect(mail.subject).toContain("【检查任务】");
    expect(mail.text).toContain("被随机抽取为检查人员");
    expect(mail.text).toMatch(/测试主体\w+（\w+），地址：福州市鼓楼区/);
    expect(mail.text).toContain("检查时间窗口：2026-01-05 至 2026-03-31");
    expect(mail.text).toContain("http://localhost:8080/console/m/");
    expect(mail.html).toContain('<html lang="zh-CN">');

    const rows = await deliveriesOf(db, fx.department.id);
    expect(rows.filter((d) => d.channel === "webhook").length).toBe(2 * events.length);
    expect(rows.every((d) => d.status === "delivered" && d.attempts === 1)).toBe(true);
    const log = await call("GET", "/notifications/deliveries?channel=email&limit=2", {
      token: fx.tokens.auditor,
    });
    expect(log.status, log.text).toBe(200);
    expect(log.data.items).toHaveLength(2);
    expect(log.data.items[0]).toMatchObject({ kind: "assignment.created", status: "delivered", attempts: 1 });
    const next = await call(
      "GET",
      `/notifications/deliveries?channel=email&limit=2&cursor=${log.data.nextCursor}`,
      {
        token: fx.tokens.auditor,
      },
    );
    expect(next.status, next.text).toBe(200);
    expect(next.data.items.map((d: { id: string }) => d.id)).not.toContain(log.data.items[0].id);
  }, 120_000);

  it("a receiver failing three times gets the event on the fourth try, after growing back-off", async () => {
    const db = get().db;
    const { department, tokens } = await newDepartment(db);
    const receiver = await startReceiver((_r, n) => (n <= 3 ? 503 : 200));
    cleanups.push(receiver.close);
    const { call } = testApp(get());
    const ep = await call("POST", "/notifications/webhooks", {
      token: tokens.admin,
      json: { url: receiver.url() },
    });
    const eventId = randomUUID();
    await db.transaction((tx) =>
      enqueueNotification(tx, {
        id: eventId,
        departmentId: department.id,
        kind: "publication.overdue",
        recipient: { type: "department", id: department.id },
        payload: { findingId: randomUUID(), entityId: "91350100TEST", deadline: "2026-02-10" },
      }),
    );
    // The worker's clock is the test's: each try is made due by moving time, not by sleeping.
    let now = Date.now() + 1000;
    const n = notifier(db, { NOTIFY_BACKOFF_BASE_MS: "1000" }, () => new Date(now));
    const gaps: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      await tickUntil(n, () => receiver.received.length >= attempt);
      const [row] = await queryRows<{ status: string; attempts: number; gap: number | string }>(
        get().db,
        sql`select status, attempts, extract(epoch from next_attempt_at - last_attempt_at) * 1000 as gap
              from notification_deliveries where event_id = ${eventId}`,
      );
      expect(row!.attempts).toBe(attempt);
      expect(row!.status).toBe(attempt < 4 ? "failed" : "delivered");
      if (attempt < 4) gaps.push(Number(row!.gap));
      now += 3_600_000;
    }
    // base·2^(n−1), jittered into its upper half: [500, 1000], [1000, 2000], [2000, 4000] ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(500);
    expect(gaps[0]).toBeLessThanOrEqual(1000);
    expect(gaps[1]).toBeGreaterThanOrEqual(1000);
    expect(gaps[1]).toBeLessThanOrEqual(2000);
    expect(gaps[2]).toBeGreaterThanOrEqual(2000);
    expect(gaps[2]).toBeLessThanOrEqual(4000);
    expect(receiver.received.map((r) => r.id)).toEqual([eventId, eventId, eventId, eventId]);
    for (const r of receiver.received) {
      expect(verifyStandardWebhook(r, [ep.data.secret], Number(r.timestamp) * 1000)).toEqual([true]);
    }
  });

  it("rotation signs with both secrets; replay re-sends the same webhook-id", async () => {
    const database = get();
    const db = database.db;
    const { department, tokens } = await newDepartment(db);
    const admin = tokens.admin;
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const { call } = testApp(database);
    const ep = await call("POST", "/notifications/webhooks", { token: admin, json: { url: receiver.url() } });
    const rotated = await call("POST", `/notifications/webhooks/${ep.data.endpoint.id}/rotate`, {
      token: admin,
    });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.data.secret).not.toBe(ep.data.secret);
    const until = Date.parse(rotated.data.previousSecretValidUntil) - Date.now();
    expect(until).toBeGreaterThan(23.9 * 3600_000);
    expect(until).toBeLessThanOrEqual(24 * 3600_000);
    const listed = await call("GET", "/notifications/webhooks", { token: admin });
    expect(listed.text).not.toContain("whsec_");

    const eventId = randomUUID();
    await enqueueNotification(db, {
      id: eventId,
      departmentId: department.id,
      kind: "publication.due-soon",
      recipient: { type: "department", id: department.id },
      payload: {
        findingId: randomUUID(),
        entityId: "91350100TEST",
        deadline: "2026-02-10",
        workingDaysLeft: 2,
      },
    });
    const n = notifier(db);
    await tickUntil(n, () => receiver.received.length >= 1);
    const first = receiver.received[0]!;
    expect(first.signature.split(" ")).toHaveLength(2);
    expect(verifyStandardWebhook(first, [rotated.data.secret, ep.data.secret])).toEqual([true, true]);

    const log = await call("GET", `/notifications/deliveries?eventId=${eventId}`, { token: admin });
    expect(log.data.items).toHaveLength(1);
    const replay = await call("POST", `/notifications/deliveries/${log.data.items[0].id}/replay`, {
      token: admin,
    });
    expect(replay.status, replay.text).toBe(200);
    expect(replay.data).toMatchObject({ status: "pending", attempts: 0, eventId });
    await tickUntil(n, () => receiver.received.length >= 2);
    const second = receiver.received[1]!;
    expect(second.id).toBe(eventId);
    expect(second.body).toBe(first.body);
    expect(verifyStandardWebhook(second, [rotated.data.secret])).toEqual([true]);

    const gone = await call("DELETE", `/notifications/webhooks/${ep.data.endpoint.id}`, { token: admin });
    expect(gone.status).toBe(204);
    const again = await call("POST", `/notifications/deliveries/${log.data.items[0].id}/replay`, {
      token: admin,
    });
    expect(again.status).toBe(200);
    await n.tick();
    const [dead] = await deliveriesOf(db, department.id);
    expect(dead).toMatchObject({ status: "dead" });
  });

  it("SMS through the signed gateway adapter; certificate reminders are enqueued once", async () => {
    const database = get();
    const db = database.db;
    const { department, tokens } = await newDepartment(db);
    const admin = tokens.admin;
    const gateway = await startReceiver();
    cleanups.push(gateway.close);
    const { call } = testApp(database);
    const today = shanghaiDate(new Date());
    const inspector = await createInspector(
      db,
      department.id,
      {
        name: "王五",
        certificateNo: `CERT-${randomBytes(4).toString("hex")}`,
        certValidUntil: fromDayNumber(dayNumber(today) + 10),
        qualifications: [],
      },
      { tokenId: null, role: null },
    );
    const c = await call("PUT", `/inspectors/${inspector.id}/contact`, {
      token: admin,
      json: { email: null, phone: "+8613800000000" },
    });
    expect(c.status, c.text).toBe(200);
    await raiseReminders(db, new Date());
    await raiseReminders(db, new Date());
    const events = await queryRows<{ id: string }>(
      db,
      sql`select id from notification_events where recipient_id = ${inspector.id} and kind = 'certificate.expiring'`,
    );
    expect(events).toHaveLength(1);

    const secret = `whsec_${randomBytes(32).toString("base64")}`;
    const n = notifier(db, { SMS_WEBHOOK_URL: gateway.url("/sms"), SMS_WEBHOOK_SECRET: secret });
    await tickUntil(n, () => gateway.received.some((r) => r.id === events[0]!.id));
    const sms = gateway.received.find((r) => r.id === events[0]!.id)!;
    expect(verifyStandardWebhook(sms, [secret])).toEqual([true]);
    const body = JSON.parse(sms.body);
    expect(body.phone).toBe("+8613800000000");
    expect(body.text).toContain("执法证");
    expect(body.text).toContain("/console/m/");
    const rows = await deliveriesOf(db, department.id);
    expect(rows).toEqual([expect.objectContaining({ channel: "sms", status: "delivered" })]);
  });

  it("an event enqueued in a transaction that rolls back is never sent", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const id = randomUUID();
    await expect(
      db.transaction(async (tx) => {
        await enqueueNotification(tx, {
          id,
          departmentId: department.id,
          kind: "publication.overdue",
          recipient: { type: "department", id: department.id },
          payload: {},
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const rows = await queryRows(db, sql`select id from notification_events where id = ${id}`);
    expect(rows).toEqual([]);
  });
});
