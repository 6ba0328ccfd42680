/**
 * The chunked JCS writer at the sizes the service really uses: documents of several MB cut
 * at the stored proof part size (PROOF_PART_CHARS) and the generator's default, plus a real
 * signed 40 000-entity proof bundle. A writer that dropped the text it flushed inside a
 * member array (issue #11: every proof above ~64 KiB was stored corrupted) fails here.
 */
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import * as E from "../../src/draw-engine/index.js";
import { PROOF_PART_CHARS } from "../../src/draws/proofs.js";
import { buildRoundFixture } from "../browser/round-fixture.js";

const SIZES = [PROOF_PART_CHARS, 1 << 20, 1 << 16, 4093];

function chunks(v: unknown, size: number): string[] {
  return [...E.jcsTextChunks(v, size)];
}

/** Every piece but the last is at least `size` long; together they are exactly jcs(v). */
function expectWholeText(v: unknown, size: number, whole: string) {
  const pieces = chunks(v, size);
  expect(pieces.join("")).toBe(whole);
  for (const p of pieces.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(size);
}

const alphabet = ["a", "é", "企业", "😀", '"', "\\", "\n", "\u2028", "9"];

/**
 * Proof-shaped random JSON of several MB: arrays on both sides of the 256-member line the
 * generator walks by, members whose own text is far above 64 KiB, long strings, objects with
 * many keys.
 */
function randomDocument(seed: string): unknown {
  const r = seedrandom(seed);
  const ri = (k: number) => Math.floor(r() * k);
  // Random short pieces repeated: cheap to build, still every kind of character JCS escapes.
  const text = (n: number) => {
    const piece = Array.from({ length: 1 + ri(24) }, () => alphabet[ri(alphabet.length)]).join("");
    return piece
      .repeat(Math.ceil(n / piece.length))
      .slice(0, n)
      .replace(/[\ud800-\udbff]$/, "x");
  };
  const team = (i: number) => ({
    entityId: `91350100${String(i).padStart(9, "0")}${ri(10)}`,
    members: Array.from({ length: 2 + ri(3) }, (_, m) => `INS-${ri(5000)}-${m}`),
    note: ri(20) === 0 ? text(ri(30_000)) : null,
    rank: i + 1,
  });
  const smallArrayOfBigMembers = Array.from({ length: 1 + ri(250) }, (_, i) => ({
    stratum: text(3),
    selected: Array.from({ length: 200 + ri(56) }, (_, j) => team(i * 256 + j)),
  }));
  const manyKeys: Record<string, unknown> = {};
  for (let i = ri(400); i > 0; i--) manyKeys[`${text(4)}${i}`] = ri(3) === 0 ? text(ri(2000)) : i;
  return {
    algorithm: "sortes-draw/v2",
    selections: smallArrayOfBigMembers,
    teams: Array.from({ length: 300 + ri(4000) }, (_, i) => team(i)),
    blob: text(100_000 + ri(200_000)),
    manyKeys,
    nested: [[Array.from({ length: 250 }, () => text(600))]],
  };
}

describe("chunked JCS at production sizes", () => {
  it("several-MB documents: pieces at the stored part size and the default concatenate to jcs()", () => {
    let largest = 0;
    for (let n = 0; n < 3; n++) {
      const v = randomDocument(`jcs-chunks-${n}`);
      const whole = E.jcs(v);
      largest = Math.max(largest, whole.length);
      for (const size of SIZES) expectWholeText(v, size, whole);
    }
    expect(largest).toBeGreaterThan(2_000_000);
  }, 300_000);

  it("a real signed 80 000-entity proof bundle (> 1 MB) is stored whole and verifies from the stored text", () => {
    const { proof, eligible } = buildRoundFixture(80_000);
    const whole = E.jcs(proof);
    expect(whole.length).toBeGreaterThan(1_000_000);
    for (const size of SIZES) expectWholeText(proof, size, whole);
    // The text a reader reassembles from the stored parts is the signed bundle itself.
    const reread = JSON.parse(chunks(proof, PROOF_PART_CHARS).join("")) as E.ProofBundle;
    const outcome = E.verifyProof(reread, eligible);
    expect(outcome).toMatchObject({ ok: true });
  }, 300_000);
});
