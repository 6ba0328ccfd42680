import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, SIGNING_KEY_HEX } from "./helpers.js";

describeEachDriver("round rows are never deleted", (get) => {
  // round_selected and assignments carry no per-row foreign key (migration 0015): the draw
  // writes them under the round's row lock, and the database refuses to delete a round.
  it("DELETE on rounds is refused, whoever connects", async () => {
    const fx = await roundFixture(get().db, { entities: 50 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    const err = await get()
      .db.execute(sql`delete from rounds where id = ${roundId}`)
      .then(
        () => null,
        (e: Error & { cause?: Error }) => e,
      );
    // drizzle wraps the database error; the refusal is its cause.
    expect(err?.cause?.message ?? err?.message).toMatch(/rounds are never deleted/);
    const still = await call("GET", `/public/rounds/${roundId}`);
    expect(still.status).toBe(200);
  });
});
