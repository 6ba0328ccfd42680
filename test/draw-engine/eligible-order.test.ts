import { describe, expect, it } from "vitest";
import * as E from "../../src/draw-engine/index.js";

// Input already in leaf order takes a linear fast path; any other order the general
// (sorting) path. Both must give the same root, entries and first error.
const rows = (n: number): E.EligibleEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    stratum: ["A", "食品", "BB"][i % 3]!,
    id: `ID-${(i * 7919) % 1009}`,
  }));

function errorOf(input: E.EligibleEntry[]): string {
  try {
    E.commitEligible(input);
    return "none";
  } catch (e) {
    return `${(e as E.DrawError).code}: ${(e as Error).message}`;
  }
}

describe("commitEligible on input in leaf order", () => {
  it("gives the same root and entries as on shuffled input", () => {
    const shuffled = rows(300);
    const inOrder = E.commitEligible(shuffled).entries;
    const a = E.commitEligible(shuffled);
    const b = E.commitEligible(inOrder);
    expect(E.toHex(b.root)).toBe(E.toHex(a.root));
    expect(b.entries).toEqual(a.entries);
    expect([...b.counts]).toEqual(expect.arrayContaining([...a.counts]));
    expect(E.toHex(b.root)).toBe(E.toHex(E.merkleRoot(inOrder.map((e) => E.eligibleLeaf(e.stratum, e.id)))));
  });

  it("reports an id listed in two strata exactly as the general path does", () => {
    const sorted = E.commitEligible(rows(60)).entries;
    const dup = sorted.findLast((e) => e.stratum !== sorted[0]!.stratum)!;
    const leaf = (e: E.EligibleEntry) => E.eligibleLeaf(e.stratum, e.id);
    // Strictly ascending leaves, but one id in two strata.
    const withDup = [...sorted, { stratum: sorted[0]!.stratum, id: dup.id }].sort((x, y) =>
      E.compareBytes(leaf(x), leaf(y)),
    );
    const err = errorOf(withDup);
    expect(err).toBe(
      `duplicate-id: entity id ${JSON.stringify(dup.id)} appears more than once in the eligible set (after canonicalisation)`,
    );
    expect(errorOf([...withDup].reverse())).toBe(err);
  });
});
