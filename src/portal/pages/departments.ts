/**
 * Departments by region: the public picks a province, then a city, then a county (links down
 * the tree; nobody types a department code), and each department's page shows the progress of
 * its approved annual plan — published data only (src/plans/progress.ts, public variant).
 */
import { html } from "hono/html";
import { fill, type StringKey, strings } from "../i18n.js";
import { facts, type Html, href, notice, type PageContext } from "../layout.js";
import type { ApiGet, Json, PageHandler } from "../mount.js";
import { apiProblem } from "./shared.js";

const levelLabel = (ctx: PageContext, level: string) =>
  strings(ctx.lang)[`dept_level_${level}` as StringKey] ?? level;

function departmentLinks(ctx: PageContext, items: Json[], label: string): Html {
  return html`<ul class="departments" aria-label="${label}">${items.map(
    (d) =>
      html`<li><a href="${href(ctx, `/departments/${encodeURIComponent(d.code)}`)}">${d.name}</a>
<span class="hint">${levelLabel(ctx, d.level)} · <code>${d.regionCode}</code></span></li>`,
  )}</ul>`;
}

export const regionsPage: PageHandler = async (ctx, api) => {
  const s = strings(ctx.lang);
  const res = await api("/public/departments");
  if (res.status !== 200) return { title: s.regions_title, body: apiProblem(ctx.lang, res) };
  const items: Json[] = res.data.items ?? [];
  const body = html`<p>${s.regions_intro}</p>
${items.length ? departmentLinks(ctx, items, s.regions_title) : notice(s.regions_none)}`;
  return { title: s.regions_title, body };
};

function progressTable(ctx: PageContext, progress: Json): Html {
  const s = strings(ctx.lang);
  const caption = fill(s.progress_title, { year: progress.year });
  const cls = (c: Json) =>
    `${c.riskClass === "unrated" ? s.progress_unrated : c.riskClass} ${c.rate}%: ${c.drawn} / ${c.eligible}`;
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}">
<table class="progress">
<thead><tr><th scope="col">${s.progress_item}</th><th scope="col">${s.progress_rounds}</th>
<th scope="col">${s.progress_entities}</th><th scope="col">${s.progress_min_rate}</th><th scope="col">${s.progress_by_class}</th></tr></thead>
<tbody>${(progress.items as Json[]).map(
    (i) => html`<tr data-item="${i.itemCode}"><th scope="row"><code>${i.itemCode}</code> ${i.itemName}</th>
<td class="rounds">${i.roundsPlanned} / ${i.roundsCommitted} / ${i.roundsDrawn} / ${i.roundsClosed}</td>
<td class="entities">${i.eligibleEntities} / ${i.entitiesDrawn} / ${i.entitiesInspected}</td>
<td>${i.minRate}%</td>
<td>${(i.byRiskClass as Json[]).map((c) => html`<span class="class">${cls(c)}</span><br>`)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** The plan years the public can see, newest first. */
async function planYears(api: ApiGet, code: string): Promise<number[]> {
  const res = await api(`/public/departments/${encodeURIComponent(code)}/plans`);
  if (res.status !== 200) return [];
  return [...new Set<number>((res.data.items ?? []).map((p: Json) => p.year as number))].sort(
    (a, b) => b - a,
  );
}

async function progressSection(
  ctx: PageContext,
  api: ApiGet,
  code: string,
  query: URLSearchParams,
): Promise<Html> {
  const s = strings(ctx.lang);
  const years = await planYears(api, code);
  const asked = /^\d{4}$/.test(query.get("year") ?? "") ? Number(query.get("year")) : null;
  const year = asked ?? years[0] ?? null;
  if (year === null) return notice(fill(s.progress_none, { year: new Date().getUTCFullYear() }));
  const res = await api(`/public/departments/${encodeURIComponent(code)}/plans/${year}/progress`);
  const here = href(ctx, `/departments/${encodeURIComponent(code)}`);
  const others = years.filter((y) => y !== year);
  return html`<section aria-labelledby="progress-h">
<h2 id="progress-h">${fill(s.progress_title, { year })}</h2>
${res.status === 200 ? progressTable(ctx, res.data) : res.status === 404 ? notice(fill(s.progress_none, { year })) : apiProblem(ctx.lang, res)}
${others.length ? html`<p>${s.progress_years} ${others.map((y) => html`<a href="${here}?year=${y}">${y}</a> `)}</p>` : ""}
</section>`;
}

export const departmentPage: PageHandler = async (ctx, api, params, query) => {
  const s = strings(ctx.lang);
  const res = await api(`/public/departments/${encodeURIComponent(params.code ?? "")}`);
  if (res.status !== 200) return { title: s.regions_title, body: apiProblem(ctx.lang, res) };
  const d = res.data;
  const trail = [...(d.ancestors as Json[]), d];
  const body = html`<nav aria-label="${s.regions_title}" class="breadcrumb"><ol>
<li><a href="${href(ctx, "/departments")}">${s.nav_departments}</a></li>
${trail.map((a, i) =>
  i === trail.length - 1
    ? html`<li aria-current="page">${a.name}</li>`
    : html`<li><a href="${href(ctx, `/departments/${encodeURIComponent(a.code)}`)}">${a.name}</a></li>`,
)}</ol></nav>
${facts([
  [s.dept_region, d.regionCode, true],
  [s.dept_level, levelLabel(ctx, d.level)],
])}
<p><a class="button secondary" href="${href(ctx, "/plans")}?dept=${encodeURIComponent(d.code)}">${s.dept_open_portal}</a></p>
${(d.children as Json[]).length ? html`<section aria-labelledby="children-h"><h2 id="children-h">${s.dept_children}</h2>${departmentLinks(ctx, d.children, s.dept_children)}</section>` : ""}
${await progressSection(ctx, api, d.code, query)}`;
  return { title: fill(s.dept_page_title, { name: d.name }), body };
};
