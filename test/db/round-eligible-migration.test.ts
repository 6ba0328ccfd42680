/**
 * Migration 0029 moves existing eligible sets into per-round partitions of round_eligible:
 * a database migrated up to 0028 with two rounds' rows is migrated on, and each round's rows
 * come out in a partition of their own, keys intact, the DEFAULT partition empty.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrationsFolder } from "../../src/db/migrate.js";

const TAG = "0029_round_eligible_partitioned_by_round";

/** A copy of the migrations folder whose journal stops before 0029. */
function foldersBefore0029(): { before: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "sortes-migr-"));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  const at = journal.entries.findIndex((e) => e.tag === TAG);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return { before: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

type Query = (text: string) => Promise<Record<string, unknown>[]>;

const ROUNDS = [randomUUID(), randomUUID()];

/** Rows of two rounds written before 0029 (foreign keys off: no rounds rows needed for this). */
async function seed(q: Query) {
  await q("set session_replication_role = replica");
  for (const [i, r] of ROUNDS.entries()) {
    const n = i === 0 ? 300 : 7;
    await q(`insert into round_eligible (round_id, stratum, entity_id, leaf_index)
             select '${r}', 'A', 'E' || lpad(g::text, 6, '0'), g from generate_series(0, ${n - 1}) g`);
  }
  await q("set session_replication_role = origin");
}

async function check(q: Query) {
  const rows =
    await q(`select tableoid::regclass::text as part, round_id::text as round_id, count(*)::int as n
                        from round_eligible group by 1, 2 order by 3 desc`);
  expect(rows).toEqual(
    ROUNDS.map((r, i) => ({
      part: `round_eligible_${r.replaceAll("-", "")}`,
      round_id: r,
      n: i === 0 ? 300 : 7,
    })),
  );
  const [dflt] = await q("select count(*)::int as n from round_eligible_default");
  expect(dflt?.n).toBe(0);
  const kind = await q("select relkind::text as k from pg_class where relname = 'round_eligible'");
  expect(kind).toEqual([{ k: "p" }]);
  // The keys hold: a duplicate leaf of a migrated round is refused.
  await expect(q(`insert into round_eligible values ('${ROUNDS[1]}', 'A', 'X', 0)`)).rejects.toThrow(
    /duplicate key|unique/,
  );
  const old = await q(
    "select count(*)::int as n from pg_class where relname = 'round_eligible_unpartitioned'",
  );
  expect(old[0]?.n).toBe(0);
}

describe("migration 0029 moves eligible sets into per-round partitions", () => {
  let folders: ReturnType<typeof foldersBefore0029>;
  beforeAll(() => {
    folders = foldersBefore0029();
  });
  afterAll(() => folders.cleanup());

  it("[pglite]", async () => {
    const client = new PGlite("memory://");
    try {
      const q: Query = async (text) => (await client.query<Record<string, unknown>>(text)).rows;
      await migratePglite(drizzlePglite({ client }), { migrationsFolder: folders.before });
      await seed(q);
      await migratePglite(drizzlePglite({ client }), { migrationsFolder });
      await check(q);
    } finally {
      await client.close();
    }
  });

  const base = inject("testDatabaseUrl");
  it.skipIf(!base)("[postgres]", async () => {
    const name = `sortes_migr_${randomBytes(5).toString("hex")}`;
    const admin = postgres(base as string, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(base as string);
    url.pathname = `/${name}`;
    const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      const q: Query = async (text) => [...(await client.unsafe(text))] as Record<string, unknown>[];
      await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: folders.before });
      await seed(q);
      await migratePostgres(drizzlePostgres({ client }), { migrationsFolder });
      await check(q);
    } finally {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
