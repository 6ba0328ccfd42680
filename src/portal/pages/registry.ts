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
<h2 id="plan-${p.year}">${p.year} · ${p.title}</h2>
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
</section>`,
)}`;
  return { title: s.plans_title, body };
};
