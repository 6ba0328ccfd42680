/**
 * 回避申请: the page a drawn firm reaches from its 检查通知书 to ask that an inspector withdraw.
 * The firm names the inspector by the 执法证号 printed on its notice (it never sees internal
 * ids); the page script posts the form to POST /public/rounds/{id}/recusal-requests.
 */
import { html } from "hono/html";
import { RECUSAL_CATEGORIES } from "../../assignments/substitution.js";
import { fill, type StringKey, strings } from "../i18n.js";
import { facts, notice } from "../layout.js";
import type { PageHandler } from "../mount.js";
import { apiProblem, statusLabel } from "./shared.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Requests are taken between the draw and the round's close (substitutions happen then). */
const OPEN = new Set(["drawn", "in_progress"]);

export const recusalPage: PageHandler = async (ctx, api, params, query) => {
  const s = strings(ctx.lang);
  const id = params.id ?? "";
  if (!UUID.test(id))
    return { title: s.recusal_title, body: notice(fill(s.not_found, { detail: id }), "error") };
  const res = await api(`/public/rounds/${id}`);
  if (res.status !== 200) return { title: s.recusal_title, body: apiProblem(ctx.lang, res) };
  const r = res.data;
  const round = facts([
    [s.col_round, r.title],
    [s.col_status, statusLabel(ctx.lang, r.status)],
    [s.col_window, `${r.window?.from} – ${r.window?.until}`],
  ]);
  if (!OPEN.has(r.status))
    return {
      title: s.recusal_title,
      body: html`<p>${s.recusal_intro}</p>${round}${notice(s.recusal_closed)}`,
    };
  const entity = (query.get("entity") ?? "").slice(0, 64);
  const cert = (query.get("cert") ?? "").slice(0, 50);
  const body = html`<p>${s.recusal_intro}</p>
${round}
<form class="stack card" data-recusal data-endpoint="/public/rounds/${id}/recusal-requests" aria-labelledby="rec-h">
<h2 id="rec-h">${s.recusal_form}</h2>
<label for="r-entity">${s.recusal_entity}</label>
<input id="r-entity" name="entityId" value="${entity}" required maxlength="64" spellcheck="false" autocomplete="off">
<label for="r-cert">${s.recusal_cert}</label>
<input id="r-cert" name="certificateNo" value="${cert}" required maxlength="50" spellcheck="false" autocomplete="off">
<label for="r-category">${s.recusal_category}</label>
<select id="r-category" name="category" required>
${RECUSAL_CATEGORIES.map((c) => html`<option value="${c}">${s[`recusal_cat_${c}` as StringKey]}</option>`)}
</select>
<label for="r-statement">${s.recusal_statement}</label>
<textarea id="r-statement" name="statement" rows="6" maxlength="2000" required></textarea>
<label for="r-contact">${s.recusal_contact}</label>
<input id="r-contact" name="contact" required maxlength="200">
<button type="submit">${s.recusal_submit}</button>
<p data-recusal-result aria-live="polite"></p>
</form>`;
  return { title: s.recusal_title, body };
};
