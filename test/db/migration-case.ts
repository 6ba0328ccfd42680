/**
 * A data-moving migration tested on both drivers: a database migrated up to just before
 * `tag`, seeded with rows in the old shape, is migrated on and checked. PGlite in memory, and
 * a throwaway PostgreSQL database when TEST_DATABASE_URL is set.
 */
import { randomBytes } from "node:crypto";
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

export type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** A copy of the migrations folder whose journal stops before `tag`. */
function foldersBefore(tag: string): { before: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "sortes-migr-"));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return { before: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function describeMigration(
  title: string,
  tag: string,
  seed: (q: Query) => Promise<void>,
  check: (q: Query) => Promise<void>,
): void {
  describe(title, () => {
    let folders: ReturnType<typeof foldersBefore>;
    beforeAll(() => {
      folders = foldersBefore(tag);
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
}
