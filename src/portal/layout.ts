/** The page frame shared by every portal page: head, skip link, navigation, language switch, footer. */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { assetUrl } from "./assets.js";
import { clientStrings, htmlLang, type Lang, prefix, type StringKey, strings } from "./i18n.js";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageContext {
  lang: Lang;
  /** Path without the language prefix, e.g. "/rounds/…". */
  path: string;
  /** Query string including "?", or "". */
  search: string;
  /** The selected department code (query or cookie), if any. */
  dept: string | null;
}

const NAV: [string, StringKey][] = [
  ["/", "nav_home"],
  ["/departments", "nav_departments"],
  ["/checklist", "nav_checklist"],
  ["/plans", "nav_plans"],
  ["/inspectors", "nav_inspectors"],
  ["/rounds", "nav_rounds"],
  ["/results", "nav_results"],
  ["/ledger", "nav_ledger"],
  ["/corrections", "nav_corrections"],
  ["/verify", "nav_verify"],
];

/** A portal link in the page's language. */
export function href(ctx: PageContext, path: string): string {
  const p = prefix[ctx.lang] + path;
  return p === "" ? "/" : p;
}

/** JSON for a <script type="application/json"> block: "<" escaped so the text can never close the tag. */
export function jsonScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

export async function page(ctx: PageContext, title: string, body: Html): Promise<HtmlEscapedString> {
  const s = strings(ctx.lang);
  const other: Lang = ctx.lang === "zh" ? "en" : "zh";
  const otherHref = (prefix[other] + ctx.path || "/") + ctx.search;
  const current = (p: string) =>
    p === "/" ? ctx.path === "/" : ctx.path === p || ctx.path.startsWith(`${p}/`);
  const [css, js, worker] = await Promise.all([
    assetUrl("portal.css"),
    assetUrl("app.js"),
    assetUrl("verify-worker.js"),
  ]);
  return html`<!doctype html>
<html lang="${htmlLang[ctx.lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${s.site_name}</title>
<link rel="stylesheet" href="${css}">
<script type="application/json" id="portal-strings">${raw(jsonScript(clientStrings(ctx.lang)))}</script>
<script defer src="${js}"></script>
</head>
<body data-worker="${worker}" data-lang="${ctx.lang}">
<a class="skip" href="#main">${s.skip}</a>
<header class="site">
  <div class="bar">
    <a class="brand" href="${href(ctx, "/")}">${s.site_name}</a>
    <a class="lang" href="${otherHref}" hreflang="${htmlLang[other]}" lang="${htmlLang[other]}"
       aria-label="${s.switch_lang_label}">${s.switch_lang}</a>
  </div>
  <nav aria-label="${s.site_name}">
    <ul>
      ${NAV.map(
        ([p, key]) =>
          html`<li><a href="${href(ctx, p)}"${current(p) ? raw(' aria-current="page"') : ""}>${s[key]}</a></li>`,
      )}
    </ul>
  </nav>
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
<footer class="site"><p>${s.footer} <a href="${href(ctx, "/spec")}">${s.spec_link}</a> · <a href="/docs">${s.api_link}</a> · <a href="/openapi.json">OpenAPI</a></p></footer>
</body>
</html>`;
}

/** A notice box (role=status for information, role=alert for errors). */
export function notice(text: string, kind: "info" | "error" = "info"): Html {
  return html`<p class="notice ${kind}" role="${kind === "error" ? "alert" : "status"}">${text}</p>`;
}

/** Definition list of label → value rows; values render in monospace when `code` is set. */
export function facts(rows: [string, unknown, boolean?][]): Html {
  return html`<dl class="facts">${rows.map(
    ([k, v, code]) =>
      html`<div><dt>${k}</dt><dd>${code ? html`<code>${String(v ?? "—")}</code>` : String(v ?? "—")}</dd></div>`,
  )}</dl>`;
}
