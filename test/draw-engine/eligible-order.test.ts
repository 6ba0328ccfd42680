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

describe("sortes-draw/v2: an id in two strata of a large packed set", () => {
  // Enough ids that many share a bit of the check's bitmap, so the candidate path runs.
  const strata = ["个体工商户", "企业-内资", "企业-外资", "农民专业合作社"];
  const base = Array.from({ length: 80_000 }, (_, i) => ({
    stratum: strata[i % 4]!,
    id: `91350000${String(i * 4 + 2).padStart(9, "0")}X`,
  }));
  const codeOf = (input: { stratum: string; id: string }[]): string => {
    try {
      E.packEligibleSet(input);
      return "none";
    } catch (e) {
      return `${(e as E.DrawError).code}: ${(e as Error).message}`;
    }
  };

  it("passes a set without one", () => {
    expect(codeOf(base)).toBe("none");
  });

  it.each([0, 1, 39_999, 79_999])("finds entry %i's id listed again in another stratum", (i) => {
    const e = base[i]!;
    const other = strata[(strata.indexOf(e.stratum) + 1) % 4]!;
    expect(codeOf([...base, { stratum: other, id: e.id }])).toBe(
      `duplicate-id: entity id ${JSON.stringify(e.id)} appears in more than one stratum of the eligible set`,
    );
  });
});
