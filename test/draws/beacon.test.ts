import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import {
  contributorCommitment,
  DRAND_QUICKNET,
  drandRoundTime,
  toHex,
  verifyProof,
} from "../../src/draw-engine/index.js";
import { commitRound } from "../../src/draws/commit.js";
import { BEACON_GRACE_S, runDueRoundTransitions } from "../../src/jobs/rounds.js";
import { testApp, testConfig } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { type Contributor, parseNdjson, revealAll, roundBody, SIGNING_KEY_HEX } from "./helpers.js";

const vectors = JSON.parse(readFileSync("/work/shared/vectors/drand-quicknet.json", "utf8")) as {
  beacons: { round: number; signature: string; randomness: string }[];
};
const beacon = vectors.beacons.at(-1)!;
const emitted = drandRoundTime(DRAND_QUICKNET, beacon.round);

describeEachDriver("rounds with a drand beacon", (get) => {
  /** A round committed (via the domain function, at a past time) before the vector beacon was emitted. */
  async function beaconRound() {
    const fx = await roundFixture(get().db, { entities: 40 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const created = await call("POST", "/rounds", {
      token: fx.tokens.admin,
      json: roundBody(fx.itemCode, { beaconRound: beacon.round }),
    });
    expect(created.status, created.text).toBe(201);
    const roundId = created.data.round.id as string;
    const contributors: Contributor[] = created.data.credentials.map(
      (c: { name: string; credential: string }) => {
        const nonce = randomBytes(32);
        return { ...c, nonce: toHex(nonce), commitment: toHex(contributorCommitment(nonce)) };
      },
    );
    for (const c of contributors)
      await call("POST", "/contributions/commitment", {
        json: { credential: c.credential, commitment: c.commitment },
      });
    await commitRound(
      get().db,
      { departmentId: fx.department.id, roundId, actor: "test" },
      new Date((emitted - 60) * 1000),
    );
    await revealAll(call, contributors);
    return { fx, call, roundId };
  }

  it("waits for the beacon, refuses a tampered one, and the draw with the real one verifies", async () => {
    const { fx, call, roundId } = await beaconRound();
    const admin = fx.tokens.admin;
    const early = await call("POST", `/rounds/${roundId}/draw`, { token: admin });
    expect(early.status).toBe(409);
    expect(early.data.detail).toContain(String(beacon.round));
    const flipped = beacon.signature.slice(0, -1) + (beacon.signature.endsWith("0") ? "1" : "0");
    const bad = await call("POST", `/rounds/${roundId}/beacon`, {
      token: admin,
      json: { ...beacon, signature: flipped },
    });
    expect(bad.status).toBe(422);
    const good = await call("POST", `/rounds/${roundId}/beacon`, { token: admin, json: beacon });
    expect(good.status, good.text).toBe(200);
    const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: admin });
    expect(drawn.status, drawn.text).toBe(200);
    const proof = await call("GET", `/public/rounds/${roundId}/proof`);
    expect(proof.data.beacon).toEqual(beacon);
    const eligible = parseNdjson((await call("GET", `/public/rounds/${roundId}/eligible.ndjson`)).text);
    expect(verifyProof(proof.data, eligible)).toMatchObject({ ok: true });
  });

  it("fails the round publicly when no relay serves the beacon within the grace period", async () => {
    const { fx, call, roundId } = await beaconRound();
    const config = testConfig({ SIGNING_KEY_HEX, DRAND_RELAYS: "http://127.0.0.1:9" });
    const soon = await runDueRoundTransitions(
      get().db,
      config,
      new Date((emitted + 10) * 1000),
      fx.department.id,
    );
    expect(soon.failed).toEqual([]);
    const late = await runDueRoundTransitions(
      get().db,
      config,
      new Date((emitted + BEACON_GRACE_S + 10) * 1000),
      fx.department.id,
    );
    expect(late.failed).toEqual([roundId]);
    const pub = await call("GET", `/public/rounds/${roundId}`);
    expect(pub.data.status).toBe("failed");
    expect(pub.data.failure.code).toBe("beacon-unavailable");
  });
});
