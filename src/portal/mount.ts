/**
 * The public portal, served by the same Hono app: Chinese pages at `/…`,
 * English at `/en/…`, assets at `/portal/assets/…`. Pages are rendered on the
 * server from the public JSON API, called in-process through `app.request`, so
 * the portal shows exactly what any API client sees and never reads the
 * database itself. The client bundle adds the countdown, the forms and the
 * in-browser verification.
 */
import type { Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { HtmlEscapedString } from "hono/utils/html";
import type { AppEnv } from "../http/register.js";
import { type AssetName, portalAssets } from "./assets.js";
import { type Lang, prefix } from "./i18n.js";
import { type Html, type PageContext, page } from "./layout.js";
import { departmentPage, regionsPage } from "./pages/departments.js";
import { homePage } from "./pages/home.js";
import { inspectorsPage } from "./pages/inspectors.js";
import { correctionsPage, ledgerPage } from "./pages/public-records.js";
import { recusalPage } from "./pages/recusal.js";
import { checklistPage, plansPage } from "./pages/registry.js";
import { findingPage, resultsPage } from "./pages/results.js";
import { roundPage, roundsPage } from "./pages/rounds.js";
import { specMarkdown, specPage } from "./pages/spec.js";
import { verifyPage } from "./pages/verify.js";

/** Parsed JSON of another domain's public API; pages read it defensively (fields may be missing). */
// biome-ignore lint/suspicious/noExplicitAny: the shapes belong to other domains' OpenAPI schemas
export type Json = any;

/** GET of the public API in-process; `data` is parsed JSON (or null). */
export type ApiGet = (path: string) => Promise<{ status: number; data: Json }>;

export type PageHandler = (
  ctx: PageContext,
  api: ApiGet,
  params: Record<string, string>,
  query: URLSearchParams,
) => Promise<{ title: string; body: Html }>;

const DEPT_COOKIE = "sortes_dept";
const DEPT = /^[^\s/?#]{1,100}$/u;

// Scripts, styles, workers and fetches from this origin only: the portal works with no CDN and no third party.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const PAGES: [string, PageHandler][] = [
  ["/", homePage],
  ["/checklist", checklistPage],
  ["/plans", plansPage],
  ["/inspectors", inspectorsPage],
  ["/departments", regionsPage],
  ["/departments/:code", departmentPage],
  ["/rounds", roundsPage],
  ["/rounds/:id", roundPage],
  ["/rounds/:id/recusal", recusalPage],
  ["/results", resultsPage],
  ["/results/:id", findingPage],
  ["/ledger", ledgerPage],
  ["/corrections", correctionsPage],
  ["/verify", verifyPage],
  ["/spec", specPage],
];

function department(c: Context<AppEnv>, query: URLSearchParams): string | null {
  const fromQuery = query.get("dept")?.trim();
  if (fromQuery && DEPT.test(fromQuery)) {
    setCookie(c, DEPT_COOKIE, fromQuery, { path: "/", sameSite: "Lax", maxAge: 365 * 86400 });
    return fromQuery;
  }
  const fromCookie = getCookie(c, DEPT_COOKIE);
  return fromCookie && DEPT.test(fromCookie) ? fromCookie : null;
}

export function mountPortal(app: Hono<AppEnv>): void {
  const api: ApiGet = async (path) => {
    const res = await app.request(path, { headers: { accept: "application/json" } });
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    return { status: res.status, data };
  };

  app.get("/portal/assets/:name", async (c) => {
    const asset = (await portalAssets()).get(c.req.param("name") as AssetName);
    if (!asset) return c.notFound();
    const immutable = c.req.query("v") === asset.hash;
    return c.body(asset.body, 200, {
      "content-type": asset.type,
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
      // A worker runs under its own script's policy: same-origin fetches only, like the pages.
      "content-security-policy": CSP,
    });
  });

  // The draw specification as written (the portal's /spec page shows the same text).
  app.get("/draw-spec.md", async (c) =>
    c.body(await specMarkdown(), 200, {
      "content-type": "text/markdown; charset=utf-8",
      "x-content-type-options": "nosniff",
      "cache-control": "no-cache",
    }),
  );

  for (const lang of ["zh", "en"] as Lang[]) {
    for (const [path, handler] of PAGES) {
      const full = path === "/" ? prefix[lang] : `${prefix[lang]}${path}`;
      const serve = async (c: Context<AppEnv>) => {
        const url = new URL(c.req.url);
        const query = url.searchParams;
        const ctx: PageContext = {
          lang,
          path: url.pathname.startsWith(prefix[lang]) ? url.pathname.slice(prefix[lang].length) || "/" : "/",
          search: url.search,
          dept: department(c, query),
        };
        const { title, body } = await handler(ctx, api, c.req.param() as Record<string, string>, query);
        const doc: HtmlEscapedString = await page(ctx, title, body);
        return c.html(doc, 200, { "content-security-policy": CSP, "x-content-type-options": "nosniff" });
      };
      app.get(full, serve);
      if (path === "/") {
        app.get(`${prefix[lang]}/`, serve);
        if (lang === "zh") app.get("/", serve);
      }
    }
  }
}
