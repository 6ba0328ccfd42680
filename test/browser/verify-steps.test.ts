/**
 * The portal's per-step verifier must reach the same verdict as the engine's
 * verifyProof on every recorded vector, and the browser SHA-256 backend must
 * produce the engine's bytes.
 */
import { describe, expect, it } from "vitest";
import * as E from "../../src/draw-engine/index.js";
import { STEP_IDS, verifySteps } from "../../src/portal/client/verify-steps.js";
import { loadVectors } from "../draw-engine/load-vectors.js";

const cases = loadVectors().flatMap((v) => {
  if (v.kind === "draw" && v.expected?.proof)
    return [{ name: v.name, tampered: false, proof: v.expected.proof, eligible: v.input.eligible }];
  if (v.expected?.ok === false && v.input?.proof)
    return [{ name: v.name, tampered: true, proof: v.input.proof, eligible: v.input.eligible }];
  return [];
});

describe("verifySteps agrees with verifyProof", () => {
  it("has genuine and tampered cases to check", () => {
    expect(cases.filter((c) => c.tampered).length).toBeGreaterThan(5);
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)("$name", ({ proof, eligible }) => {
    const engine = E.verifyProof(proof, eligible);
    const steps = verifySteps(proof, eligible);
    expect(steps.map((s) => s.step)).toEqual([...STEP_IDS]);
    const failed = steps.filter((s) => s.status === "fail");
    expect(failed.length === 0).toBe(engine.ok);
    if (!engine.ok) {
      // The engine reports the first mismatch; the same code must appear among the failed steps.
      expect(failed.map((f) => f.code)).toContain(engine.code);
    }
  });
});

describe("verifySteps on a proof as a server may serialise it", () => {
  it("ignores object key order (proofs are compared canonically)", () => {
    const genuine = cases.find(
      (c) => !c.tampered && (c.proof as E.ProofBundle).selections.some((x) => x.k > 0),
    )!;
    const reordered = {
      ...genuine.proof,
      selections: (genuine.proof as E.ProofBundle).selections.map(({ stratum, n, rateBp, k, selected }) => ({
        k,
        selected: selected.map(({ id, ticket }) => ({ ticket, id })),
        rateBp,
        n,
        stratum,
      })),
    };
    const steps = verifySteps(reordered, genuine.eligible);
    expect(steps.filter((s) => s.status === "fail")).toEqual([]);
  });
});

describe("jsSha256 (the worker's hash backend)", () => {
  it("matches @noble/hashes on every length 0..300 and across block boundaries", () => {
    for (let n = 0; n <= 300; n++) {
      const data = new Uint8Array(n).map((_, i) => (i * 131 + n * 7) & 255);
      expect(E.toHex(E.jsSha256(data))).toBe(E.toHex(E.nobleSha256Backend(data)));
    }
  });

  it("matches the FIPS 180-2 test vectors", () => {
    expect(E.toHex(E.jsSha256(E.utf8("abc")))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(E.toHex(E.jsSha256(new Uint8Array(0)))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});
