import { expect, it } from "vitest";
import { runDueRoundTransitions } from "../../src/jobs/rounds.js";
import { testApp, testConfig } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, revealAll, SIGNING_KEY_HEX } from "./helpers.js";

const config = testConfig({ SIGNING_KEY_HEX, DRAND_RELAYS: "http://127.0.0.1:9" });
const hours = (h: number) => new Date(Date.now() + h * 3600_000);

describeEachDriver("due round transitions (job runner)", (get) => {
  it("fails a round whose reveal is missing at the deadline, naming who did not reveal", async () => {
    const fx = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    const [a, b, c] = contributors;
    for (const x of [a, b])
      await call("POST", "/contributions/reveal", { json: { credential: x?.credential, nonce: x?.nonce } });
    const early = await runDueRoundTransitions(get().db, config, new Date(), fx.department.id);
    expect(early.failed).toEqual([]);
    const due = await runDueRoundTransitions(get().db, config, hours(2), fx.department.id);
    expect(due.failed).toEqual([roundId]);
    const pub = await call("GET", `/public/rounds/${roundId}`);
    expect(pub.data.status).toBe("failed");
    expect(pub.data.failure).toMatchObject({ code: "reveal-missing" });
    expect(pub.data.failure.reason).toContain(c?.name);
    const late = await call("POST", "/contributions/reveal", {
      json: { credential: c?.credential, nonce: c?.nonce },
    });
    expect(late.status).toBe(409);
  });

  it("draws a revealed round when its draw time comes, once, then starts the inspection window", async () => {
    const fx = await roundFixture(get().db, { entities: 50 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode, {
      drawAt: hours(1).toISOString(),
    });
    await revealAll(call, contributors);
    expect((await runDueRoundTransitions(get().db, config, new Date(), fx.department.id)).drawn).toEqual([]);
    const [r1, r2] = await Promise.all([
      runDueRoundTransitions(get().db, config, hours(1.5), fx.department.id),
      runDueRoundTransitions(get().db, config, hours(1.5), fx.department.id),
    ]);
    expect([...(r1?.drawn ?? []), ...(r2?.drawn ?? [])]).toEqual([roundId]);
    const t = await call("GET", `/rounds/${roundId}/transitions`, { token: fx.tokens.admin });
    const tos = t.data.items.map((x: { to: string }) => x.to);
    // The window (July 2026) has started by then, so the same or the next pass starts it.
    await runDueRoundTransitions(get().db, config, hours(1.5), fx.department.id);
    const after = await call("GET", `/public/rounds/${roundId}`);
    expect(after.data.status).toBe("in_progress");
    expect(tos.filter((x: string) => x === "drawn")).toHaveLength(1);
  });
});
