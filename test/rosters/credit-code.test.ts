import { describe, expect, it } from "vitest";
import {
  checkCreditCode,
  computeCheckChar,
  computeOrgCodeCheck,
  computeRegistrationCheckDigit,
  normaliseCode,
  USCC_ALPHABET,
  USCC_WEIGHTS,
} from "../../src/rosters/credit-code.js";

const WORKED = "91350100M000100Y43"; // RULES §3 worked example

/** Straight from the formula, independent of the module's tables. */
function referenceSum(first17: string): number {
  let sum = 0;
  for (let i = 1; i <= 17; i++) {
    let w = 1;
    for (let k = 1; k < i; k++) w = (w * 3) % 31;
    sum += USCC_ALPHABET.indexOf(first17.charAt(i - 1)) * w;
  }
  return sum;
}

describe("GB 32100 unified social credit code", () => {
  it("weights are 3^(i-1) mod 31", () => {
    let w = 1;
    for (let i = 0; i < 17; i++) {
      expect(USCC_WEIGHTS[i]).toBe(w);
      w = (w * 3) % 31;
    }
  });

  it("accepts the worked example (sum 1640, check 3)", () => {
    expect(referenceSum(WORKED.slice(0, 17))).toBe(1640);
    expect(computeCheckChar(WORKED.slice(0, 17))).toBe("3");
    expect(checkCreditCode(WORKED)).toEqual({ kind: "uscc", code: WORKED });
  });

  it("accepts a real published code with a letter check character", () => {
    expect(checkCreditCode("91440300085948158H")).toEqual({
      kind: "uscc",
      code: "91440300085948158H",
    });
  });

  it("detects every single-character substitution at every position (flagged, or invalid)", () => {
    for (let pos = 0; pos < 18; pos++) {
      for (const ch of USCC_ALPHABET) {
        if (ch === WORKED[pos]) continue;
        const bad = WORKED.slice(0, pos) + ch + WORKED.slice(pos + 1);
        const r = checkCreditCode(bad);
        const where = `${bad} (position ${pos + 1})`;
        if (pos >= 2 && pos < 8 && !/[0-9]/.test(ch)) {
          expect(r.kind, where).toBe("invalid");
          if (r.kind === "invalid") expect(r.reason).toMatch(/^characters 3-8 /);
        } else {
          // RULES §3: early pilot codes fail the checksum; flag them, never drop them.
          expect(r, where).toMatchObject({ kind: "uscc", code: bad, flag: "uscc-checksum-mismatch" });
          if (r.kind === "uscc" && r.flag) expect(r.reason).toMatch(/^check character should be /);
        }
      }
    }
  });

  it("flags a checksum failure, naming the expected and actual check character", () => {
    expect(checkCreditCode("91350100M000100Y44")).toEqual({
      kind: "uscc",
      code: "91350100M000100Y44",
      flag: "uscc-checksum-mismatch",
      reason: "check character should be 3, got 4",
    });
  });

  it("rejects characters outside the alphabet at every position, naming the position", () => {
    for (let pos = 0; pos < 18; pos++) {
      for (const ch of ["I", "O", "S", "V", "Z", "-", "中"]) {
        const bad = WORKED.slice(0, pos) + ch + WORKED.slice(pos + 1);
        const r = checkCreditCode(bad);
        expect(r.kind).toBe("invalid");
        if (r.kind === "invalid") expect(r.reason).toContain(`character ${pos + 1} '${ch}'`);
      }
    }
  });

  it("computeCheckChar agrees with the reference formula, including 31 → 0", () => {
    let sawZero = false;
    for (let n = 0; n < 2000; n++) {
      // deterministic pseudo-random 17-char bodies
      let body = "";
      for (let i = 0; i < 17; i++) body += USCC_ALPHABET[(n * 7 + i * i * 13 + n * i) % 31];
      const expected = USCC_ALPHABET[(31 - (referenceSum(body) % 31)) % 31];
      const check = computeCheckChar(body);
      expect(check).toBe(expected);
      if (check === "0") sawZero = true;
      const r = checkCreditCode(body + check);
      expect(r.kind === "uscc" || (r.kind === "invalid" && r.reason.startsWith("characters 3-8"))).toBe(true);
    }
    expect(sawZero).toBe(true);
  });

  it("computeCheckChar rejects bad input", () => {
    expect(() => computeCheckChar("123")).toThrow(RangeError);
    expect(() => computeCheckChar("91350100M000100YI")).toThrow(/character 17 'I'/);
  });

  it("normalises whitespace, case and full-width characters", () => {
    expect(normaliseCode("  ９１３５０１００ｍ０００１００ｙ４３\u3000")).toBe(WORKED);
    expect(checkCreditCode(" 91350100m000100y43 ")).toEqual({ kind: "uscc", code: WORKED });
    expect(checkCreditCode("   ")).toEqual({ kind: "invalid", reason: "credit code is empty" });
  });

  it("rejects a code whose checksum passes but whose region part is not digits", () => {
    const body = "91ABCDEFM000100Y4";
    const r = checkCreditCode(body + computeCheckChar(body));
    expect(r).toEqual({
      kind: "invalid",
      reason: "characters 3-8 'ABCDEF' must be the 6-digit administrative division code",
    });
  });

  it("rejects wrong lengths with a clear reason", () => {
    const r = checkCreditCode("91350100M000100Y4");
    expect(r.kind).toBe("invalid");
    if (r.kind === "invalid") expect(r.reason).toContain("17 characters");
  });
});

describe("legacy numbers", () => {
  it("verifies a real 15-digit 工商注册号 (ISO 7064 MOD 11,10)", () => {
    expect(computeRegistrationCheckDigit("44030110854837")).toBe("9");
    expect(checkCreditCode("440301108548379")).toEqual({
      kind: "legacy",
      code: "440301108548379",
      flag: "legacy-registration-number",
    });
  });

  it("MOD 11,10 detects every single-digit substitution", () => {
    const good = "440301108548379";
    for (let pos = 0; pos < 15; pos++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[pos]) continue;
        const bad = good.slice(0, pos) + d + good.slice(pos + 1);
        const r = checkCreditCode(bad);
        expect(r).toEqual({ kind: "legacy", code: bad, flag: "legacy-unverified" });
      }
    }
  });

  it("verifies organization codes with or without hyphen", () => {
    expect(computeOrgCodeCheck("08594815")).toBe("8");
    expect(computeOrgCodeCheck("M000100Y")).toBe("4");
    expect(checkCreditCode("08594815-8")).toEqual({
      kind: "legacy",
      code: "085948158",
      flag: "legacy-organization-code",
    });
    expect(checkCreditCode("085948157")).toEqual({
      kind: "legacy",
      code: "085948157",
      flag: "legacy-unverified",
    });
  });

  it("keeps unverifiable legacy formats, flagged", () => {
    expect(checkCreditCode("3501002001234")).toMatchObject({ flag: "legacy-unverified" });
    expect(checkCreditCode("350102085948158")).toMatchObject({ kind: "legacy" });
    expect(checkCreditCode("35010208594815X")).toMatchObject({ flag: "legacy-unverified" });
  });
});
