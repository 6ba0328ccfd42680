/**
 * The bundle form rules of docs/draw-spec.md §11 / §12.1 beyond the recorded vectors:
 * key order never matters (a served bundle is JCS text), the lists' canonical form and
 * order, and the form of substitution records.
 */
import { describe, expect, it } from "vitest";
import * as E from "../../src/draw-engine/index.js";
import { loadVectors } from "./load-vectors.js";

const draws = loadVectors("draw").filter((v) => v.expected.proof);
const byName = (name: string) => draws.find((v) => v.name === name)!;
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe("verifier: bundle form", () => {
  it.each([
    "infeasible-team",
    "substitution-exhausted",
    "joint-round-substitution",
    "infeasible-team-v2",
    "substitution-exhausted-v2",
  ])("%s verifies when read back from its JCS text (sorted keys, as the service serves it)", (name) => {
    const v = byName(name);
    const served = JSON.parse(E.jcs(v.expected.proof)) as E.ProofBundle;
    expect(Object.keys(served.infeasible[0] ?? {})).toEqual(
      [...Object.keys(served.infeasible[0] ?? {})].sort(),
    );
    expect(E.verifyProof(served, v.input.eligible)).toMatchObject({ ok: true });
  });

  it("rejects an inspector record with an extra member, a repeated inspector and a repeated digest", () => {
    const v = byName("conflicts");
    const extra = copy(v.expected.proof as E.ProofBundle);
    (extra.inspectors[0] as unknown as Record<string, unknown>).phone = "123";
    expect(E.verifyProof(E.signProof(extra, E.sha256(E.utf8("k"))), v.input.eligible)).toMatchObject({
      ok: false,
      code: "inspector-not-canonical",
    });
    const twice = copy(v.expected.proof as E.ProofBundle);
    twice.inspectors.splice(1, 0, twice.inspectors[0]!);
    expect(E.verifyProof(twice, v.input.eligible)).toMatchObject({ ok: false, code: "inspector-order" });
    const digest = copy(v.expected.proof as E.ProofBundle);
    digest.conflicts.splice(1, 0, digest.conflicts[0]!);
    expect(E.verifyProof(digest, v.input.eligible)).toMatchObject({ ok: false, code: "conflict-order" });
  });

  it("accepts null only where §11 allows it", () => {
    const v = byName("contributors-only");
    const p = v.expected.proof as E.ProofBundle;
    expect(p.beacon).toBeNull();
    expect(E.verifyProof(p, v.input.eligible)).toMatchObject({ ok: true });
    for (const k of ["reveals", "inspectors", "conflicts", "teams", "publicKey"] as const) {
      const bad = { ...copy(p), [k]: null } as unknown as E.ProofBundle;
      expect(E.verifyProof(bad, v.input.eligible), k).toMatchObject({ ok: false, code: "malformed" });
    }
  });

  it("replays only canonical substitution records", () => {
    const v = byName("substitution");
    const input = v.input as E.DrawInput;
    expect(() => E.runDraw(input)).not.toThrow();
    const sub = input.substitutions[0]!;
    for (const bad of [
      { ...sub, entityId: "91350100m000100y43" }, // a credit code in lower case: its canonical form is upper case
      { ...sub, recused: `${sub.recused}\u3000` },
      { ...sub, reason: "" },
      { ...sub, at: "2023-08-24 09:00:00" },
    ]) {
      const code = (() => {
        try {
          E.runDraw({ ...input, substitutions: [bad] });
          return null;
        } catch (e) {
          return (e as E.DrawError).code;
        }
      })();
      expect(code, JSON.stringify(bad)).toBe("substitution-malformed");
    }
  });
});
