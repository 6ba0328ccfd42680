/**
 * In-memory read caches (src/http/cache.ts, src/db/change-feed.ts): cached public and
 * inspector reads never outlive the change that makes them stale, whether the change came
 * through this app (answered only once invalidated), a domain call outside HTTP (a job, the
 * CLI), or another instance on the same PostgreSQL database.
 */
import { expect, inject, it } from "vitest";
import { revokeToken } from "../../src/auth/tokens.js";
import { ChangeFeed, Memo } from "../../src/db/change-feed.js";
import { openDatabase } from "../../src/db/client.js";
import type { Db } from "../../src/db/types.js";
import { transition } from "../../src/draws/transitions.js";
import { takeDownExpired } from "../../src/publication/take-down.js";
import { fileSignedFinding, teamFixture, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

/** Repeats `read` until `done` holds (a notification from outside this app is asynchronous). */
async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeEachDriver("read caches", (get) => {
  it("serve a published finding from memory with an ETag until a retraction, then the retraction at once", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const { findingId } = await fileSignedFinding(call, fx);
    expect((await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin })).status).toBe(
      201,
    );
    const path = `/public/departments/${fx.department.code}/findings`;
    const first = await call("GET", path);
    expect(first.data.items).toHaveLength(1);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await call("GET", path, { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    const r = await call("POST", `/findings/${findingId}/retract`, {
      token: fx.tokens.admin,
      json: { reason: "revoked", revokedOn: new Date().toISOString().slice(0, 10), explanation: "撤销" },
    });
    expect(r.status, r.text).toBe(201);
    // The write answered only after the cache let go: no waiting here.
    const after = await call("GET", path, { headers: { "if-none-match": etag! } });
    expect(after.status).toBe(200);
    expect(after.data.items[0]).toMatchObject({
      findingId,
      content: null,
      retraction: { reason: "revoked" },
    });
  });

  it("drop a finding taken down by the job (no HTTP request involved)", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const { findingId } = await fileSignedFinding(call, fx);
    await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin });
    const path = `/public/departments/${fx.department.code}/findings`;
    expect((await call("GET", path)).data.items).toHaveLength(1);
    expect((await call("GET", `/public/findings/${findingId}`)).status).toBe(200);
    const later = new Date(Date.now() + 6 * 366 * 86400_000);
    expect((await takeDownExpired(get().db, later, fx.department.id)).takenDown).toBe(1);
    const list = await eventually(
      () => call("GET", path),
      (r) => r.data.items.length === 0,
    );
    expect(list.data.items).toHaveLength(0);
  });

  it("revoke a cached token and refresh a round's cached status on a transition made outside HTTP", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const inspector = fx.members[0]!;
    const mine = await call("GET", "/me/assignments", { token: inspector.token });
    expect(mine.status).toBe(200);
    expect(mine.data.items[0]).toMatchObject({ roundStatus: "in_progress", status: "assigned" });
    const accepted = await call("POST", `/me/assignments/${mine.data.items[0].id}/accept`, {
      token: inspector.token,
    });
    expect(accepted.status, accepted.text).toBe(200);
    expect((await call("GET", "/me/assignments", { token: inspector.token })).data.items[0].status).toBe(
      "accepted",
    );
    const round = await call("GET", `/public/rounds/${fx.roundId}`);
    expect(round.data.status).toBe("in_progress");
    await transition(get().db, {
      roundId: fx.roundId,
      departmentId: fx.department.id,
      from: "in_progress",
      to: "closed",
      actor: "test",
    });
    const closed = await eventually(
      () => call("GET", `/public/rounds/${fx.roundId}`),
      (r) => r.data.status === "closed",
    );
    expect(closed.data.status).toBe("closed");
    expect(
      (
        await eventually(
          () => call("GET", "/me/assignments", { token: inspector.token }),
          (r) => r.data.items[0].roundStatus === "closed",
        )
      ).data.items[0].roundStatus,
    ).toBe("closed");
    // The CLI revokes through the domain function: the cached token row must go with it.
    const tokenId = inspector.token.split("_")[1]!;
    await revokeToken(get().db, { departmentId: fx.department.id, tokenId });
    const refused = await eventually(
      () => call("GET", "/me/assignments", { token: inspector.token }),
      (r) => r.status === 401,
    );
    expect(refused.status).toBe(401);
  });
});

it("another instance on the same PostgreSQL database drops what it cached", async () => {
  const url = inject("testDatabaseUrl");
  if (!url) return; // PGlite is one embedded instance by construction
  const a = await openDatabase({ url, max: 2 });
  const b = await openDatabase({ url, max: 2 });
  try {
    const fx = await teamFixture(a.db);
    const one = testApp(a, { DATA_DIR: tempDataDir() });
    const two = testApp(b, { DATA_DIR: tempDataDir() });
    const { findingId } = await fileSignedFinding(one.call, fx);
    await one.call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin });
    const path = `/public/departments/${fx.department.code}/findings`;
    await eventually(
      () => two.call("GET", path),
      () => b.changes.listening,
    );
    expect((await two.call("GET", path)).data.items[0].content).not.toBeNull();
    await one.call("POST", `/findings/${findingId}/retract`, {
      token: fx.tokens.admin,
      json: { reason: "revoked", revokedOn: new Date().toISOString().slice(0, 10), explanation: "撤销" },
    });
    const seen = await eventually(
      () => two.call("GET", path),
      (r) => r.data.items[0].content === null,
    );
    expect(seen.data.items[0].content).toBeNull();
  } finally {
    await a.close();
    await b.close();
  }
});

it("Memo keeps nothing loaded while a change arrived, nor anything while not listening", async () => {
  let deliver: (payload: string) => void = () => {};
  let setState: (up: boolean) => void = () => {};
  const feed = new ChangeFeed(async (onPayload, state) => {
    deliver = onPayload;
    setState = state;
    state(true);
    return async () => {};
  }, {} as Db);
  feed.start();
  await new Promise((r) => setTimeout(r, 0));
  const memo = new Memo<number>(feed, { maxEntries: 2 });
  let loads = 0;
  const load = (department: string | null) => async () => ({ value: ++loads, department });
  expect(await memo.get("k", load("d1"))).toBe(1);
  expect(await memo.get("k", load("d1"))).toBe(1);
  deliver("d2");
  expect(await memo.get("k", load("d1"))).toBe(1);
  deliver("d1");
  expect(await memo.get("k", load("d1"))).toBe(2);
  // A change arriving during the load: served, not kept.
  expect(
    await memo.get("r", async () => {
      deliver("d9");
      return { value: 10, department: "d1" };
    }),
  ).toBe(10);
  expect(await memo.get("r", load("d1"))).toBe(3);
  expect(await memo.get("n", load(null))).toBe(4);
  expect(await memo.get("n", load(null))).toBe(5);
  // Bounded: the least recently used goes.
  await memo.get("x", load("d1"));
  expect(memo.size).toBe(2);
  deliver("*");
  expect(await memo.get("x", load("d1"))).toBe(7);
  setState(false);
  expect(await memo.get("x", load("d1"))).toBe(8);
  expect(await memo.get("x", load("d1"))).toBe(9);
  setState(true);
  expect(await memo.get("x", load("d1"))).toBe(10);
  expect(await memo.get("x", load("d1"))).toBe(10);
});
