import { randomBytes } from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { buildConsole } from "../../src/cli/build-console.js";
import { browserTestsEnabled, chromiumAvailable } from "../browser/chromium.js";
import { writeMigratedPgliteImage } from "./pglite-image.js";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string | null;
    /** A file holding a migrated, empty PGlite data directory (see pglite-image.ts). */
    pgliteImagePath: string;
  }
}

/**
 * With TEST_DATABASE_URL set, each run creates its own empty database on that server, so
 * the committed migrations are exercised from scratch and concurrent runs never collide.
 * Test files migrate it (serialised by an advisory lock) and isolate themselves by creating
 * their own departments. The database is dropped when the run ends.
 */
export default async function setup(project: TestProject) {
  // The browser tests open the built console; the build is skipped when its sources are unchanged.
  // A failed build fails those tests (the console answers 503), not every other suite.
  if (browserTestsEnabled || chromiumAvailable())
    await buildConsole({ quiet: true }).catch((e) => console.warn(`console build failed: ${e}`));
  const image = await writeMigratedPgliteImage();
  project.provide("pgliteImagePath", image.path);
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    project.provide("testDatabaseUrl", null);
    return image.remove;
  }
  const name = `sortes_test_${randomBytes(5).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  project.provide("testDatabaseUrl", url.toString());
  return async () => {
    image.remove();
    const sql = postgres(base, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await sql.end();
    }
  };
}
