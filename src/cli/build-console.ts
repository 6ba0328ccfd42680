/**
 * Builds the console SPA (Vite) into dist/console — only when something it is built from
 * changed: a SHA-256 over the console's sources, the OpenAPI-derived client, the shared modules
 * it imports and the lockfile is kept beside the build. `npm start` runs this first (prestart),
 * the test setup runs it when browser tests run; `--force` rebuilds anyway. After a build the
 * JS/CSS assets get .gz siblings, which the server sends to browsers that accept gzip.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CONSOLE_DIST = join(ROOT, "dist/console");
const HASH_FILE = join(CONSOLE_DIST, ".build-hash");

/** Everything the bundle is made of; a change in any of them means a rebuild. */
const INPUTS = ["src/console", "src/findings/result-codes.ts", "src/checklist/floors.ts", "package-lock.json"];

function files(path: string): string[] {
  const abs = join(ROOT, path);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [abs];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

export function consoleSourceHash(): string {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap(files).sort()) {
    hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

function gzipAssets(dist: string): void {
  const assets = join(dist, "assets");
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css|svg)$/.test(name)) continue;
    writeFileSync(join(assets, `${name}.gz`), gzipSync(readFileSync(join(assets, name)), { level: 9 }));
  }
}

/** Builds unless the last build was made from the same inputs; returns whether it built. */
export async function buildConsole(opts: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  const hash = consoleSourceHash();
  const built = existsSync(join(CONSOLE_DIST, "index.html")) && existsSync(HASH_FILE);
  if (!opts.force && built && readFileSync(HASH_FILE, "utf8").trim() === hash) {
    if (!opts.quiet) console.log("console: up to date (dist/console)");
    return false;
  }
  const started = performance.now();
  // Built beside and swapped in, so concurrent builds (parallel test runs) never mix files and
  // a running server never sees half a build.
  const staging = `${CONSOLE_DIST}.build-${process.pid}`;
  const { build } = await import("vite");
  await build({
    configFile: join(ROOT, "src/console/vite.config.ts"),
    logLevel: "warn",
    build: { outDir: staging, emptyOutDir: true },
  });
  gzipAssets(staging);
  writeFileSync(join(staging, ".build-hash"), `${hash}\n`);
  const old = `${CONSOLE_DIST}.old-${process.pid}`;
  if (existsSync(CONSOLE_DIST)) renameSync(CONSOLE_DIST, old);
  renameSync(staging, CONSOLE_DIST);
  rmSync(old, { recursive: true, force: true });
  if (!opts.quiet)
    console.log(`console: built dist/console in ${Math.round(performance.now() - started)} ms`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildConsole({ force: process.argv.includes("--force") });
}
