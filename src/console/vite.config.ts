/**
 * Vite build of the console SPA: sources in src/console, output in dist/console, served by the
 * Hono app under /console/ (src/http/console.ts). Run through src/cli/build-console.ts, which
 * skips the build when nothing it depends on changed.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export const CONSOLE_ROOT = fileURLToPath(new URL(".", import.meta.url));
export const CONSOLE_OUT = fileURLToPath(new URL("../../dist/console", import.meta.url));

export default defineConfig({
  root: CONSOLE_ROOT,
  base: "/console/",
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir: CONSOLE_OUT,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
  },
});
