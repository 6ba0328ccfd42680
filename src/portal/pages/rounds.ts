/** 抽查任务: the list of rounds and one round's commitment, entropy, status, downloads and verifier. */
import { html } from "hono/html";
import { fill, strings } from "../i18n.js";
import { facts, type Html, href, notice, type PageContext } from "../layout.js";
import type { Json, PageHandler } from "../mount.js";
import { witnessPanel } from "./round-witnesses.js";
import { apiProblem, statusLabel, when } from "./shared.js";
import { lookupPanel, verifyPanel } from "./verify.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DRAWN = new Set(["drawn", "in_progress", "closed"]);

/** Table of rounds (title links to the round's page). */
export function roundsTable(ctx: PageContext, items: Json[], label: string): Html {
  const s = strings(ctx.lang);
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${label}"><table>
<thead><tr><th scope="col">${s.col_round}</th><th scope="col">${s.col_year}</th><th scope="col">${s.col_status}</th>
<th scope="col">${s.col_window}</th><th scope="col">${s.col_reveal}</th></tr></thead>
<tbody>${items.map(
    (r) => html`<tr><th scope="row"><a href="${href(ctx, `/rounds/${r.id}`)}">${r.title}</a></th>
<td>${r.planYear}</td><td><span class="badge status-${r.status}">${statusLabel(ctx.lang, r.status)}</span></td>
<td>${r.window?.from} – ${r.window?.until}</td><td>${when(r.revealDeadline, ctx.lang)}</td></tr>`,
  )}</tbody></table></div>`;
}

export const roundsPage: PageHandler = async (ctx, api) => {
  const s = strings(ctx.lang);
  const res = await api("/public/rounds");
  if (res.status !== 200) return { title: s.rounds_title, body: apiProblem(ctx.lang, res) };
  const items: Json[] = res.data.items ?? [];
  const body = items.length === 0 ? notice(s.empty) : roundsTable(ctx, items, s.rounds_title);
  return { title: s.rounds_title, body };
};

/** Unix seconds → ISO time (UTC) of a drand round: genesis + (round − 1) × period. */
function beaconTime(plan: Json): string | null {
  if (!plan || !Number.isSafeInteger(plan.round)) return null;
  return new Date((plan.genesisTime + (plan.round - 1) * plan.period) * 1000).toISOString();
}

export const roundPage: PageHandler = async (ctx, api, params) => {
  const s = strings(ctx.lang);
  const id = params.id ?? "";
  if (!UUID.test(id))
    return { title: s.rounds_title, body: notice(fill(s.not_found, { detail: id }), "error") };
  const res = await api(`/public/rounds/${id}`);
  if (res.status !== 200) return { title: s.rounds_title, body: apiProblem(ctx.lang, res) };
  const r = res.data;
  const base = `/public/rounds/${id}`;
  const plan = r.beaconPlan ?? r.commitment?.entropy?.beacon ?? null;
  const due = beaconTime(plan);
  const drawn = DRAWN.has(r.status);
  const witnessed = drawn ? await witnessPanel(ctx, api, id) : "";
  const body = html`
<p><span class="badge status-${r.status}">${statusLabel(ctx.lang, r.status)}</span></p>
${r.failure ? notice(`${s.round_failure}: ${r.failure.reason} (${r.failure.code})`, "error") : ""}
<section aria-labelledby="commit-h" class="card">
<h2 id="commit-h">${s.round_commitment}</h2>
${facts([
  [s.col_year, r.planYear],
  [s.col_window, `${r.window?.from} – ${r.window?.until}`],
  [s.col_reveal, when(r.revealDeadline, ctx.lang)],
  [
    (r.departments ?? []).length > 1 ? `${s.round_departments} (${s.round_joint})` : s.round_departments,
    (r.departments ?? [])
      .map((d: Json) =>
        d.role === "lead" ? `${d.name} (${d.code}, ${s.round_lead})` : `${d.name} (${d.code})`,
      )
      .join("; "),
  ],
  [s.round_algorithm, r.commitment?.algorithm, true],
  [s.round_commitment_hash, r.commitmentHash, true],
  [s.round_eligible_root, r.commitment?.eligible?.root, true],
  [s.round_seed, r.seed, true],
])}
<p class="hint">${s.round_spec_hint} <a href="${href(ctx, "/spec")}${r.commitment?.algorithm === "sortes-draw/v1" ? "" : "#s16"}">${s.spec_link}</a></p>
${
  r.status === "committed"
    ? html`<p>${s.round_countdown}: <time datetime="${r.revealDeadline}" data-countdown="${r.revealDeadline}">${when(r.revealDeadline, ctx.lang)}</time></p>`
    : ""
}
</section>
<section aria-labelledby="contrib-h" class="card">
<h2 id="contrib-h">${s.round_contributors}</h2>
<div class="table-wrap" tabindex="0" role="region" aria-label="${s.round_contributors}"><table>
<thead><tr><th scope="col">${s.col_contributor}</th><th scope="col">${s.col_contrib_commitment}</th><th scope="col">${s.col_revealed}</th></tr></thead>
<tbody>${(r.contributors ?? []).map(
    (p: Json) => html`<tr><th scope="row">${p.name}</th><td><code>${p.commitment ?? "—"}</code></td>
<td>${p.revealed ? `${s.yes} · ${when(p.revealedAt, ctx.lang)}` : s.no}</td></tr>`,
  )}</tbody></table></div>
<h3>${s.round_beacon}</h3>
${
  plan
    ? html`<p>${fill(s.round_beacon_round, { round: plan.round, time: when(due, ctx.lang) })}
${due && !r.beacon ? html` · <time datetime="${due}" data-countdown="${due}">${when(due, ctx.lang)}</time>` : ""}</p>`
    : html`<p>${s.round_beacon_none}</p>`
}
</section>
${
  r.status === "draft"
    ? ""
    : html`<section aria-labelledby="dl-h" class="card">
<h2 id="dl-h">${s.round_downloads}</h2>
<ul class="downloads">
${drawn ? html`<li><a href="${base}/proof" download>${s.download_proof}</a></li>` : ""}
<li><a href="${base}/eligible.ndjson" download>${s.download_ndjson}</a></li>
<li><a href="${base}/eligible.csv" download>${s.download_csv}</a></li>
<li><a href="${base}/exclusions">${s.download_exclusions}</a></li>
</ul></section>`
}
${witnessed}
${
  drawn
    ? html`${verifyPanel(ctx.lang, { proofUrl: `${base}/proof`, eligibleUrl: `${base}/eligible.ndjson` })}
${lookupPanel(ctx.lang, { lookupUrl: `${base}/entities/{code}`, proofUrl: `${base}/proof` })}`
    : notice(s.verify_not_drawn)
}`;
  return { title: r.title ?? s.rounds_title, body };
};
