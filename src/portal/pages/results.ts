/**
 * 抽查结果: search a department's published findings (name, credit code or
 * round id) and one finding's page with its correction outcomes and the 纠错
 * form. Everything comes from the publication API; withheld fields stay
 * withheld (the API has already redacted them) and their reasons are shown.
 */
import { html } from "hono/html";
import { strings } from "../i18n.js";
import { facts, href, notice } from "../layout.js";
import type { Json, PageHandler } from "../mount.js";
import { correctionForm } from "./public-records.js";
import { apiProblem, deptHeading, deptResource, when } from "./shared.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CREDIT_CODE = /^[0-9A-Za-z]{18}$/;

/** The API's filter for one free-text box: a round id, a credit code, or part of a name. */
function filterFor(q: string): string {
  if (UUID.test(q)) return `round=${q.toLowerCase()}`;
  if (CREDIT_CODE.test(q)) return `code=${q.toUpperCase()}`;
  return `q=${encodeURIComponent(q)}`;
}

export const resultsPage: PageHandler = async (ctx, api, _params, query) => {
  const s = strings(ctx.lang);
  const q = (query.get("q") ?? "").trim().slice(0, 100);
  const form = html`<form method="get" class="inline card" role="search">
<label for="q">${s.results_query}</label>
<input id="q" name="q" type="search" value="${q}" maxlength="100">
<button type="submit">${s.results_search}</button></form>`;
  const r = await deptResource(
    ctx,
    api,
    (d) => `/public/departments/${d}/findings${q ? `?${filterFor(q)}` : ""}`,
    "/results",
  );
  if ("body" in r) return { title: s.results_title, body: html`${form}${r.body}` };
  const items: Json[] = r.data.items ?? [];
  const body = html`${deptHeading(ctx.lang, r.data.department)}${form}
${
  items.length === 0
    ? notice(s.results_none)
    : html`<div class="table-wrap" tabindex="0" role="region" aria-label="${s.results_title}"><table>
<thead><tr><th scope="col">${s.col_entity}</th><th scope="col">${s.finding_result}</th><th scope="col">${s.col_round}</th><th scope="col">${s.col_published}</th></tr></thead>
<tbody>${items.map(
        (
          f,
        ) => html`<tr><th scope="row"><a href="${href(ctx, `/results/${f.findingId}`)}">${f.entity?.name ?? ""}</a>
<div><code>${f.entity?.creditCode ?? ""}</code></div></th>
<td>${f.retraction ? html`<span class="badge status-failed">${s.finding_retracted}</span>` : (f.content?.resultCode ?? "")}</td>
<td><a href="${href(ctx, `/rounds/${f.round?.id}`)}">${f.round?.title ?? ""}</a></td>
<td>${when(f.publishedAt, ctx.lang)}</td></tr>`,
      )}</tbody></table></div>`
}`;
  return { title: s.results_title, body };
};

export const findingPage: PageHandler = async (ctx, api, params) => {
  const s = strings(ctx.lang);
  const id = params.id ?? "";
  if (!UUID.test(id)) return { title: s.finding_title, body: notice(s.results_none, "error") };
  const res = await api(`/public/findings/${id}`);
  if (res.status !== 200) return { title: s.finding_title, body: apiProblem(ctx.lang, res) };
  const f = res.data;
  const c = f.content ?? {};
  const withheld: Json[] = c.withheld ?? [];
  const corrections: Json[] = f.corrections ?? [];
  const body = html`
${f.retraction ? notice(`${s.finding_retracted}: ${f.retraction.explanation ?? f.retraction.reason ?? ""}`, "error") : ""}
<section class="card" aria-label="${s.finding_title}">
${facts([
  [s.col_entity, `${f.entity?.name ?? ""} ${f.entity?.creditCode ?? ""}`],
  [s.col_round, f.round?.title],
  [s.finding_result, c.resultCode],
  [s.finding_decision, c.decisionType],
  [s.finding_ended, c.inspectionEndedOn],
  [s.finding_description, c.description],
  [s.finding_rectification, c.rectification?.ordered],
  [s.finding_deadline, c.rectification?.deadline],
  [
    s.finding_followup,
    c.followUp ? [c.followUp.penaltyCaseNo, c.followUp.referralAuthority].filter(Boolean).join(" · ") : null,
  ],
  [s.col_published, when(f.publishedAt, ctx.lang)],
  [s.finding_ledger, `#${f.ledger?.index} ${f.ledger?.leafHash ?? ""}`, true],
])}
${
  withheld.length
    ? html`<h2>${s.finding_withheld}</h2><ul>${withheld.map((w) => html`<li><code>${w.field}</code>: ${w.reason}</li>`)}</ul>`
    : ""
}
</section>
<section class="card" aria-labelledby="corr-h">
<h2 id="corr-h">${s.finding_corrections}</h2>
${
  corrections.length === 0
    ? html`<p>${s.empty}</p>`
    : html`<ul>${corrections.map(
        (x) =>
          html`<li>${when(x.submittedAt, ctx.lang)} · ${x.status}${x.outcome ? html` · ${x.outcome}` : ""}</li>`,
      )}</ul>`
}
</section>
${correctionForm(ctx.lang, id)}`;
  return { title: `${s.finding_title} · ${f.entity?.name ?? ""}`, body };
};
