/**
 * Read replicas for real (issue 15, item 3): a throwaway primary + hot standby started by the
 * test (test/helpers/pg-pair.ts). Public reads are answered by the standby with the primary's
 * bytes; a writer reads its own write at once while the standby's replay is paused (its read
 * waits, then goes to the primary) and from the standby once replay resumes; a second instance's
 * response cache, invalidated by NOTIFY, is not refilled from a standby that has not replayed the
 * change; the standby stopped in the middle of a burst of reads costs no request; restarted, it
 * is read from again. Runs with TEST_DATABASE_URL (CI); skipped with a message otherwise.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import type { Database } from "../../src/db/types.js";
import { contributorCommitment, toHex } from "../../src/draw-engine/index.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll, roundBody, SIGNING_KEY_HEX } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { type PgPair, pgPairUnavailable, startPgPair } from "../helpers/pg-pair.js";

const why = process.env.TEST_DATABASE_URL
  ? pgPairUnavailable()
  : "TEST_DATABASE_URL is not set (CI sets it); this test starts its own primary + standby";
if (why) console.warn(`read replica test skipped: ${why}`);

const READ = "x-sortes-read";
const REPLICA = { maxLagMs: 5_000, waitMs: 300, checkMs: 100 };

describe.skipIf(why !== null)("read replicas: a real primary and hot standby", () => {
  let pair: PgPair;
  let primaryOnly: Database;
  let viaReplica: Database;
  let second: Database;
  let standbySql: postgres.Sql;
  let plain: ReturnType<typeof testApp>;
  let app: ReturnType<typeof testApp>;
  let other: ReturnType<typeof testApp>;
  let fx: Awaited<ReturnType<typeof roundFixture>>;
  let roundId: string;
  let paths: string[];

  const open = (replicas: boolean) =>
    openDatabase({
      url: pair.primaryUrl,
      max: 4,
      replicas: replicas ? { urls: [pair.standbyUrl], ...REPLICA, max: 4 } : undefined,
    });
  const until = async (what: string, ok: () => Promise<boolean>, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const onReplica = async (a: ReturnType<typeof testApp>) =>
    (await a.call("GET", "/public/rounds")).headers.get(READ)?.startsWith("replica") ?? false;

  beforeAll(async () => {
    pair = await startPgPair();
    primaryOnly = await open(false);
    viaReplica = await open(true);
    second = await open(true);
    standbySql = postgres(pair.standbyUrl, { max: 1, onnotice: () => {} });
    plain = testApp(primaryOnly, { SIGNING_KEY_HEX });
    app = testApp(viaReplica, { SIGNING_KEY_HEX });
    other = testApp(second, { SIGNING_KEY_HEX });
    // A drawn round, written through the primary-only app.
    fx = await roundFixture(primaryOnly.db, { entities: 300 });
    const round = await createCommittedRound(plain.call, fx.tokens.admin, fx.itemCode);
    await revealAll(plain.call, round.contributors);
    expect(
      (await plain.call("POST", `/rounds/${round.roundId}/draw`, { token: fx.tokens.admin })).status,
    ).toBe(200);
    roundId = round.roundId;
    const drawn = (await plain.call("GET", `/public/rounds/${roundId}/drawn`)).data.items[0].entityId;
    const dept = encodeURIComponent(fx.department.code);
    paths = [
      `/public/rounds?departmentId=${fx.department.id}`,
      `/public/rounds/${roundId}`,
      `/public/rounds/${roundId}/proof`,
      `/public/rounds/${roundId}/eligible.ndjson`,
      `/public/rounds/${roundId}/eligible.csv`,
      `/public/rounds/${roundId}/exclusions`,
      `/public/rounds/${roundId}/drawn`,
      `/public/rounds/${roundId}/entities/${drawn}`,
      `/public/departments/${dept}/checklist`,
      `/public/departments/${dept}/plans`,
      `/public/departments/${dept}/findings`,
      `/public/ledger/entries?department=${dept}`,
      `/public/keys`,
    ];
    await until(
      "both instances to read from the standby",
      async () => (await onReplica(app)) && (await onReplica(other)),
    );
  }, 60_000);

  afterAll(async () => {
    await standbySql?.end({ timeout: 1 }).catch(() => {});
    for (const d of [primaryOnly, viaReplica, second]) await d?.close().catch(() => {});
    pair?.destroy();
  });

  it("serves the public reads from the standby, byte for byte what the primary serves", async () => {
    for (const path of paths) {
      const fromPrimary = await plain.call("GET", path);
      const r = await app.call("GET", path);
      expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(200);
      // /public/keys stores the configured signing key on first use per database handle: refused
      // by the read-only standby (25006), it is answered by the primary, and says so.
      expect(r.headers.get(READ), path).toMatch(
        path === "/public/keys" ? /^primary$/ : /^replica 127\.0\.0\.1:\d+\/postgres$/,
      );
      expect(r.text, path).toBe(fromPrimary.text);
    }
  });

  /** A round created and committed by the admin through `a`; the commit's answer as is. */
  async function commitRound(a: ReturnType<typeof testApp>) {
    const created = await a.call("POST", "/rounds", { token: fx.tokens.admin, json: roundBody(fx.itemCode) });
    expect(created.status, created.text).toBe(201);
    const id = created.data.round.id as string;
    const contributors = [];
    for (const c of created.data.credentials as { credential: string }[]) {
      const nonce = randomBytes(32);
      const commitment = toHex(contributorCommitment(nonce));
      const r = await a.call("POST", "/contributions/commitment", {
        json: { credential: c.credential, commitment },
      });
      expect(r.status, r.text).toBe(200);
      contributors.push({ credential: c.credential, nonce: toHex(nonce) });
    }
    const committed = await a.call("POST", `/rounds/${id}/commit`, { token: fx.tokens.admin });
    expect(committed.status, committed.text).toBe(200);
    return { id, committed, contributors };
  }

  it("a writer reads its own write at once, through the header or the cookie; others read the standby as it is", async () => {
    await standbySql`select pg_wal_replay_pause()`;
    try {
      const { id, committed } = await commitRound(app);
      const lsn = committed.headers.get("x-sortes-lsn");
      expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      expect(committed.headers.get("set-cookie")).toContain(`sortes_lsn=${encodeURIComponent(lsn!)}`);
      // Anyone else: the paused standby answers, and it has not seen the round's commit.
      // (The primary has it: a 404 can only come from the standby.)
      expect((await plain.call("GET", `/public/rounds/${id}`)).status).toBe(200);
      expect((await app.call("GET", `/public/rounds/${id}`)).status).toBe(404);
      // The writer: its read waits for the standby, gives up after REPLICA.waitMs, reads the primary.
      const ways: Record<string, string>[] = [
        { "x-sortes-lsn": lsn! },
        { cookie: `sortes_lsn=${encodeURIComponent(lsn!)}` },
      ];
      for (const headers of ways) {
        const mine = await app.call("GET", `/public/rounds/${id}`, { headers });
        expect(mine.status, mine.text).toBe(200);
        expect(mine.data.status).toBe("committed");
        expect(mine.headers.get(READ)).toBe("primary");
      }
      await standbySql`select pg_wal_replay_resume()`;
      // Replayed: the writer is served by the standby again, and so is everyone else.
      await until("the standby to replay the commit", async () => {
        const r = await app.call("GET", `/public/rounds/${id}`, { headers: { "x-sortes-lsn": lsn! } });
        return r.status === 200 && (r.headers.get(READ)?.startsWith("replica") ?? false);
      });
      expect((await app.call("GET", `/public/rounds/${id}`)).status).toBe(200);
    } finally {
      await standbySql`select pg_wal_replay_resume()`;
    }
  });

  it("another instance's cache, invalidated by NOTIFY, is not refilled from a standby behind the change", async () => {
    const { id, contributors } = await commitRound(plain);
    const path = `/public/rounds/${id}`;
    const revealed = (text: string) =>
      (JSON.parse(text) as { contributors: { revealed: boolean }[] }).contributors.filter((c) => c.revealed)
        .length;
    await until("the standby to have the round", async () => (await other.call("GET", path)).status === 200);
    // `other` now holds the committed round (nothing revealed) in its response cache.
    expect(revealed((await other.call("GET", path)).text)).toBe(0);
    await standbySql`select pg_wal_replay_pause()`;
    try {
      // A contributor reveals through another instance (on the primary): NOTIFY announces it.
      const reveal = await plain.call("POST", "/contributions/reveal", { json: contributors[0] });
      expect(reveal.status, reveal.text).toBe(200);
      const fresh = (await plain.call("GET", path)).text;
      expect(revealed(fresh)).toBe(1);
      // `other` heard the NOTIFY and dropped its entry; the paused standby still has the old
      // round, which it may serve now but must not cache.
      await until("the other instance to hear the change", async () => {
        const r = await other.call("GET", path);
        return r.headers.get(READ)?.startsWith("replica") === true && revealed(r.text) === 0;
      });
      await standbySql`select pg_wal_replay_resume()`;
      // Without the guard the stale answer would be cached for a minute; it is gone at once.
      await until(
        "the other instance to serve the reveal",
        async () => (await other.call("GET", path)).text === fresh,
        5_000,
      );
    } finally {
      await standbySql`select pg_wal_replay_resume()`;
    }
  });

  it("stopping the standby in the middle of a burst of reads fails no request; restarted, it serves again", async () => {
    const expected = new Map<string, string>();
    for (const p of paths) expected.set(p, (await plain.call("GET", p)).text);
    const seen = new Set<string>();
    let stopped = false;
    const burst = async (worker: number) => {
      for (let i = 0; i < 60; i++) {
        const p = paths[(worker + i) % paths.length]!;
        const r = await app.call("GET", p);
        expect(r.status, `${p}: ${r.text.slice(0, 200)}`).toBe(200);
        expect(r.text, p).toBe(expected.get(p));
        seen.add(`${stopped ? "after" : "before"} ${r.headers.get(READ)?.split(" ")[0]}`);
        if (worker === 0 && i === 15) {
          pair.stopStandby();
          stopped = true;
        }
      }
    };
    await Promise.all([0, 1, 2, 3].map(burst));
    expect(seen).toContain("before replica");
    expect(seen).toContain("after primary");
    pair.startStandby();
    await until("the restarted standby to serve again", () => onReplica(app), 20_000);
  }, 40_000);
});
