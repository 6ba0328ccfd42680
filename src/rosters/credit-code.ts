/**
 * Credit-code validation for the market-entity roster (RULES §3).
 *
 * - 统一社会信用代码 (USCC, GB 32100-2015): 18 chars over a 31-symbol alphabet,
 *   weights 3^(i−1) mod 31, check = 31 − (Σ mod 31), 31 → 0.
 * - Legacy 工商注册号 (GS15-2006): 15 digits whose last digit is an ISO 7064
 *   MOD 11,10 check digit.
 * - Legacy 组织机构代码 (GB 11714-1997): 8 chars + check (weights 3,7,9,10,5,8,4,2,
 *   mod 11, 10 → X, 11 → 0), often written with a hyphen: `08594815-8`.
 *
 * An 18-character code over the right alphabet whose check character does not
 * verify is kept and flagged `uscc-checksum-mismatch` (RULES §3: some early pilot
 * codes fail the checksum; flag them, never drop them).
 *
 * Pre-2015 entities may still carry legacy numbers; those are accepted and
 * flagged, never silently dropped. Legacy numbers that fail their own check (or
 * whose format has no check, e.g. 13-digit registration numbers or 15-char tax
 * numbers) are flagged `legacy-unverified` for a human to look at.
 *
 * Written without regexes or per-call allocations beyond the normalised string:
 * the importer calls this once per row on million-row files.
 */

import { toHalfWidth } from "./columns.js";

/** GB 32100 code alphabet; index = character value (0–30). No I, O, S, V, Z. */
export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** W_i = 3^(i−1) mod 31 for i = 1..17 (RULES §3). */
export const USCC_WEIGHTS: readonly number[] = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

// Typed arrays: indexed reads are plain numbers (no undefined checks) and fast.
const W = Uint8Array.from(USCC_WEIGHTS);
const ORG_CODE_WEIGHTS = Uint8Array.of(3, 7, 9, 10, 5, 8, 4, 2);

/** ASCII code → USCC value, −1 for characters outside the alphabet. */
const USCC_VALUE = new Int8Array(128).fill(-1);
for (let v = 0; v < USCC_ALPHABET.length; v++) USCC_VALUE[USCC_ALPHABET.charCodeAt(v)] = v;

export type LegacyFlag =
  /** 15-digit 工商注册号 whose MOD 11,10 check digit verifies. */
  | "legacy-registration-number"
  /** 9-char 组织机构代码 whose GB 11714 check character verifies. */
  | "legacy-organization-code"
  /** Looks like a legacy number but its check fails or its format has none. */
  | "legacy-unverified";

/** A USCC kept although its check character does not verify (early pilot codes). */
export type UsccFlag = "uscc-checksum-mismatch";

/** Every value of `code_flag`: why a stored code deserves a human look. */
export const CODE_FLAGS = [
  "legacy-registration-number",
  "legacy-organization-code",
  "legacy-unverified",
  "uscc-checksum-mismatch",
] as const;
export type CodeFlag = (typeof CODE_FLAGS)[number];

export type CreditCodeResult =
  | { kind: "uscc"; code: string; flag?: undefined }
  /** `reason` says which check character was expected. */
  | { kind: "uscc"; code: string; flag: UsccFlag; reason: string }
  | { kind: "legacy"; code: string; flag: LegacyFlag }
  | { kind: "invalid"; reason: string };

/**
 * Trim, full-width → half-width (U+FF01–FF5E, ideographic space), upper-case.
 * Spreadsheets typed with a Chinese IME often contain `９１３５…` or `ｍ`.
 */
export function normaliseCode(raw: string): string {
  return toHalfWidth(raw).trim().toUpperCase();
}

function usccValue(code: string, i: number): number {
  const c = code.charCodeAt(i);
  return c < 128 ? USCC_VALUE[c]! : -1;
}

/** Check character for the first 17 characters of a USCC. Throws on bad input. */
export function computeCheckChar(first17: string): string {
  if (first17.length !== 17) {
    throw new RangeError(`expected 17 characters, got ${first17.length}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = usccValue(first17, i);
    if (v < 0) throw new RangeError(`character ${i + 1} '${first17[i]}' is not in the GB 32100 alphabet`);
    sum += v * W[i]!;
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** ISO 7064 MOD 11,10 check digit for the first 14 digits of a 工商注册号. */
export function computeRegistrationCheckDigit(first14: string): string {
  let p = 10;
  for (let i = 0; i < first14.length; i++) {
    const d = first14.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new RangeError(`character ${i + 1} '${first14[i]}' is not a digit`);
    const s = (p + d) % 10 || 10;
    p = (s * 2) % 11;
  }
  return String((11 - p) % 10);
}

/** GB 11714 check character for the first 8 chars of an organization code, or null. */
export function computeOrgCodeCheck(first8: string): string | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8.charCodeAt(i);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 65 && c <= 90) v = c - 55;
    else return null;
    sum += v * ORG_CODE_WEIGHTS[i]!;
  }
  const r = 11 - (sum % 11);
  return r === 10 ? "X" : r === 11 ? "0" : String(r);
}

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function allAlnum(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

function checkUscc(code: string): CreditCodeResult {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = usccValue(code, i);
    if (v < 0) {
      return {
        kind: "invalid",
        reason: `character ${i + 1} '${code[i]}' is not allowed in a unified social credit code (alphabet 0-9 A-Y without I O S V Z)`,
      };
    }
    sum += v * W[i]!;
  }
  const last = usccValue(code, 17);
  if (last < 0) {
    return {
      kind: "invalid",
      reason: `character 18 '${code[17]}' is not allowed in a unified social credit code (alphabet 0-9 A-Y without I O S V Z)`,
    };
  }
  // Positions 3–8 are the administrative division code (GB/T 2260): digits in
  // every code ever issued. Letters there make it garbage, whatever its checksum says.
  if (!allDigits(code.slice(2, 8))) {
    return {
      kind: "invalid",
      reason: `characters 3-8 '${code.slice(2, 8)}' must be the 6-digit administrative division code`,
    };
  }
  const expected = (31 - (sum % 31)) % 31;
  if (last !== expected) {
    return {
      kind: "uscc",
      code,
      flag: "uscc-checksum-mismatch",
      reason: `check character should be ${USCC_ALPHABET.charAt(expected)}, got ${code[17]}`,
    };
  }
  return { kind: "uscc", code };
}

function checkLegacy(code: string): CreditCodeResult | null {
  const len = code.length;
  if (len === 15 && allDigits(code)) {
    const ok = computeRegistrationCheckDigit(code.slice(0, 14)) === code[14];
    return { kind: "legacy", code, flag: ok ? "legacy-registration-number" : "legacy-unverified" };
  }
  // 组织机构代码, with or without the customary hyphen before the check char.
  const org = len === 10 && code.charCodeAt(8) === 45 ? code.slice(0, 8) + code[9] : code;
  if (org.length === 9 && allAlnum(org)) {
    const ok = computeOrgCodeCheck(org) === org[8];
    return {
      kind: "legacy",
      code: org,
      flag: ok ? "legacy-organization-code" : "legacy-unverified",
    };
  }
  // Pre-2007 13-digit registration numbers and 15-char 税务登记号 (region + org
  // code) carry no check we can verify: keep them, flagged.
  if ((len === 13 && allDigits(code)) || (len === 15 && allAlnum(code))) {
    return { kind: "legacy", code, flag: "legacy-unverified" };
  }
  return null;
}

/**
 * Validate a credit code as typed in a roster file.
 * 18-char codes must be USCCs over the GB 32100 alphabet with a numeric region
 * part (a failing check character is flagged, not refused); recognised legacy
 * formats are accepted and flagged; everything else is invalid with a reason fit
 * for an import report.
 */
export function checkCreditCode(raw: string): CreditCodeResult {
  const code = normaliseCode(raw);
  if (code.length === 0) return { kind: "invalid", reason: "credit code is empty" };
  if (code.length === 18) return checkUscc(code);
  const legacy = checkLegacy(code);
  if (legacy) return legacy;
  return {
    kind: "invalid",
    reason: `credit code has ${code.length} characters; expected an 18-character unified social credit code, a 15-digit legacy registration number or a 9-character organization code`,
  };
}
