/**
 * Import jobs that fail must fail cleanly: the job ends `failed` with a row-level error, its
 * connection is released (no "idle in transaction (aborted)" session), the department's old
 * roster is untouched, and no other department's import waits on it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { expect, inject, it } from "vitest";
import type { Database } from "../../src/db/types.js";
import { withImportSession } from "../../src/rosters/imports/import-staging.js";
import { ENTITY_HEADERS } from "../../src/rosters/synthetic.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { csvText, rosterFingerprint, smallRows, uscc } from "./entities-fixtures.js";

const CSV = { "content-type": "text/csv; charset=utf-8" };

/** Polls a job until it leaves queued/running (never waits on the import queue itself). */
async function finishedJob(
  call: ReturnType<typeof testApp>["call"],
  token: string,
  id: string,
  timeoutMs = 20_000,
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await call("GET", `/entities/imports/${id}`, { token });
    expect(job.status).toBe(200);
    if (job.data.state !== "queued" && job.data.state !== "running") return job.data;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.data.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sessions of this database left "idle in transaction (aborted)" (PostgreSQL only). */
async function abortedSessions(database: Database): Promise<number> {
  const raw = database.raw;
  if (raw.kind !== "postgres") return 0;
  const [r] = await raw.client.unsafe(
    "select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'idle in transaction (aborted)'",
  );
  return Number(r?.n ?? 0);
}

describeEachDriver("failing roster imports", (get, driver) => {
  const app = () => testApp(get(), { DATA_DIR: mkdtempSync(join(tmpdir(), "sortes-import-fail-")) });

  it("a NUL byte fails the job naming its line, keeps the old roster, and the next import runs", async () => {
    const { call } = app();
    const a = await newDepartment(get().db);
    const b = await newDepartment(get().db);
    const first = await call("POST", "/entities/imports", {
      token: a.tokens.admin,
      body: csvText(ENTITY_HEADERS, smallRows()),
      headers: CSV,
    });
    expect((await finishedJob(call, a.tokens.admin, first.data.id)).state).toBe("succeeded");
    const before = await rosterFingerprint(get().db, a.department.id);

    const rows = smallRows();
    rows[1]![1] = "鼓楼区乙记\u0000小吃店"; // file line 3
    const posted = await call("POST", "/entities/imports", {
      token: a.tokens.admin,
      body: csvText(ENTITY_HEADERS, rows),
      headers: CSV,
    });
    expect(posted.status).toBe(202);
    const job = await finishedJob(call, a.tokens.admin, posted.data.id);
    expect(job.state).toBe("failed");
    expect(job.report.errors).toEqual([{ line: 3, column: "名称", reason: expect.stringMatching(/NUL/) }]);
    expect(JSON.stringify(job.report)).not.toMatch(/invalid byte sequence|COPY|import_stage/);
    expect(await rosterFingerprint(get().db, a.department.id)).toBe(before);
    expect(await abortedSessions(get())).toBe(0);

    // Both the same department and another one import right after.
    for (const dept of [a, b]) {
      const next = await call("POST", "/entities/imports", {
        token: dept.tokens.admin,
        body: csvText(ENTITY_HEADERS, smallRows()),
        headers: CSV,
      });
      expect((await finishedJob(call, dept.tokens.admin, next.data.id)).state).toBe("succeeded");
    }
    expect(await abortedSessions(get())).toBe(0);
  });

  it("a COPY the database refuses at its end rejects (never hangs) and releases the session", async () => {
    const attempt = withImportSession(
      get(),
      (name) => `create temp table ${name} (n int not null)`,
      async (s) => {
        const sink = await s.copyIn(["n"]);
        await sink.write("1\nnot a number\n");
        await sink.end();
      },
    );
    await expect(attempt).rejects.toThrow();
    expect(await abortedSessions(get())).toBe(0);
    // The next session runs normally.
    const ok = withImportSession(
      get(),
      (name) => `create temp table ${name} (n int)`,
      async (s) => {
        const sink = await s.copyIn(["n"]);
        await sink.write("1\n2\n");
        await sink.end();
        return s.query<{ c: number | string }>(`select count(*) as c from ${s.stage}`);
      },
    );
    expect(Number((await ok)[0]?.c)).toBe(2);
  });

  // PGlite is a single connection: no second session can hold a department's lock meanwhile.
  it.skipIf(driver === "pglite")(
    "one department's stuck import never holds up another department's",
    async () => {
      const { call } = app();
      const a = await newDepartment(get().db);
      const b = await newDepartment(get().db);
      const url = inject("testDatabaseUrl")!;
      const other = postgres(url, { max: 1, onnotice: () => {} });
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      // Another session holds department A's roster-write lock until released.
      const holder = other.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext('sortes-entities:' || ${a.department.id}))`;
        locked();
        await released;
      });
      try {
        await isLocked;
        const stuck = await call("POST", "/entities/imports", {
          token: a.tokens.admin,
          body: csvText(ENTITY_HEADERS, smallRows()),
          headers: CSV,
        });
        const rows = smallRows().map((r, i) => {
          const c = [...r];
          c[0] = uscc(`91350100MA${String(900 + i).padStart(7, "0")}`);
          return c;
        });
        const free = await call("POST", "/entities/imports", {
          token: b.tokens.admin,
          body: csvText(ENTITY_HEADERS, rows),
          headers: CSV,
        });
        expect((await finishedJob(call, b.tokens.admin, free.data.id)).state).toBe("succeeded");
        const waiting = await call("GET", `/entities/imports/${stuck.data.id}`, { token: a.tokens.admin });
        expect(waiting.data.state).toBe("running");
        release();
        await holder;
        expect((await finishedJob(call, a.tokens.admin, stuck.data.id)).state).toBe("succeeded");
      } finally {
        release();
        await holder.catch(() => {});
        await other.end();
      }
    },
  );
});
