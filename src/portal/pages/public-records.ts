/** The ledger's latest signed tree head, and the public correction request (纠错) form. */
import { html } from "hono/html";
import { type Lang, strings } from "../i18n.js";
import { facts, type Html, href } from "../layout.js";
import type { PageHandler } from "../mount.js";
import { deptHeading, deptResource, when } from "./shared.js";

export const ledgerPage: PageHandler = async (ctx, api) => {
  const s = strings(ctx.lang);
  const r = await deptResource(ctx, api, (d) => `/public/ledger/sth?department=${d}`, "/ledger");
  if ("body" in r) return { title: s.ledger_title, body: html`<p>${s.ledger_intro}</p>${r.body}` };
  const sth = r.data.sth ?? {};
  const ts = typeof sth.timestamp === "number" ? sth.timestamp : null;
  const iso = ts === null ? null : new Date(ts > 1e12 ? ts : ts * 1000).toISOString();
  const dept = encodeURIComponent(ctx.dept ?? "");
  const body = html`<p>${s.ledger_intro}</p>
${deptHeading(ctx.lang, { code: ctx.dept ?? "", name: ctx.dept ?? "" })}
<section class="card" aria-label="${s.ledger_title}">
${facts([
  [s.ledger_size, sth.treeSize],
  [s.ledger_root, sth.rootHash, true],
  [s.ledger_time, when(iso, ctx.lang)],
  [s.ledger_key, sth.keyId, true],
  [s.ledger_sig, r.data.signature, true],
])}
<p><a href="/public/ledger/sth?department=${dept}">JSON</a> · <a href="/public/keys">/public/keys</a> ·
<a href="/public/ledger/entries?department=${dept}">/public/ledger/entries</a></p>
</section>`;
  return { title: s.ledger_title, body };
};

/** The 纠错 form for one published finding; the page script posts it as JSON. */
export function correctionForm(lang: Lang, findingId: string | null): Html {
  const s = strings(lang);
  return html`<form class="stack card" data-correction data-endpoint="/public/findings/{finding}/corrections"
  aria-labelledby="corr-form-h">
<h2 id="corr-form-h">${s.corrections_title}</h2>
<p>${s.corrections_intro}</p>
<label for="c-finding">${s.corr_finding}</label>
<input id="c-finding" name="finding" value="${findingId ?? ""}" required spellcheck="false"
       pattern="[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}">
<label for="c-message">${s.corr_message}</label>
<textarea id="c-message" name="message" rows="6" minlength="5" maxlength="2000" required></textarea>
<label for="c-contact">${s.corr_contact}</label>
<input id="c-contact" name="contact" maxlength="200" autocomplete="email">
<button type="submit">${s.corr_submit}</button>
<p data-correction-result aria-live="polite"></p>
</form>`;
}

export const correctionsPage: PageHandler = async (ctx, _api, _params, query) => {
  const s = strings(ctx.lang);
  const finding = (query.get("finding") ?? "").slice(0, 36);
  const body = html`<p>${s.corr_from_results} <a href="${href(ctx, "/results")}">${s.nav_results}</a></p>
${correctionForm(ctx.lang, finding || null)}`;
  return { title: s.corrections_title, body };
};
