/**
 * The round page's "ledger witnesses" card: who cosigned a ledger state holding the round's
 * proof entry (GET /public/rounds/{id}/witnesses), or a warning while nobody has. Until a
 * witness cosigns, the department could show this round's history to some readers and another
 * to others without being caught; the card says so, and how to check a quorum oneself.
 */
import { html } from "hono/html";
import { fill, strings } from "../i18n.js";
import type { Html, PageContext } from "../layout.js";
import type { ApiGet, Json } from "../mount.js";
import { when } from "./shared.js";

export async function witnessPanel(ctx: PageContext, api: ApiGet, roundId: string): Promise<Html> {
  const s = strings(ctx.lang);
  const res = await api(`/public/rounds/${roundId}/witnesses`);
  if (res.status !== 200 || !res.data?.entry) return html``;
  const { entry, witnesses } = res.data as { entry: Json; witnesses: Json[] };
  const body =
    witnesses.length === 0
      ? html`<p class="notice warn" role="status" data-witnessed="none">${fill(s.witness_none, { index: entry.index })}</p>`
      : html`<p>${fill(s.witness_intro, { index: entry.index })}</p>
<div class="table-wrap" tabindex="0" role="region" aria-label="${s.witness_title}"><table data-witnessed="${witnesses.length}">
<thead><tr><th scope="col">${s.col_witness}</th><th scope="col">${s.col_witnessed_at}</th><th scope="col">${s.col_witnessed_size}</th></tr></thead>
<tbody>${witnesses.map(
          (w: Json) => html`<tr><th scope="row"><code>${w.name}</code></th>
<td><time datetime="${w.timestamp}">${when(w.timestamp, ctx.lang)}</time></td><td>${w.treeSize}</td></tr>`,
        )}</tbody></table></div>`;
  return html`<section aria-labelledby="witness-h" class="card">
<h2 id="witness-h">${s.witness_title}</h2>
${body}
<p class="hint">${s.witness_hint}</p>
</section>`;
}
