import type { ChecklistItemVersion } from "../../api/checklist";
import type { MessageKey } from "../../i18n/zh-CN";

/** "3% · 2 轮/年（法定：100% · 1 轮/年）" — what a version publishes as its rate and frequency. */
export function figures(v: ChecklistItemVersion, t: (k: MessageKey) => string): string {
  const rate = v.defaultRateBp === null ? "—" : `${v.defaultRateBp / 100}%`;
  const rounds =
    v.defaultRoundsPerYear === null ? "—" : `${v.defaultRoundsPerYear} ${t("checklist.perYear")}`;
  const o = v.legalOverride;
  if (!o) return `${rate} · ${rounds}`;
  const legal = [
    o.rateBp === null ? null : `${o.rateBp / 100}%`,
    o.roundsPerYear === null ? null : `${o.roundsPerYear} ${t("checklist.perYear")}`,
  ]
    .filter(Boolean)
    .join(" · ");
  return `${rate} · ${rounds}（${t("checklist.legal")}：${legal}）`;
}
