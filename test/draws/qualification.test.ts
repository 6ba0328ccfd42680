import { expect, it } from "vitest";
import { verifyProof } from "../../src/draw-engine/index.js";
import { ANY_CERTIFIED } from "../../src/draws/commit.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, parseNdjson, revealAll, SIGNING_KEY_HEX } from "./helpers.js";

describeEachDriver("inspector pool by qualification", (get) => {
  it("an item without a required qualification draws from every certified inspector", async () => {
    const fx = await roundFixture(get().db, { entities: 40, inspectors: 3, qualification: null });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors, commitment } = await createCommittedRound(
      call,
      fx.tokens.admin,
      fx.itemCode,
    );
    expect(commitment.teams.qualification).toBe(ANY_CERTIFIED);
    expect(commitment.inspectors.count).toBe(3);
    await revealAll(call, contributors);
    expect((await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin })).status).toBe(200);
    const proof = await call("GET", `/public/rounds/${roundId}/proof`);
    expect(proof.data.infeasible).toEqual([]);
    expect(proof.data.finalTeams.length).toBeGreaterThan(0);
    const eligible = parseNdjson((await call("GET", `/public/rounds/${roundId}/eligible.ndjson`)).text);
    expect(verifyProof(proof.data, eligible)).toMatchObject({ ok: true });
  });

  it("an unqualified pool is reported as infeasible by name, never staffed with a smaller team", async () => {
    const fx = await roundFixture(get().db, { entities: 20, inspectors: 1 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    await revealAll(call, contributors);
    const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
    expect(drawn.data.teams).toBe(0);
    const proof = await call("GET", `/public/rounds/${roundId}/proof`);
    const selected = proof.data.selections.flatMap((s: { selected: { id: string }[] }) =>
      s.selected.map((x) => x.id),
    );
    expect(proof.data.infeasible.map((x: { entityId: string }) => x.entityId).sort()).toEqual(
      selected.sort(),
    );
    const board = await call("GET", `/rounds/${roundId}/board`, { token: fx.tokens.admin });
    expect(board.data.items).toEqual([]);
  });
});
