/**
 * Driver-specific plumbing of the roster import: a staging table, a COPY sink into it, and the
 * one transaction that replaces the roster.
 *
 * - PostgreSQL (postgres.js): the whole import runs in ONE transaction on one connection; the
 *   staging table is a temp table dropped at commit, filled with `COPY … FROM STDIN`.
 * - PGlite (one connection, queries serialised): the temp staging table is filled with
 *   `COPY … FROM '/dev/blob'` in chunks, each its own statement, so other requests can run
 *   between chunks; only the final roster write holds a transaction. Staging never touches the
 *   roster, so a crash or error before or during the write still leaves the roster unchanged.
 *
 * The stage may instead be a fresh permanent table that the roster's writer swaps in whole
 * (entities, replace mode: entities-swap.ts). It is dropped at the end unless the writer renamed
 * it away; on PostgreSQL it only ever exists inside the import's transaction.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import type { Database } from "../../db/types.js";

/** Raw SQL inside the import; `$1…` parameters. */
export interface ImportTx {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Rows affected by an INSERT/UPDATE/DELETE. */
  run(text: string, params?: unknown[]): Promise<number>;
}

/** Text-format COPY data goes in through this (whole lines only). */
export interface CopySink {
  write(text: string): Promise<void>;
  end(): Promise<void>;
}

export interface ImportSession extends ImportTx {
  /** Name of the temp staging table created for this import. */
  readonly stage: string;
  copyIn(columns: readonly string[]): Promise<CopySink>;
  /**
   * Runs `statement`, which builds a unique index or key on the staging table: true when built
   * (no value repeats), false when a duplicate stopped it (nothing else is undone).
   */
  uniqueKey(statement: string): Promise<boolean>;
  /** Runs `fn` in the transaction that writes the roster (rolled back if it throws). */
  transaction<T>(fn: (tx: ImportTx) => Promise<T>): Promise<T>;
}

const UNIQUE_VIOLATION = "23505";

/** PGlite COPY chunk size: large enough to amortise the statement, small enough to bound memory. */
const PGLITE_COPY_CHUNK = 8 * 1024 * 1024;

function pgTx(sql: Sql): ImportTx {
  return {
    query: async <T>(text: string, params: unknown[] = []) =>
      (await sql.unsafe(text, params as never[])) as unknown as T[],
    run: async (text, params = []) => (await sql.unsafe(text, params as never[])).count,
  };
}

function pgliteTx(client: PGlite | Transaction): ImportTx {
  return {
    query: async <T>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
    run: async (text, params = []) => (await client.query(text, params)).affectedRows ?? 0,
  };
}

/** The database refused the staged rows; the import's transaction was rolled back. */
export class StagingRefused extends Error {}

/** How often the end of a COPY checks whether the server already failed it. */
const COPY_PROBE_MS = 250;

/**
 * Resolves when the COPY's writable finishes; rejects with StagingRefused when the server
 * failed the COPY after the stream was ended. postgres.js (3.4) loses such an error: its
 * writable forgets itself in `final`, so the error destroys nothing and `finished` never
 * settles, leaving the transaction "idle in transaction (aborted)" for good. A session that
 * is idle-and-aborted while we still wait for the COPY can only mean that; another pool
 * connection watches for it.
 */
async function copyFinished(sql: Sql, pid: number, done: Promise<void>): Promise<void> {
  let settled = false;
  const watch = (async () => {
    while (!settled) {
      await new Promise((r) => setTimeout(r, COPY_PROBE_MS));
      if (settled) return;
      const [row] = await sql`select state from pg_stat_activity where pid = ${pid}`;
      if (!settled && row?.state === "idle in transaction (aborted)")
        throw new StagingRefused("the database refused the staged rows");
    }
  })();
  try {
    await Promise.race([done, watch]);
  } finally {
    settled = true;
    watch.catch(() => {});
  }
}

/** How the stage table is made: `create(name)` gives its statements; `temp` says which kind. */
export interface StageSpec {
  create(name: string): string | readonly string[];
  /** A temp table (the default), or a permanent one its writer may swap into the roster. */
  temp?: boolean;
}

const statements = (s: string | readonly string[]) => (typeof s === "string" ? [s] : s);

async function postgresSession<T>(
  sql: Sql,
  spec: StageSpec,
  fn: (s: ImportSession) => Promise<T>,
): Promise<T> {
  const temp = spec.temp ?? true;
  const stage = `import_stage_${randomBytes(6).toString("hex")}`;
  return (await sql.begin(async (tsql) => {
    const tx = pgTx(tsql as unknown as Sql);
    const [{ pid }] = (await tsql.unsafe("select pg_backend_pid() as pid")) as unknown as [{ pid: number }];
    // The duplicate check (hash aggregate) and the key-ordered insert (sort) spill to disk
    // with the default 4 MB on million-row files; this transaction only.
    await tsql.unsafe("set local work_mem = '128MB'");
    await tsql.unsafe("set local maintenance_work_mem = '256MB'");
    // A lost import after a crash is simply re-run; waiting for the WAL flush at commit buys nothing.
    await tsql.unsafe("set local synchronous_commit = off");
    const [create, ...more] = statements(spec.create(stage));
    await tsql.unsafe(temp ? `${create} on commit drop` : (create as string));
    for (const s of more) await tsql.unsafe(s);
    // A permanent stage was created in this transaction, so its rows can be loaded frozen: no
    // hint-bit rewrite of every page by the first reader after the commit.
    const copyOptions = temp ? "" : " with (freeze)";
    const session: ImportSession = {
      ...tx,
      stage,
      copyIn: async (columns) => {
        const w = await tsql
          .unsafe(`copy ${stage} (${columns.join(", ")}) from stdin${copyOptions}`)
          .writable();
        const done = finished(w);
        done.catch(() => {}); // observed in end(); avoid an unhandled rejection meanwhile
        return {
          write: async (text) => {
            if (!w.write(text)) await Promise.race([once(w, "drain"), done]);
          },
          end: async () => {
            w.end();
            await copyFinished(sql, pid, done);
          },
        };
      },
      uniqueKey: async (statement) => {
        // A failed statement aborts the transaction: the savepoint keeps the staged rows.
        try {
          await tsql.savepoint((sp) => sp.unsafe(statement));
          return true;
        } catch (err) {
          if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
          return false;
        }
      },
      transaction: (f) => f(tx),
    };
    const result = await fn(session);
    // A permanent stage the writer did not swap in (a rejected file) must not outlive the import.
    if (!temp) await tsql.unsafe(`drop table if exists ${stage}`);
    return result;
  })) as T;
}

async function pgliteSession<T>(
  client: PGlite,
  spec: StageSpec,
  fn: (s: ImportSession) => Promise<T>,
): Promise<T> {
  const stage = `import_stage_${randomBytes(6).toString("hex")}`;
  const tx = pgliteTx(client);
  for (const s of statements(spec.create(stage))) await client.exec(s);
  try {
    const session: ImportSession = {
      ...tx,
      stage,
      copyIn: async (columns) => {
        const statement = `copy ${stage} (${columns.join(", ")}) from '/dev/blob'`;
        let parts: string[] = [];
        let size = 0;
        const flush = async () => {
          if (size === 0) return;
          const blob = new Blob(parts);
          parts = [];
          size = 0;
          await client.query(statement, [], { blob });
        };
        return {
          write: async (text) => {
            parts.push(text);
            size += text.length;
            if (size >= PGLITE_COPY_CHUNK) await flush();
          },
          end: flush,
        };
      },
      uniqueKey: async (statement) => {
        try {
          await client.exec(statement);
          return true;
        } catch (err) {
          if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
          return false;
        }
      },
      transaction: (f) => client.transaction((t) => f(pgliteTx(t))),
    };
    return await fn(session);
  } finally {
    await client.exec(`drop table if exists ${stage}`);
  }
}

/**
 * Opens an import session: a fresh staging table created by `stage` (a function giving a
 * `create temp table <name> (…)` statement, or a StageSpec) and the driver's COPY path into it.
 */
export function withImportSession<T>(
  database: Database,
  stage: StageSpec | ((name: string) => string),
  fn: (s: ImportSession) => Promise<T>,
): Promise<T> {
  const spec = typeof stage === "function" ? { create: stage } : stage;
  const raw = database.raw;
  return raw.kind === "postgres"
    ? postgresSession(raw.client, spec, fn)
    : pgliteSession(raw.client, spec, fn);
}

/** COPY text-format field: \N for null; backslash, tab, newline and CR escaped. */
export function copyField(v: string | null): string {
  if (v === null) return "\\N";
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 92 || c === 9 || c === 10 || c === 13) {
      return v.replace(/[\\\t\n\r]/g, (ch) =>
        ch === "\\" ? "\\\\" : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r",
      );
    }
  }
  return v;
}
