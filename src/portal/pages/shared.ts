/** Small helpers shared by the portal pages. */
import { html } from "hono/html";
import { fill, type Lang, type StringKey, strings } from "../i18n.js";
import { type Html, href, notice, type PageContext } from "../layout.js";
import type { ApiGet, Json } from "../mount.js";
import { deptForm } from "./home.js";

/** Basis points as a percentage without floating point: 350 → "3.5%". */
export function percent(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return "—";
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return frac ? `${whole}.${frac}%` : `${whole}%`;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

/**
 * An instant in Beijing time, labelled: "2025-07-01T08:00:00.000Z" → "2025-07-01 16:00 (北京时间)"
 * (English: "(Beijing time, UTC+8)"). The readers are in China and the rules' days are Beijing
 * days; no locale formatting on the server. A bare date stays as it is.
 */
export function when(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "—";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const b = new Date(ms + BEIJING_OFFSET_MS).toISOString();
  return `${b.slice(0, 10)} ${b.slice(11, 16)} (${strings(lang).time_beijing})`;
}

export function statusLabel(lang: Lang, status: string): string {
  const key = `status_${status}` as StringKey;
  return strings(lang)[key] ?? status;
}

/** The notice for a non-200 API answer. */
export function apiProblem(lang: Lang, res: { status: number; data: Json }): Html {
  const s = strings(lang);
  if (res.status === 404 && res.data?.detail)
    return notice(fill(s.not_found, { detail: res.data.detail }), "error");
  return notice(fill(s.unavailable, { status: res.status }), "error");
}

/** Fetches a department-scoped public resource, or explains why it cannot (no department, API error). */
export async function deptResource(
  ctx: PageContext,
  api: ApiGet,
  path: (code: string) => string,
  formTarget: string,
): Promise<{ data: Json } | { body: Html }> {
  const s = strings(ctx.lang);
  if (!ctx.dept)
    return { body: html`${notice(s.dept_missing)}${deptForm(ctx.lang, null, href(ctx, formTarget))}` };
  const res = await api(path(encodeURIComponent(ctx.dept)));
  if (res.status !== 200)
    return { body: html`${apiProblem(ctx.lang, res)}${deptForm(ctx.lang, ctx.dept, href(ctx, formTarget))}` };
  return { data: res.data };
}

export function deptHeading(lang: Lang, d: { code: string; name: string } | undefined): Html {
  if (!d) return html``;
  return html`<p class="hint">${fill(strings(lang).dept_current, { name: d.name, code: d.code })}</p>`;
}
