/**
 * Every flag the server puts on a kept-but-suspect credit code (src/rosters/credit-code.ts
 * CODE_FLAGS, shown in the import panel's 需人工核对的行) has a label in both console languages,
 * so a zh-CN user never sees `legacy-registration-number`.
 */
import { describe, expect, it } from "vitest";
import { enUS } from "../../src/console/i18n/en-US.js";
import { type MessageKey, zhCN } from "../../src/console/i18n/zh-CN.js";
import { CODE_FLAGS, checkCreditCode } from "../../src/rosters/credit-code.js";

describe("credit-code flag labels", () => {
  it.each(CODE_FLAGS)("%s has a zh-CN and an en-US label", (flag) => {
    const key = `rosters.flag.${flag}` as MessageKey;
    expect(zhCN[key]).toMatch(/[\u4e00-\u9fff]/);
    expect(enUS[key]).toMatch(/^[\x20-\x7e]+$/);
  });

  it("covers the flags the checker actually returns", () => {
    // A 15-digit registration number whose check digit verifies, and one whose does not.
    const flags = ["110108000000016", "110108000000017"].map((c) => {
      const r = checkCreditCode(c);
      return r.kind === "invalid" ? null : (r.flag ?? null);
    });
    for (const f of flags) if (f) expect(CODE_FLAGS).toContain(f);
    expect(flags.filter(Boolean).length).toBeGreaterThan(0);
  });
});
