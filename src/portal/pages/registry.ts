/** 随机抽查事项清单 and 抽查计划: what may be inspected, how often and at what rate. */
import { html } from "hono/html";
import { strings } from "../i18n.js";
import { notice } from "../layout.js";
import type { Json, PageHandler } from "../mount.js";
import { deptHeading, deptResource, percent, when } from "./shared.js";

export const checklistPage: PageHandler = async (ctx, api) => {
  const s = strings(ctx.lang);
  const r = await deptResource(ctx, api, (d) => `/public/departments/${d}/checklist`, "/checklist");
  if ("body" in r) return { title: s.checklist_title, body: r.body };
  const items: Json[] = r.data.items ?? [];
  const body = html`${deptHeading(ctx.lang, r.data.department)}
${
  items.length === 0
    ? notice(s.empty)
    : html`<div class="table-wrap" tabindex="0" role="region" aria-label="${s.checklist_title}">
<table>
<caption class="visually-hidden">${s.checklist_title}</caption>
<thead><tr><th scope="col">${s.col_code}</th><th scope="col">${s.col_item}</th><th scope="col">${s.col_body}</th>
<th scope="col">${s.col_basis}</th><th scope="col">${s.col_method}</th><th scope="col">${s.col_rate}</th>
<th scope="col">${s.col_frequency}</th><th scope="col">${s.col_published}</th></tr></thead>
<tbody>${items.map(
        (i) => html`<tr>
<th scope="row"><code>${i.code}</code> v${i.version}</th>
<td>${i.name}<div class="hint">${i.content ?? ""}</div></td>
<td>${i.inspectingBody}</td>
<td>${i.legalBasis}${i.legalOverride ? html`<div class="hint">${i.legalOverride.basis}</div>` : ""}</td>
<td>${(i.methods ?? []).join("、")}</td>
<td>${percent(i.legalOverride?.rateBp ?? i.defaultRateBp)}</td>
<td>${i.legalOverride?.roundsPerYear ?? i.defaultRoundsPerYear ?? "—"}</td>
<td>${when(i.publishedAt, ctx.lang)}</td>
</tr>`,
      )}</tbody>
</table></div>`
}`;
  return { title: s.checklist_title, body };
};

export const plansPage: PageHandler = async (ctx, api) => {
  const s = strings(ctx.lang);
  const r = await deptResource(ctx, api, (d) => `/public/departments/${d}/plans`, "/plans");
  if ("body" in r) return { title: s.plans_title, body: r.body };
  const plans: Json[] = r.data.items ?? [];
  const body = html`${deptHeading(ctx.lang, r.data.department)}
${plans.length === 0 ? notice(s.empty) : ""}
${plans.map(
  (p) => html`<section class="card" aria-labelledby="plan-${p.year}">
<h2 id="plan-${p.year}">${p.year} · ${p.title} · ${s.plan_version} ${p.version ?? 1}</h2>
${p.amendmentReason ? html`<p>${s.plan_amendment}: ${p.amendmentReason}</p>` : ""}
<dl class="facts">
  <div><dt>${s.plan_rates}</dt><dd>A ${percent(p.ratesBp?.A)} · B ${percent(p.ratesBp?.B)} · C ${percent(p.ratesBp?.C)} · D ${percent(p.ratesBp?.D)}</dd></div>
  <div><dt>${s.plan_rounds}</dt><dd>${p.roundsPerYear}</dd></div>
  <div><dt>${s.plan_cooldown}</dt><dd>${p.cooldownDays}</dd></div>
  <div><dt>${s.plan_cap}</dt><dd>${p.maxInspectionsPerEntityPerYear ?? "—"}</dd></div>
</dl>
<div class="table-wrap" tabindex="0" role="region" aria-label="${p.title}">
<table>
<thead><tr><th scope="col">${s.col_code}</th><th scope="col">${s.col_item}</th><th scope="col">${s.col_rate}</th><th scope="col">${s.col_frequency}</th></tr></thead>
<tbody>${(p.items ?? []).map(
    (i: Json) => html`<tr><th scope="row"><code>${i.code}</code> v${i.version}</th><td>${i.name}</td>
<td>A ${percent(i.effective?.ratesBp?.A)} · B ${percent(i.effective?.ratesBp?.B)} · C ${percent(i.effective?.ratesBp?.C)} · D ${percent(i.effective?.ratesBp?.D)}</td>
<td>${i.effective?.roundsPerYear ?? "—"}</td></tr>`,
  )}</tbody></table></div>
${(p.versions ?? []).length > 1 ? planVersions(ctx.lang, r.data.department?.code, p) : ""}
</section>`,
)}`;
  return { title: s.plans_title, body };
};

/** The approved versions of one year's plan: each with its approval, reason and replacement. */
function planVersions(lang: Parameters<typeof strings>[0], dept: string, p: Json) {
  const s = strings(lang);
  return html`<h3>${s.plan_versions}</h3>
<ol class="plan-versions">${(p.versions as Json[]).map(
    (
      v,
    ) => html`<li data-plan-version="${v.version}"><a href="/public/departments/${encodeURIComponent(dept)}/plans/${p.year}/versions/${v.version}">${s.plan_version} ${v.version}</a>
 · ${s.plan_approved} ${when(v.approvedAt, lang)}
 · ${v.supersededAt ? `${s.plan_superseded} ${when(v.supersededAt, lang)}` : s.plan_current}
${v.amendmentReason ? html` · ${s.plan_amendment}: ${v.amendmentReason}` : ""}</li>`,
  )}</ol>`;
}
