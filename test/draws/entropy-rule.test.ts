/**
 * No single party can fix the draw (docs/draw-spec.md §8.5): a round is created and committed
 * only with ≥ 2 independent contributors, or a drand beacon fixed in advance plus ≥ 1 contributor.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/rows.js";
import {
  contributorCommitment,
  DRAND_QUICKNET,
  entropyRuleViolation,
  toHex,
} from "../../src/draw-engine/index.js";
import { runDueRoundTransitions } from "../../src/jobs/rounds.js";
import { testApp, testConfig } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, revealAll, roundBody, SIGNING_KEY_HEX } from "./helpers.js";

/** A quicknet round emitted about a day from now: fixed in advance, unknown at commit. */
function futureBeaconRound(): number {
  const { genesisTime, period } = DRAND_QUICKNET;
  return Math.floor((Date.now() / 1000 + 86_400 - genesisTime) / period) + 1;
}

const commitmentOf = () => toHex(contributorCommitment(randomBytes(32)));

describe("entropyRuleViolation", () => {
  const c = (name: string, commitment: string | null = null) => ({ name, commitment });
  const beacon = { network: "drand", round: 1 };

  it("accepts two contributors, or a beacon plus one contributor", () => {
    expect(entropyRuleViolation({ contributors: [c("a"), c("b")], beacon: null })).toBeNull();
    expect(
      entropyRuleViolation({
        contributors: [c("a", "11".repeat(32)), c("b", "22".repeat(32))],
        beacon: null,
      }),
    ).toBeNull();
    expect(entropyRuleViolation({ contributors: [c("a")], beacon })).toBeNull();
  });

  it("refuses one contributor alone, a beacon alone, nothing, and equal commitments, in plain words", () => {
    expect(entropyRuleViolation({ contributors: [c("局")], beacon: null })).toMatch(
      /single contributor \("局"\) and no beacon.*add a second, independent contributor.*or plan a drand beacon round/,
    );
    expect(entropyRuleViolation({ contributors: [], beacon })).toMatch(
      /drand beacon alone.*add at least one contributor/,
    );
    expect(entropyRuleViolation({ contributors: [], beacon: null })).toMatch(/no contributor and no beacon/);
    const same = "ab".repeat(32);
    expect(
      entropyRuleViolation({ contributors: [c("a", same), c("b", same.toUpperCase())], beacon }),
    ).toMatch(/"a" and "b" sent the same commitment/);
  });
});

describeEachDriver("entropy rule: no single party", (get) => {
  async function setup() {
    const fx = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    return { fx, call, admin: fx.tokens.admin };
  }

  async function eligibleRows(roundId: string) {
    const [r] = await queryRows<{ n: number }>(
      get().db,
      sql`select count(*)::int as n from round_eligible where round_id = ${roundId}`,
    );
    return r?.n;
  }

  it("refuses to create a round with one contributor and no beacon, saying what to add", async () => {
    const { fx, call, admin } = await setup();
    const r = await call("POST", "/rounds", {
      token: admin,
      json: roundBody(fx.itemCode, { contributors: ["市场监督管理局"] }),
    });
    expect(r.status, r.text).toBe(422);
    expect(r.headers.get("content-type")).toContain("application/problem+json");
    expect(r.data.code).toBe("entropy-single-party");
    expect(r.data.detail).toMatch(/add a second, independent contributor/);
    expect(r.data.detail).toMatch(/beacon/);
    const list = await call("GET", "/rounds", { token: admin });
    expect(list.data.items).toHaveLength(0);
  });

  it("refuses a beacon alone (no contributor) at creation", async () => {
    const { fx, call, admin } = await setup();
    const r = await call("POST", "/rounds", {
      token: admin,
      json: roundBody(fx.itemCode, { contributors: [], beaconRound: futureBeaconRound() }),
    });
    expect(r.status, r.text).toBe(422);
    expect(r.data.code).toBe("entropy-single-party");
  });

  it("refuses to commit a one-contributor draft left from before the rule; the round stays a draft", async () => {
    const { fx, call, admin } = await setup();
    const created = await call("POST", "/rounds", {
      token: admin,
      json: roundBody(fx.itemCode, { contributors: ["市场监督管理局", "公证处"] }),
    });
    expect(created.status, created.text).toBe(201);
    const roundId = created.data.round.id as string;
    const [own] = created.data.credentials as { credential: string }[];
    // Drafts created by earlier versions could have a single contributor: make one.
    await get().db.execute(
      sql`delete from round_contributors where round_id = ${roundId} and name = ${"公证处"}`,
    );
    const c = await call("POST", "/contributions/commitment", {
      json: { credential: own?.credential, commitment: commitmentOf() },
    });
    expect(c.status, c.text).toBe(200);
    const commit = await call("POST", `/rounds/${roundId}/commit`, { token: admin });
    expect(commit.status, commit.text).toBe(422);
    expect(commit.data.code).toBe("entropy-single-party");
    expect(commit.data.detail).toContain("市场监督管理局");
    const round = await call("GET", `/rounds/${roundId}`, { token: admin });
    expect(round.data.status).toBe("draft");
    expect(round.data.commitment).toBeNull();
    expect(await eligibleRows(roundId)).toBe(0);
  });

  it("refuses to commit when two contributors sent the same commitment (one party holds both)", async () => {
    const { fx, call, admin } = await setup();
    const created = await call("POST", "/rounds", {
      token: admin,
      json: roundBody(fx.itemCode, { contributors: ["市场监督管理局", "公证处"] }),
    });
    expect(created.status, created.text).toBe(201);
    const roundId = created.data.round.id as string;
    const same = commitmentOf();
    for (const cr of created.data.credentials as { credential: string }[]) {
      const r = await call("POST", "/contributions/commitment", {
        json: { credential: cr.credential, commitment: same },
      });
      expect(r.status, r.text).toBe(200);
    }
    const commit = await call("POST", `/rounds/${roundId}/commit`, { token: admin });
    expect(commit.status, commit.text).toBe(422);
    expect(commit.data.code).toBe("entropy-single-party");
    expect(commit.data.detail).toMatch(/same commitment/);
    expect((await call("GET", `/rounds/${roundId}`, { token: admin })).data.status).toBe("draft");
    expect(await eligibleRows(roundId)).toBe(0);
  });

  it("a round committed with one party before the rule fails publicly when its draw comes, undrawn", async () => {
    const { fx, call, admin } = await setup();
    const drawAt = new Date(Date.now() + 600_000);
    const { roundId, contributors, commitment } = await createCommittedRound(call, admin, fx.itemCode, {
      contributors: ["市场监督管理局", "公证处"],
      drawAt: drawAt.toISOString(),
    });
    // What an earlier version could have committed: the published plan names one contributor.
    const legacy = {
      ...commitment,
      entropy: { ...commitment.entropy, contributors: commitment.entropy.contributors.slice(0, 1) },
    };
    await get().db.execute(
      sql`update rounds set commitment = ${JSON.stringify(legacy)} where id = ${roundId}`,
    );
    await revealAll(call, contributors);
    const config = testConfig({ SIGNING_KEY_HEX });
    const due = await runDueRoundTransitions(
      get().db,
      config,
      new Date(drawAt.getTime() + 60_000),
      fx.department.id,
    );
    expect(due.failed).toEqual([roundId]);
    expect(due.drawn).toEqual([]);
    const pub = await call("GET", `/public/rounds/${roundId}`);
    expect(pub.data.status).toBe("failed");
    expect(pub.data.failure.code).toBe("entropy-single-party");
    expect(pub.data.failure.reason).toMatch(/single contributor \("市场监督管理局"\)/);
    const [rows] = await queryRows<{ s: number; p: number }>(
      get().db,
      sql`select (select count(*) from round_selected where round_id = ${roundId})::int as s,
                 (select count(*) from round_proofs where round_id = ${roundId})::int as p`,
    );
    expect(rows).toEqual({ s: 0, p: 0 });
  });

  it("commits with two independent contributors", async () => {
    const { fx, call, admin } = await setup();
    const { commitment } = await createCommittedRound(call, admin, fx.itemCode, {
      contributors: ["市场监督管理局", "公证处"],
    });
    expect(commitment.entropy.contributors).toHaveLength(2);
    expect(commitment.entropy.beacon).toBeNull();
  });

  it("commits with a beacon fixed in advance plus one contributor", async () => {
    const { fx, call, admin } = await setup();
    const beaconRound = futureBeaconRound();
    const { commitment } = await createCommittedRound(call, admin, fx.itemCode, {
      contributors: ["市场监督管理局"],
      beaconRound,
    });
    expect(commitment.entropy.contributors).toHaveLength(1);
    expect(commitment.entropy.beacon.round).toBe(beaconRound);
  });
});
