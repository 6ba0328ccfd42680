import { expect, it } from "vitest";
import {
  ALGORITHM_ID,
  eligibleChunkInclusionProof,
  eligibleInclusionProof,
  verifyAnyEligibleInclusion,
  verifyEligibleChunkInclusion,
  verifyEligibleInclusion,
} from "../../src/draw-engine/index.js";
import { siblingRanges } from "../../src/draws/inclusion.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, parseNdjson, SIGNING_KEY_HEX } from "./helpers.js";

const EDGES = [0, 1, 1023, 1024, 1500, 2047, 2048, 2500, 2599];

describeEachDriver("per-entity inclusion proofs", (get) => {
  it("sortes-draw/v2: the entity's chunk and path equal the engine's, at chunk edges of a 3-chunk set", async () => {
    const fx = await roundFixture(get().db, { entities: 2600 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    const entries = parseNdjson((await call("GET", `/public/rounds/${roundId}/eligible.ndjson`)).text);
    expect(entries.length).toBe(2600);
    for (const index of EDGES) {
      const e = entries[index]!;
      const look = await call("GET", `/public/rounds/${roundId}/entities/${e.id}`);
      expect(look.status).toBe(200);
      expect(look.data.inclusion).toEqual(eligibleChunkInclusionProof(entries, e.id));
      expect(verifyEligibleChunkInclusion(look.data.inclusion)).toBe(true);
      expect(verifyAnyEligibleInclusion(look.data.inclusion)).toBe(true);
      // A chunk with one entry changed no longer hashes onto the committed root.
      const forged = structuredClone(look.data.inclusion);
      const other = forged.chunk.findIndex((x: { id: string }) => x.id !== e.id);
      forged.chunk[other].id = "91350100MA00000000";
      expect(verifyEligibleChunkInclusion(forged)).toBe(false);
    }
    const outsider = await call("GET", `/public/rounds/${roundId}/entities/91000000000000000X`);
    expect(outsider.data).toMatchObject({ eligible: false, drawn: false, inclusion: null });
  });

  it("sortes-draw/v1 rounds (committed on request) still get per-leaf proofs from cached chunk roots", async () => {
    const fx = await roundFixture(get().db, { entities: 2600 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, commitment } = await createCommittedRound(
      call,
      fx.tokens.admin,
      fx.itemCode,
      {},
      ALGORITHM_ID,
    );
    expect(commitment.algorithm).toBe(ALGORITHM_ID);
    const entries = parseNdjson((await call("GET", `/public/rounds/${roundId}/eligible.ndjson`)).text);
    for (const index of EDGES) {
      const e = entries[index]!;
      const look = await call("GET", `/public/rounds/${roundId}/entities/${e.id}`);
      expect(look.status).toBe(200);
      const { leafHash: _h, ...inc } = look.data.inclusion;
      expect(inc).toEqual(eligibleInclusionProof(entries, e.id));
      expect(verifyEligibleInclusion(inc)).toBe(true);
    }
  });

  it("lists sibling ranges that start on multiples of their size's power of two", () => {
    for (const size of [1, 2, 3, 1025, 3000, 4096, 5000]) {
      for (let i = 0; i < size; i += 97) {
        for (const [a, b] of siblingRanges(i, size)) {
          let p = 1;
          while (p < b - a) p *= 2;
          expect(a % p).toBe(0);
        }
      }
    }
  });
});
