/**
 * The portal's static assets. The client bundle (page script + verification
 * Web Worker, which includes the pure draw engine) is built with esbuild in
 * memory the first time it is asked for and then cached for the life of the
 * process, so `npm start`, the tests and the benchmark never need a separate
 * build step and no build output is committed. Everything is served from this
 * origin (no CDN).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const clientDir = join(dirname(fileURLToPath(import.meta.url)), "client");

export interface Asset {
  body: string;
  type: string;
  /** Short content hash, used in URLs so a new build is never served from a stale cache. */
  hash: string;
}

export type AssetName = "app.js" | "verify-worker.js" | "portal.css";

const TYPES: Record<AssetName, string> = {
  "app.js": "text/javascript; charset=utf-8",
  "verify-worker.js": "text/javascript; charset=utf-8",
  "portal.css": "text/css; charset=utf-8",
};

const shortHash = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 12);

async function build(): Promise<Map<AssetName, Asset>> {
  // esbuild comes with tsx (already a dependency); imported lazily so the API alone never loads it.
  const esbuild = await import("esbuild");
  const out = await esbuild.build({
    entryPoints: { app: join(clientDir, "app.ts"), "verify-worker": join(clientDir, "verify-worker.ts") },
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    outdir: "/portal-assets",
    logLevel: "silent",
  });
  const assets = new Map<AssetName, Asset>();
  for (const f of out.outputFiles) {
    const name = f.path.split("/").pop() as AssetName;
    assets.set(name, { body: f.text, type: TYPES[name], hash: shortHash(f.text) });
  }
  // Two source files (layout, components), served as one stylesheet.
  const css = (
    await Promise.all(["portal.css", "components.css"].map((f) => readFile(join(clientDir, f), "utf8")))
  ).join("\n");
  assets.set("portal.css", { body: css, type: TYPES["portal.css"], hash: shortHash(css) });
  return assets;
}

let cached: Promise<Map<AssetName, Asset>> | null = null;

/** All assets, built once per process. A failed build is retried on the next call. */
export function portalAssets(): Promise<Map<AssetName, Asset>> {
  if (!cached) {
    cached = build();
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

/** Versioned URL of an asset, e.g. /portal/assets/app.js?v=1a2b3c. */
export async function assetUrl(name: AssetName): Promise<string> {
  const a = (await portalAssets()).get(name);
  return `/portal/assets/${name}?v=${a?.hash ?? "0"}`;
}
