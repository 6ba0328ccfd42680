/**
 * Compiles the `sortes` CLI (src/cli/main.ts and everything it imports) to plain JavaScript in
 * dist/cli with esbuild, so a command starts without tsx compiling TypeScript first (issue 15:
 * a whole `sortes verify` process ≤ 1 s). `npm install` runs it ("prepare"); bin/sortes.mjs runs
 * it again when a source it was built from changed. Plain JS itself, so it needs no compiler.
 *
 *   node bin/build-cli.mjs [--force] [--quiet]
 *
 * Lazily loaded commands (admin, witness, notify, …) become separate chunks, loaded only when
 * asked for. npm packages stay imports of node_modules. Modules that locate files relative to
 * themselves (`new URL("../../migrations", import.meta.url)`) get their own source file's URL,
 * so those paths still point where they did.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI_DIST = join(ROOT, "dist", "cli");
/**
 * The current build: its directory, when it was made and its inputs (paths from the root).
 * Each build gets its own directory and this file is replaced atomically, so concurrent
 * launches (parallel tests) never import half a build or one being replaced.
 */
const CURRENT = join(CLI_DIST, "current.json");
/** Builds kept besides the current one, for processes still loading chunks from them. */
const KEEP = 3;

const posix = (p) => p.split(sep).join("/");

/** `import.meta.url` of a source file, written relative to the chunk that will hold it. */
const selfUrlPlugin = (outdir) => ({
  name: "source-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      const rel = posix(relative(outdir, args.path));
      const contents = text.replaceAll(
        "import.meta.url",
        `new URL(${JSON.stringify(rel)}, import.meta.url).href`,
      );
      return { contents, loader: "ts" };
    });
  },
});

/** The entry module of the current build when every input is older than it, else null. */
export function freshCliEntry() {
  try {
    const current = JSON.parse(readFileSync(CURRENT, "utf8"));
    for (const f of current.inputs) if (statSync(join(ROOT, f)).mtimeMs > current.builtAt) return null;
    return join(CLI_DIST, current.dir, "main.js");
  } catch {
    return null;
  }
}

/** Builds the CLI unless the current build is fresh; returns the entry module's path. */
export async function buildCli({ force = false, quiet = false } = {}) {
  const fresh = force ? null : freshCliEntry();
  if (fresh) return fresh;
  const started = Date.now();
  const { build } = await import("esbuild");
  const dir = `build-${started}-${process.pid}`;
  const outdir = join(CLI_DIST, dir);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: "src/cli/main.ts" },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    chunkNames: "[name]-[hash]",
    metafile: true,
    logLevel: "warning",
    plugins: [selfUrlPlugin(outdir)],
  });
  const inputs = [
    ...Object.keys(result.metafile.inputs).map(posix),
    "package-lock.json",
    "bin/build-cli.mjs",
  ];
  const tmp = `${CURRENT}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ dir, builtAt: started, inputs }));
  renameSync(tmp, CURRENT);
  const builds = readdirSync(CLI_DIST)
    .filter((d) => d.startsWith("build-") && d !== dir)
    .sort((a, b) => Number(b.split("-")[1]) - Number(a.split("-")[1]));
  for (const old of builds.slice(KEEP)) rmSync(join(CLI_DIST, old), { recursive: true, force: true });
  if (!quiet) console.error(`sortes: compiled the CLI into dist/cli/${dir} in ${Date.now() - started} ms`);
  return join(outdir, "main.js");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli({ force: process.argv.includes("--force"), quiet: process.argv.includes("--quiet") });
}
