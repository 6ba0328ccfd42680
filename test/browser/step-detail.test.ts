/**
 * On `/zh/` pages the verifier's step details are Chinese (they were English): every detail
 * verifySteps gives on the recorded vectors, passing or failing, reads in Chinese; only an
 * engine error without a phrase falls back to its code and the English text, marked as such.
 */
import { describe, expect, it } from "vitest";
import { localizeStepDetail } from "../../src/portal/client/step-detail.js";
import { verifySteps } from "../../src/portal/client/verify-steps.js";
import { loadVectors } from "../draw-engine/load-vectors.js";

const results = loadVectors().flatMap((v) => {
  if (v.kind === "draw" && v.expected?.proof) return verifySteps(v.expected.proof, v.input.eligible);
  if (v.expected?.ok === false && v.input?.proof) return verifySteps(v.input.proof, v.input.eligible);
  return [];
});

const CJK = /[\u4e00-\u9fff]/;
const FALLBACK = "英文原文";
/** English words a translated detail must not contain (values such as ids and hashes may stay). */
const ENGLISH =
  /\b(the|proof|says|recomputation|gives|teams?|inspectors|entities|reveals?|signature|seed|round|stratum|not run)\b/i;

describe("verifier step details on Chinese pages", () => {
  it("translates every passing, skipped and comparison detail", () => {
    const shown = results.filter((r) => r.detail !== "");
    expect(shown.length).toBeGreaterThan(50);
    const passes = shown.filter((r) => r.status === "pass" || r.status === "skipped");
    for (const step of ["commitment", "reveals", "seed", "selection", "teams", "signature"])
      expect(
        passes.some((r) => r.step === step),
        step,
      ).toBe(true);
    for (const r of passes) {
      const zh = localizeStepDetail("zh", r);
      expect(zh, r.detail).toMatch(CJK);
      expect(zh, r.detail).not.toContain(FALLBACK);
      expect(zh.replace(/"[^"]*"/g, ""), r.detail).not.toMatch(ENGLISH);
    }
    const compared = shown.filter((r) => r.status === "fail" && / recomputation /.test(r.detail));
    expect(compared.length).toBeGreaterThan(0);
    for (const r of compared) expect(localizeStepDetail("zh", r), r.detail).toMatch(/重新计算/);
    // Every failure on the vectors is explained in Chinese (engine messages via their code).
    for (const r of shown.filter((x) => x.status === "fail"))
      expect(localizeStepDetail("zh", r), `${r.code}: ${r.detail}`).not.toContain(FALLBACK);
  });

  it("keeps values, leaves English pages alone and marks an untranslated engine message", () => {
    const commit = results.find((r) => r.step === "commitment" && r.status === "pass")!;
    const hex = commit.detail.match(/[0-9a-f]{64}/g)!;
    for (const h of hex) expect(localizeStepDetail("zh", commit)).toContain(h);
    expect(localizeStepDetail("en", commit)).toBe(commit.detail);
    expect(
      localizeStepDetail("zh", { step: "reveals", status: "fail", code: "x-new", detail: "something new" }),
    ).toBe("错误代码 x-new（英文原文）：something new");
    expect(
      localizeStepDetail("zh", { step: "selection", status: "pass", detail: "A: 3/40, unrated: 12/40" }),
    ).toBe("分层 A：40 个中抽中 3 个；分层 unrated：40 个中抽中 12 个");
  });
});
