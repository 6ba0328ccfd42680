/**
 * Serves the console SPA built by src/cli/build-console.ts from dist/console under /console/:
 * hashed assets with a year's cache (their names change with their content; gzip siblings
 * when the browser accepts gzip), every other path gets index.html (the SPA's router decides)
 * with no-cache, so a new build is picked up at the next load. Without a build the answer is a
 * 503 page that says how to make one.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";
import { CONSOLE_DIST } from "../cli/build-console.js";
import type { AppEnv } from "./register.js";

// antd writes its styles into <style> elements at run time (CSS-in-JS), hence 'unsafe-inline' for styles only.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const MISSING = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>工作台未构建 / Console not built</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">
<h1>工作台尚未构建</h1>
<p>请运行 <code>npm run console:build</code>（或 <code>npm start</code>，启动时会自动构建并缓存），然后刷新本页。</p>
<h1>The console has not been built</h1>
<p>Run <code>npm run console:build</code> (or <code>npm start</code>, which builds it on start, cached), then reload.</p>
</body></html>`;

export function mountConsole(app: Hono<AppEnv>, dist: string = CONSOLE_DIST): void {
  const indexFile = join(dist, "index.html");
  app.get("/console", (c) => c.redirect("/console/", 301));
  app.use("/console/assets/*", async (c, next) => {
    await next();
    // Asset names carry their content hash: a file never changes under its name.
    if (c.res.status === 200 || c.res.status === 206)
      c.res.headers.set("cache-control", "public, max-age=31536000, immutable");
  });
  app.use(
    "/console/assets/*",
    serveStatic({
      root: dist,
      precompressed: true,
      rewriteRequestPath: (path) => path.replace(/^\/console/, ""),
    }),
  );
  // A missing asset is a 404 (not the SPA page a script tag cannot run).
  app.get("/console/assets/*", (c) => c.text("not found", 404));
  app.get("/console/*", (c) => {
    if (!existsSync(indexFile)) {
      return c.html(MISSING, 503, { "cache-control": "no-store", "retry-after": "30" });
    }
    // Read per request: the file is small, and a rebuild while the server runs is served at once.
    return c.html(readFileSync(indexFile, "utf8"), 200, {
      "cache-control": "no-cache",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
    });
  });
}
