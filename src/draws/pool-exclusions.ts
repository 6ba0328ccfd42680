/**
 * Which roster inspectors a round's draw cannot use, and why. The committed pool keeps only
 * active inspectors certified on the window's first day; the engine then keeps those holding
 * the item's qualification whose certificate covers the whole window (draw-engine/teams.ts,
 * qualifiedInspectors). Everyone else on the roster is listed here with every reason that
 * applies, so "81 on the roster, 31 in the pool" never goes unexplained.
 */
import type { Inspector } from "../rosters/inspectors/inspectors-model.js";

export const EXCLUSION_CODES = [
  "suspended",
  "left",
  "certificate-not-yet-valid",
  "certificate-expired",
  "certificate-expires-in-window",
  "not-qualified",
] as const;
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

export interface ExcludedInspector {
  inspectorId: string;
  name: string;
  certificateNo: string;
  /** In the committed pool (active, certified on the first day) but still not a candidate. */
  inPool: boolean;
  reasons: { code: ExclusionCode; detail: string }[];
}

export interface PoolRules {
  /** The item's required qualification; null when any certified inspector may go. */
  qualification: string | null;
  window: { from: string; until: string };
}

function reasonsFor(i: Inspector, rules: PoolRules): ExcludedInspector["reasons"] {
  const { from, until } = rules.window;
  const out: ExcludedInspector["reasons"] = [];
  if (i.status === "suspended") out.push({ code: "suspended", detail: "暂停执法 / suspended on the roster" });
  if (i.status === "left") out.push({ code: "left", detail: "已离职 / left the department" });
  if (i.certValidFrom !== null && i.certValidFrom > from)
    out.push({
      code: "certificate-not-yet-valid",
      detail: `certificate valid from ${i.certValidFrom}, after the window opens on ${from}`,
    });
  if (i.certValidUntil < from)
    out.push({
      code: "certificate-expired",
      detail: `certificate expired on ${i.certValidUntil}, before the window opens on ${from}`,
    });
  else if (i.certValidUntil < until)
    out.push({
      code: "certificate-expires-in-window",
      detail: `certificate expires on ${i.certValidUntil}, before the window closes on ${until}`,
    });
  if (rules.qualification !== null && !i.qualifications.includes(rules.qualification))
    out.push({
      code: "not-qualified",
      detail: `does not hold the item's qualification ${rules.qualification}`,
    });
  return out;
}

/** Every roster inspector who cannot be drawn, in roster (certificate number) order. */
export function explainExclusions(roster: readonly Inspector[], rules: PoolRules): ExcludedInspector[] {
  const out: ExcludedInspector[] = [];
  for (const i of roster) {
    const reasons = reasonsFor(i, rules);
    if (reasons.length === 0) continue;
    const inPool =
      i.status === "active" &&
      (i.certValidFrom === null || i.certValidFrom <= rules.window.from) &&
      i.certValidUntil >= rules.window.from;
    out.push({ inspectorId: i.id, name: i.name, certificateNo: i.certificateNo, inPool, reasons });
  }
  return out;
}
