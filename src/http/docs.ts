import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Hono } from "hono";
import type { AppEnv } from "./register.js";

const require = createRequire(import.meta.url);
const swaggerDir = join(require.resolve("swagger-ui-dist/package.json"), "..");

const page = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Sortes API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: "/openapi.json", dom_id: "#ui" });</script>
</body></html>`;

const assets: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

/** Interactive API docs at /docs, served from the local swagger-ui-dist package (no CDN). */
export function mountDocs(app: Hono<AppEnv>) {
  app.get("/docs", (c) => c.html(page));
  app.get("/docs/assets/:file", async (c) => {
    const file = c.req.param("file");
    const type = assets[file];
    if (!type) return c.notFound();
    const body = await readFile(join(swaggerDir, file));
    return c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
}
