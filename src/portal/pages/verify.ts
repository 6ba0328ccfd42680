/**
 * The in-browser verifier: the panel used on a round's page, and a standalone
 * page that verifies any proof + eligible set served by this origin
 * (`/verify?proof=…&eligible=…`).
 */
import { html } from "hono/html";
import { STEP_IDS } from "../client/verify-steps.js";
import { type Lang, strings } from "../i18n.js";
import type { Html } from "../layout.js";
import type { PageHandler } from "../mount.js";

/** Same-origin paths only (the page's CSP blocks anything else anyway). */
const LOCAL = /^\/(?!\/)[^\s]*$/;

export function verifyPanel(
  lang: Lang,
  a: { proofUrl: string; eligibleUrl: string; key?: string; files?: boolean },
): Html {
  const s = strings(lang);
  const files = a.files
    ? html`<fieldset class="files"><legend>${s.verify_files}</legend>
<label for="f-proof">${s.verify_file_proof}</label>
<input type="file" id="f-proof" data-file="proof" accept=".json,application/json">
<label for="f-eligible">${s.verify_file_eligible}</label>
<input type="file" id="f-eligible" data-file="eligible" accept=".ndjson,.jsonl,application/x-ndjson">
</fieldset>`
    : "";
  return html`<section class="card verify" aria-labelledby="verify-h" data-verify
  data-proof="${a.proofUrl}" data-eligible="${a.eligibleUrl}" data-key="${a.key ?? ""}">
<h2 id="verify-h">${s.verify_title}</h2>
<p>${s.verify_intro}</p>
${files}
<p><button type="button" data-verify-start>${s.verify_button}</button></p>
<div class="progress-row">
  <progress id="verify-progress" max="1000" value="0" aria-label="${s.verify_title}"></progress>
  <span data-verify-phase aria-live="polite"></span>
</div>
<ol class="steps">
${STEP_IDS.map(
  (id) => html`<li data-step="${id}" data-status="pending"><span class="step-name">${s[`step_${id}`]}</span>
<span class="step-status">${s.js_pending}</span><div class="step-detail"></div></li>`,
)}
</ol>
<p class="verdict" data-verify-verdict role="status" aria-live="polite"></p>
</section>`;
}

export function lookupPanel(lang: Lang, a: { lookupUrl: string; proofUrl: string }): Html {
  const s = strings(lang);
  return html`<section class="card lookup" aria-labelledby="lookup-h" data-lookup
  data-lookup-url="${a.lookupUrl}" data-proof="${a.proofUrl}">
<h2 id="lookup-h">${s.lookup_title}</h2>
<form data-lookup-form class="inline">
  <label for="lookup-code">${s.lookup_label}</label>
  <input id="lookup-code" name="code" required maxlength="64" autocomplete="off" spellcheck="false"
         inputmode="latin" pattern="[0-9A-Za-z\\-_.]{1,64}">
  <button type="submit">${s.lookup_button}</button>
</form>
<div class="lookup-result" data-lookup-result aria-live="polite"></div>
</section>`;
}

export const verifyPage: PageHandler = async (ctx, _api, _params, query) => {
  const s = strings(ctx.lang);
  const proof = query.get("proof") ?? "";
  const eligible = query.get("eligible") ?? "";
  const key = query.get("key") ?? "";
  const ready = LOCAL.test(proof) && LOCAL.test(eligible);
  const body = html`<form method="get" class="stack card" aria-label="${s.verify_page_title}">
  <label for="v-proof">${s.verify_proof_url}</label>
  <input id="v-proof" name="proof" value="${proof}" placeholder="/public/rounds/…/proof" required>
  <label for="v-eligible">${s.verify_eligible_url}</label>
  <input id="v-eligible" name="eligible" value="${eligible}" placeholder="/public/rounds/…/eligible.ndjson" required>
  <label for="v-key">${s.verify_key}</label>
  <input id="v-key" name="key" value="${key}" pattern="[0-9a-f]{64}" spellcheck="false">
  <button type="submit">${s.verify_load}</button>
</form>
${verifyPanel(ctx.lang, { proofUrl: ready ? proof : "", eligibleUrl: ready ? eligible : "", key, files: true })}`;
  return { title: s.verify_page_title, body };
};
