/**
 * Serving the console build under /console/: hashed assets cached for a year (gzip when
 * accepted), any other path the SPA's index.html with no-cache, and a clear 503 page when
 * there is no build. Uses a hand-made dist folder: the Vite build itself is exercised by the
 * browser tests.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { mountConsole } from "../../src/http/console.js";
import type { AppEnv } from "../../src/http/register.js";

function appWith(dist: string) {
  const app = new Hono<AppEnv>();
  mountConsole(app, dist);
  return app;
}

function fakeBuild() {
  const dist = mkdtempSync(join(tmpdir(), "sortes-console-"));
  mkdirSync(join(dist, "assets"));
  writeFileSync(join(dist, "index.html"), '<!doctype html><div id="root"></div>');
  const js = `console.log(${JSON.stringify("x".repeat(2000))});`;
  writeFileSync(join(dist, "assets", "index-abc123.js"), js);
  writeFileSync(join(dist, "assets", "index-abc123.js.gz"), gzipSync(js));
  return { dist, js };
}

describe("console static serving", () => {
  it("answers index.html for the SPA's own paths, not cached", async () => {
    const app = appWith(fakeBuild().dist);
    for (const path of ["/console/", "/console/login", "/console/m/assignments/1"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(await res.text()).toContain('<div id="root">');
    }
    const bare = await app.request("/console");
    expect(bare.status).toBe(301);
    expect(bare.headers.get("location")).toBe("/console/");
  });

  it("serves hashed assets with a long cache, gzip-encoded when accepted; a missing one is 404", async () => {
    const { dist, js } = fakeBuild();
    const app = appWith(dist);
    const plain = await app.request("/console/assets/index-abc123.js");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toMatch(/javascript/);
    expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await plain.text()).toBe(js);
    const gz = await app.request("/console/assets/index-abc123.js", {
      headers: { "accept-encoding": "gzip" },
    });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(Number(gz.headers.get("content-length"))).toBeLessThan(js.length);
    expect((await app.request("/console/assets/nope.js")).status).toBe(404);
    // Nothing outside the build folder, however the path is spelled.
    expect((await app.request("/console/assets/..%2f..%2f..%2fetc%2fpasswd")).status).toBe(404);
  });

  it("says how to build when there is no build (503)", async () => {
    const app = appWith(join(tmpdir(), "sortes-no-console-build"));
    const res = await app.request("/console/login");
    expect(res.status).toBe(503);
    const page = await res.text();
    expect(page).toContain("npm run console:build");
    expect(page).toContain("工作台尚未构建");
  });
});
