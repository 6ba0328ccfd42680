/**
 * 抽查结果 (findings search), the ledger's signed tree head, and the public
 * correction request (纠错) form.
 *
 * The findings and correction endpoints belong to the publication work, which
 * has not landed yet: the paths below are the portal's only assumption about
 * them, and a page says plainly when its API answers 404.
 */
import { html } from "hono/html";
import { strings } from "../i18n.js";
import { facts, href, notice } from "../layout.js";
import type { Json, PageHandler } from "../mount.js";
import { apiProblem, deptHeading, deptResource, statusLabel, when } from "./shared.js";

export const FINDINGS_SEARCH_PATH = "/public/findings";
export const CORRECTIONS_POST_PATH = "/public/corrections";

export const resultsPage: PageHandler = async (ctx, api, _params, query) => {
  const s = strings(ctx.lang);
  const q = (query.get("q") ?? "").trim().slice(0, 100);
  const form = html`<form method="get" class="inline card" role="search">
<label for="q">${s.results_query}</label>
<input id="q" name="q" type="search" value="${q}" maxlength="100">
<button type="submit">${s.results_search}</button></form>`;
  if (!q) return { title: s.results_title, body: form };
  const res = await api(`${FINDINGS_SEARCH_PATH}?q=${encodeURIComponent(q)}`);
  if (res.status !== 200) return { title: s.results_title, body: html`${form}${apiProblem(ctx.lang, res)}` };
  const items: Json[] = res.data?.items ?? [];
  const body = html`${form}
${
  items.length === 0
    ? notice(s.results_none)
    : html`<div class="table-wrap" tabindex="0" role="region" aria-label="${s.results_title}"><table>
<thead><tr><th scope="col">${s.lookup_label}</th><th scope="col">${s.col_item}</th><th scope="col">${s.col_round}</th><th scope="col">${s.col_status}</th><th scope="col">${s.col_published}</th></tr></thead>
<tbody>${items.map(
        (
          f,
        ) => html`<tr><th scope="row">${f.entityName ?? ""} <code>${f.entityId ?? f.creditCode ?? ""}</code></th>
<td>${f.resultLabel ?? f.resultCode ?? ""}<div class="hint">${f.description ?? ""}</div></td>
<td>${f.roundId ? html`<a href="${href(ctx, `/rounds/${f.roundId}`)}">${f.roundTitle ?? f.roundId}</a>` : ""}</td>
<td>${f.status ? statusLabel(ctx.lang, f.status) : ""}</td><td>${when(f.publishedAt)}</td></tr>`,
      )}</tbody></table></div>`
}`;
  return { title: s.results_title, body };
};

export const ledgerPage: PageHandler = async (ctx, api) => {
  const s = strings(ctx.lang);
  const r = await deptResource(ctx, api, (d) => `/public/ledger/sth?department=${d}`, "/ledger");
  if ("body" in r) return { title: s.ledger_title, body: html`<p>${s.ledger_intro}</p>${r.body}` };
  const sth = r.data.sth ?? {};
  const ts = typeof sth.timestamp === "number" ? sth.timestamp : null;
  const iso = ts === null ? null : new Date(ts > 1e12 ? ts : ts * 1000).toISOString();
  const body = html`<p>${s.ledger_intro}</p>
${deptHeading(ctx.lang, { code: ctx.dept ?? "", name: ctx.dept ?? "" })}
<section class="card" aria-label="${s.ledger_title}">
${facts([
  [s.ledger_size, sth.treeSize],
  [s.ledger_root, sth.rootHash, true],
  [s.ledger_time, when(iso)],
  [s.ledger_key, sth.keyId, true],
  [s.ledger_sig, r.data.signature, true],
])}
<p><a href="/public/ledger/sth?department=${encodeURIComponent(ctx.dept ?? "")}">JSON</a> ·
<a href="/public/keys">/public/keys</a></p>
</section>`;
  return { title: s.ledger_title, body };
};

export const correctionsPage: PageHandler = async (ctx, _api, _params, query) => {
  const s = strings(ctx.lang);
  const target = (query.get("target") ?? "").slice(0, 100);
  const body = html`<p>${s.corrections_intro}</p>
<form class="stack card" data-correction data-endpoint="${CORRECTIONS_POST_PATH}" data-dept="${ctx.dept ?? ""}">
<label for="c-target">${s.corr_target}</label>
<input id="c-target" name="target" value="${target}" maxlength="100" required>
<label for="c-name">${s.corr_name}</label>
<input id="c-name" name="name" maxlength="100" autocomplete="name" required>
<label for="c-contact">${s.corr_contact}</label>
<input id="c-contact" name="contact" maxlength="200" autocomplete="email" required>
<label for="c-text">${s.corr_text}</label>
<textarea id="c-text" name="text" rows="6" maxlength="4000" required></textarea>
<button type="submit">${s.corr_submit}</button>
<p data-correction-result aria-live="polite"></p>
</form>`;
  return { title: s.corrections_title, body };
};
