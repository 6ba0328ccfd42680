/**
 * One migrated PGlite image per test run. Starting an in-memory PGlite runs initdb (~4 s on
 * these machines) and then every migration; a hundred test files did that once or twice each.
 * The global setup migrates one empty database, dumps its data directory to a file, and each
 * file's database starts from that image (~2 s). Migrations still run from scratch here once
 * per run, `openDatabase` still checks them against the image, and the migration tests
 * (test/db) build their own databases step by step.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { runMigrations } from "../../src/db/migrate.js";
import type { Database } from "../../src/db/types.js";

export async function writeMigratedPgliteImage(): Promise<{ path: string; remove: () => void }> {
  const client = await PGlite.create("memory://");
  try {
    await runMigrations({ kind: "pglite", client });
    const image = await client.dumpDataDir("none");
    const path = join(tmpdir(), `sortes-pglite-${randomBytes(5).toString("hex")}.tar`);
    writeFileSync(path, Buffer.from(await image.arrayBuffer()));
    return { path, remove: () => rmSync(path, { force: true }) };
  } finally {
    await client.close();
  }
}

let image: Blob | undefined;

/** A fresh in-memory PGlite database, migrated (from the run's image). */
export function openTestPglite(): Promise<Database> {
  image ??= new Blob([readFileSync(inject("pgliteImagePath"))]);
  return openDatabase({ dataDir: "memory://", pgliteImage: image });
}
