/** Home: what Sortes is, how a draw is verified, and the department chooser. */
import { html } from "hono/html";
import { strings } from "../i18n.js";
import { href } from "../layout.js";
import type { Json, PageHandler } from "../mount.js";
import { roundsTable } from "./rounds.js";

export const homePage: PageHandler = async (ctx, api) => {
  const s = strings(ctx.lang);
  const rounds = await api("/public/rounds");
  const latest: Json[] = rounds.status === 200 ? (rounds.data.items ?? []).slice(0, 5) : [];
  const body = html`
<p class="lead">${s.home_lead}</p>
${
  latest.length
    ? html`<section aria-labelledby="latest-h"><h2 id="latest-h">${s.home_latest}</h2>
${roundsTable(ctx, latest, s.home_latest)}</section>`
    : ""
}
<section aria-labelledby="how">
  <h2 id="how">${s.home_how_title}</h2>
  <ol class="how">
    <li>${s.home_how_1}</li>
    <li>${s.home_how_2}</li>
    <li>${s.home_how_3}</li>
    <li>${s.home_how_4}</li>
  </ol>
  <p>${s.home_spec} <a href="${href(ctx, "/spec")}#s16">${s.home_spec_link}</a></p>
  <p><a class="button" href="${href(ctx, "/rounds")}">${s.nav_rounds}</a>
     <a class="button secondary" href="${href(ctx, "/verify")}">${s.nav_verify}</a></p>
</section>
${deptForm(ctx.lang, ctx.dept, href(ctx, "/checklist"))}`;
  return { title: s.home_title, body };
};

/** GET form choosing the department (the code is remembered in a cookie by the server). */
export function deptForm(lang: "zh" | "en", dept: string | null, action: string) {
  const s = strings(lang);
  return html`<section aria-labelledby="dept-h" class="card">
  <h2 id="dept-h">${s.home_dept_title}</h2>
  <form method="get" action="${action}" class="inline">
    <label for="dept">${s.dept_label}</label>
    <input id="dept" name="dept" required maxlength="100" autocomplete="organization" value="${dept ?? ""}"
           aria-describedby="dept-hint">
    <button type="submit">${s.dept_submit}</button>
  </form>
  <p id="dept-hint" class="hint">${s.dept_hint}</p>
  <p><a href="${action.startsWith("/en") ? "/en" : "/zh"}/departments">${s.regions_or_pick}</a></p>
</section>`;
}
