/**
 * Reveals are atomic: of two concurrent reveals of one credential exactly one wins, a wrong
 * nonce never overwrites a right one, and an identical reveal repeated is idempotent.
 * On PostgreSQL the suite's pool has 4 connections, so the requests really run in parallel.
 */

import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "../../src/db/rows.js";
import { contributorCommitment, toHex } from "../../src/draw-engine/index.js";
import { submitReveal } from "../../src/draws/contributors.js";
import { runDueRoundTransitions } from "../../src/jobs/rounds.js";
import { testApp, testConfig } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { type Contributor, createCommittedRound, revealAll, roundBody, SIGNING_KEY_HEX } from "./helpers.js";

const PAIRS = 20;
const WRONG = "ab".repeat(32);
const NAMES = Array.from({ length: 20 }, (_, i) => `贡献者${i + 1}`);

describeEachDriver("atomic reveals", (get) => {
  const reveal = (call: ReturnType<typeof testApp>["call"], c: Contributor, nonce: string) =>
    call("POST", "/contributions/reveal", { json: { credential: c.credential, nonce } });

  async function storedNonce(roundId: string, name: string) {
    const [r] = await queryRows<{ nonce: string | null }>(
      get().db,
      sql`select nonce from round_contributors where round_id = ${roundId} and name = ${name}`,
    );
    return r?.nonce ?? null;
  }

  it(`a right and a wrong reveal of one credential, fired together ${PAIRS} times: exactly one wins, and it stays`, async () => {
    const fx = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    let round: Awaited<ReturnType<typeof createCommittedRound>> | null = null;
    let next = 0;
    const outcomes = { right: 0, wrong: 0 };
    for (let pair = 0; pair < PAIRS; pair++) {
      // A wrong reveal that wins fails its round, and the last contributor's right reveal
      // ends the reveal phase: then continue on a fresh round.
      if (!round || next >= NAMES.length - 1) {
        round = await createCommittedRound(call, fx.tokens.admin, fx.itemCode, { contributors: NAMES });
        next = 0;
      }
      const c = round.contributors[next++] as Contributor;
      // Alternate which request is sent first.
      const sent = pair % 2 === 0 ? [c.nonce, WRONG] : [WRONG, c.nonce];
      const answers = await Promise.all(sent.map((nonce) => reveal(call, c, nonce)));
      const right = answers[sent.indexOf(c.nonce)]!;
      const wrong = answers[sent.indexOf(WRONG)]!;
      const statuses = [right.status, wrong.status].sort();
      expect(statuses, `${right.text} / ${wrong.text}`).toEqual([200, 409]);
      const stored = await storedNonce(round.roundId, c.name);
      const pub = await call("GET", `/public/rounds/${round.roundId}`);
      if (right.status === 200) {
        outcomes.right++;
        expect(stored).toBe(c.nonce);
        expect(pub.data.status).toBe("committed");
        expect(right.data.status).toBe("committed");
        expect(wrong.data.detail).toMatch(/already revealed a different nonce/);
      } else {
        outcomes.wrong++;
        expect(stored).toBe(WRONG);
        expect(pub.data.status).toBe("failed");
        expect(pub.data.failure.code).toBe("reveal-mismatch");
        expect(wrong.data.status).toBe("failed");
        expect(right.data.detail).toMatch(/already revealed a different nonce/);
        round = null;
      }
    }
    expect(outcomes.right + outcomes.wrong).toBe(PAIRS);
  });

  it("a right reveal that won is kept: the others reveal and the round draws", async () => {
    const fx = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    const [a, ...rest] = contributors as [Contributor, ...Contributor[]];
    // The right nonce first on the wire, then a wrong one racing it.
    const [right, wrong] = await Promise.all([reveal(call, a, a.nonce), reveal(call, a, WRONG)]);
    if (right.status === 200) {
      expect(wrong.status, wrong.text).toBe(409);
      await revealAll(call, rest);
      const draw = await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
      expect(draw.status, draw.text).toBe(200);
      expect(draw.data.status).toBe("drawn");
    } else {
      expect(right.status, right.text).toBe(409);
      expect(wrong.data.status).toBe("failed");
    }
  });

  it("an identical reveal repeated, sequentially or concurrently, answers 200 with the same answer", async () => {
    const fx = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    const [a, b, c] = contributors as [Contributor, Contributor, Contributor];
    const first = await reveal(call, a, a.nonce);
    expect(first.status, first.text).toBe(200);
    const again = await reveal(call, a, a.nonce.toUpperCase());
    expect(again.status, again.text).toBe(200);
    expect(again.data).toEqual(first.data);
    // Concurrent identical reveals: all 200, one answer.
    const burst = await Promise.all([1, 2, 3, 4].map(() => reveal(call, b, b.nonce)));
    for (const r of burst) expect(r.status, r.text).toBe(200);
    expect(new Set(burst.map((r) => JSON.stringify(r.data))).size).toBe(1);
    // The last reveal moves the round to revealed; repeating it answers the same.
    const last = await reveal(call, c, c.nonce);
    expect(last.data).toEqual({ roundId, status: "revealed" });
    expect((await reveal(call, c, c.nonce)).data).toEqual(last.data);
    // A different nonce after a successful reveal: 409, and nothing changes.
    const changed = await reveal(call, a, WRONG);
    expect(changed.status, changed.text).toBe(409);
    expect(changed.data.detail).toMatch(/already revealed a different nonce/);
    expect(await storedNonce(roundId, a.name)).toBe(a.nonce);
    expect((await call("GET", `/public/rounds/${roundId}`)).data.status).toBe("revealed");
  });

  it("a wrong reveal repeated answers the same failure, not a conflict", async () => {
    const fx = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    const [a] = contributors as [Contributor];
    const first = await reveal(call, a, WRONG);
    expect(first.status, first.text).toBe(200);
    expect(first.data.status).toBe("failed");
    const again = await reveal(call, a, WRONG);
    expect(again.status, again.text).toBe(200);
    expect(again.data).toEqual(first.data);
  });

  it("a reveal in the deadline's own second is on time: the job does not fail the round before it", async () => {
    const fx = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const deadline = new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000);
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode, {
      revealDeadline: deadline.toISOString(),
    });
    const [a, b, c] = contributors as [Contributor, Contributor, Contributor];
    await revealAll(call, [a, b]);
    const config = testConfig({ SIGNING_KEY_HEX });
    const lastMs = new Date(deadline.getTime() + 999);
    const job = await runDueRoundTransitions(get().db, config, lastMs, fx.department.id);
    expect(job.failed).toEqual([]);
    const late = await submitReveal(get().db, { credential: c.credential, nonce: c.nonce }, lastMs);
    expect(late).toEqual({ roundId, status: "revealed" });
  });

  it("a reveal missing one second after the deadline fails the round", async () => {
    const fx = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const deadline = new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000);
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode, {
      revealDeadline: deadline.toISOString(),
    });
    await revealAll(call, contributors.slice(0, 2));
    const config = testConfig({ SIGNING_KEY_HEX });
    const job = await runDueRoundTransitions(
      get().db,
      config,
      new Date(deadline.getTime() + 1000),
      fx.department.id,
    );
    expect(job.failed).toEqual([roundId]);
  });

  it("commitments too: of two different ones sent together one is kept, the same one again answers 200", async () => {
    const fx = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const created = await call("POST", "/rounds", { token: fx.tokens.admin, json: roundBody(fx.itemCode) });
    expect(created.status, created.text).toBe(201);
    const roundId = created.data.round.id as string;
    const commit = (credential: string, commitment: string) =>
      call("POST", "/contributions/commitment", { json: { credential, commitment } });
    for (const { name, credential } of created.data.credentials as { name: string; credential: string }[]) {
      const options = [0, 1].map(() => toHex(contributorCommitment(randomBytes(32))));
      const answers = await Promise.all(options.map((o) => commit(credential, o)));
      expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join(" / ")).toEqual([200, 409]);
      const winner = options[answers.findIndex((a) => a.status === 200)]!;
      const [row] = await queryRows<{ commitment: string }>(
        get().db,
        sql`select commitment from round_contributors where round_id = ${roundId} and name = ${name}`,
      );
      expect(row?.commitment).toBe(winner);
      const again = await commit(credential, winner);
      expect(again.status, again.text).toBe(200);
      expect(again.data).toEqual({ roundId, name, commitment: winner });
    }
  });
});
