/**
 * 执法人员名录: the department's certified, active inspectors (RULES §7, public before use),
 * and the certificate check a firm makes when a team arrives. Plain GET forms: works without
 * the page script, on any phone.
 */
import { html } from "hono/html";
import { fill, type StringKey, strings } from "../i18n.js";
import { type Html, href, notice, type PageContext } from "../layout.js";
import type { ApiGet, Json, PageHandler } from "../mount.js";
import { deptHeading, deptResource } from "./shared.js";

const MAX_QUERY = 100;

async function certificateResult(ctx: PageContext, api: ApiGet, cert: string, dept: Json): Promise<Html> {
  const s = strings(ctx.lang);
  const res = await api(
    `/public/inspectors/certificates/${encodeURIComponent(cert)}?department=${encodeURIComponent(dept.code)}`,
  );
  if (res.status === 404) return notice(fill(s.cert_unknown, { cert, dept: dept.name }), "error");
  if (res.status !== 200) return notice(fill(s.unavailable, { status: res.status }), "error");
  const c = res.data;
  if (c.valid) return notice(fill(s.cert_valid, { name: c.name, dept: dept.name, until: c.validUntil }));
  const reason = s[`cert_status_${c.status}` as StringKey] ?? c.status;
  return notice(
    fill(s.cert_invalid, { name: c.name, reason, until: c.validUntil, dept: dept.name }),
    "error",
  );
}

function pager(ctx: PageContext, data: Json, q: string): Html {
  const s = strings(ctx.lang);
  const pages = Math.max(1, Math.ceil((data.total ?? 0) / (data.pageSize || 1)));
  if (pages <= 1) return html``;
  const link = (page: number) =>
    `${href(ctx, "/inspectors")}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page) })}`;
  return html`<nav class="pager" aria-label="${s.inspectors_title}"><p>
${data.page > 1 ? html`<a href="${link(data.page - 1)}" rel="prev">${s.page_prev}</a>` : ""}
${fill(s.page_of, { page: data.page, pages })}
${data.page < pages ? html`<a href="${link(data.page + 1)}" rel="next">${s.page_next}</a>` : ""}
</p></nav>`;
}

export const inspectorsPage: PageHandler = async (ctx, api, _params, query) => {
  const s = strings(ctx.lang);
  const q = (query.get("q") ?? "").trim().slice(0, MAX_QUERY);
  const cert = (query.get("cert") ?? "").trim().slice(0, MAX_QUERY);
  const page = /^[1-9]\d{0,4}$/.test(query.get("page") ?? "") ? query.get("page")! : "1";
  const r = await deptResource(
    ctx,
    api,
    (d) => `/public/inspectors?${new URLSearchParams({ department: decodeURIComponent(d), q, page })}`,
    "/inspectors",
  );
  if ("body" in r) return { title: s.inspectors_title, body: r.body };
  const d = r.data;
  const items: Json[] = d.items ?? [];
  const action = href(ctx, "/inspectors");
  const body = html`${deptHeading(ctx.lang, d.department)}
<p>${s.inspectors_intro}</p>
<section class="card" aria-labelledby="cert-h">
<h2 id="cert-h">${s.cert_title}</h2>
<form method="get" action="${action}" class="inline">
  <label for="cert">${s.cert_label}</label>
  <input id="cert" name="cert" value="${cert}" required maxlength="${MAX_QUERY}" spellcheck="false"
         autocomplete="off" aria-describedby="cert-hint">
  <button type="submit">${s.cert_submit}</button>
</form>
<p id="cert-hint" class="hint">${s.cert_hint}</p>
${cert ? html`<div aria-live="polite">${certificateResult(ctx, api, cert, d.department)}</div>` : ""}
</section>
<section aria-labelledby="list-h">
<h2 id="list-h">${fill(s.inspectors_total, { total: d.total ?? 0 })}</h2>
<form method="get" action="${action}" class="inline" role="search">
  <label for="q">${s.inspectors_search}</label>
  <input id="q" name="q" value="${q}" maxlength="${MAX_QUERY}" type="search">
  <button type="submit">${s.inspectors_search_submit}</button>
</form>
${
  items.length === 0
    ? notice(s.empty)
    : html`<div class="table-wrap" tabindex="0" role="region" aria-label="${s.inspectors_title}">
<table>
<caption class="visually-hidden">${s.inspectors_title}</caption>
<thead><tr><th scope="col">${s.col_inspector}</th><th scope="col">${s.col_post}</th><th scope="col">${s.col_certificate}</th>
<th scope="col">${s.col_enforcement_types}</th><th scope="col">${s.col_valid_until}</th></tr></thead>
<tbody>${items.map(
        (
          i,
        ) => html`<tr><th scope="row">${i.name}</th><td>${i.post ?? "—"}</td><td><code>${i.certificateNo}</code></td>
<td>${(i.enforcementTypes ?? []).join("、") || "—"}</td><td>${i.validUntil}</td></tr>`,
      )}</tbody>
</table></div>`
}
${pager(ctx, d, q)}
</section>`;
  return { title: s.inspectors_title, body };
};
