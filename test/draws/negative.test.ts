import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { drawAndAssign } from "../../src/assignments/draw-and-assign.js";
import { createToken } from "../../src/auth/tokens.js";
import { queryRows } from "../../src/db/rows.js";
import { verifyProof } from "../../src/draw-engine/index.js";
import { testApp, testConfig } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, parseNdjson, revealAll, SIGNING_KEY_HEX } from "./helpers.js";

async function counts(db: Parameters<typeof queryRows>[0], roundId: string) {
  const [r] = await queryRows<{ s: number; a: number; p: number }>(
    db,
    sql`select (select count(*) from round_selected where round_id = ${roundId})::int as s,
               (select count(*) from assignments where round_id = ${roundId})::int as a,
               (select count(*) from round_proofs where round_id = ${roundId})::int as p`,
  );
  return r;
}

describeEachDriver("round negatives", (get) => {
  it("a reveal that does not match its commitment fails the round publicly", async () => {
    const fx = await roundFixture(get().db, { entities: 40 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    const [a, b] = contributors;
    await call("POST", "/contributions/reveal", { json: { credential: a?.credential, nonce: a?.nonce } });
    const wrong = await call("POST", "/contributions/reveal", {
      json: { credential: b?.credential, nonce: "ab".repeat(32) },
    });
    expect(wrong.status).toBe(200);
    expect(wrong.data.status).toBe("failed");
    const pub = await call("GET", `/public/rounds/${roundId}`);
    expect(pub.data.status).toBe("failed");
    expect(pub.data.failure.code).toBe("reveal-mismatch");
    expect(pub.data.failure.reason).toContain(b?.name);
    // No redraw: a failed round can never be drawn.
    const draw = await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
    expect(draw.status).toBe(409);
  });

  it("concurrent triggers make exactly one draw with one result", async () => {
    const fx = await roundFixture(get().db, { entities: 120 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    await revealAll(call, contributors);
    const results = await Promise.all(
      [1, 2, 3].map(() => call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin })),
    );
    for (const r of results) expect(r.status, r.text).toBe(200);
    expect(new Set(results.map((r) => r.data.seed)).size).toBe(1);
    expect(results.filter((r) => r.data.alreadyDrawn === false)).toHaveLength(1);
    const c = await counts(get().db, roundId);
    expect(c?.p).toBe(1);
    const transitions = await call("GET", `/rounds/${roundId}/transitions`, { token: fx.tokens.admin });
    expect(transitions.data.items.map((t: { to: string }) => t.to)).toEqual([
      "draft",
      "committed",
      "revealed",
      "drawn",
    ]);
  });

  it("a crash mid-draw leaves nothing and the retry gives the identical, verifiable result", async () => {
    const fx = await roundFixture(get().db, { entities: 120 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const config = testConfig({ SIGNING_KEY_HEX });
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    await revealAll(call, contributors);
    const input = { departmentId: fx.department.id, roundId, actor: "test" };
    await expect(
      drawAndAssign(get().db, config, input, {
        beforeCommit: async () => {
          throw new Error("simulated crash");
        },
      }),
    ).rejects.toThrow("simulated crash");
    expect(await counts(get().db, roundId)).toEqual({ s: 0, a: 0, p: 0 });
    const pub = await call("GET", `/public/rounds/${roundId}`);
    expect(pub.data.status).toBe("revealed");
    const retry = await drawAndAssign(get().db, config, input);
    expect(retry.status).toBe("drawn");
    const proof = await call("GET", `/public/rounds/${roundId}/proof`);
    const eligible = parseNdjson((await call("GET", `/public/rounds/${roundId}/eligible.ndjson`)).text);
    expect(verifyProof(proof.data, eligible)).toMatchObject({ ok: true });
    expect(proof.data.seed).toBe(retry.seed);
  });

  it("an inspector cannot see or act on another inspector's assignment", async () => {
    const fx = await roundFixture(get().db, { entities: 60, inspectors: 4 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    await revealAll(call, contributors);
    await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
    const [one, two] = fx.inspectors;
    const t1 = await createToken(get().db, {
      departmentId: fx.department.id,
      role: "inspector",
      label: "1",
      inspectorId: one?.id,
    });
    const t2 = await createToken(get().db, {
      departmentId: fx.department.id,
      role: "inspector",
      label: "2",
      inspectorId: two?.id,
    });
    const mine1 = await call("GET", "/me/assignments", { token: t1.token });
    const mine2 = await call("GET", "/me/assignments", { token: t2.token });
    expect(mine1.data.items.length).toBeGreaterThan(0);
    expect(mine1.data.items.every((a: { inspectorId: string }) => a.inspectorId === one?.id)).toBe(true);
    const ids2 = new Set(mine2.data.items.map((a: { id: string }) => a.id));
    for (const a of mine1.data.items) expect(ids2.has(a.id)).toBe(false);
    const foreign = mine1.data.items[0].id;
    expect((await call("POST", `/me/assignments/${foreign}/accept`, { token: t2.token })).status).toBe(404);
    expect(
      (
        await call("POST", `/me/assignments/${foreign}/conflict`, {
          token: t2.token,
          json: { category: "other", statement: "x" },
        })
      ).status,
    ).toBe(404);
    expect((await call("GET", `/rounds/${roundId}/board`, { token: t1.token })).status).toBe(403);
  });

  it("the draw refuses before every contributor has revealed and hides nonces until then", async () => {
    const fx = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    const [first, ...rest] = contributors;
    await call("POST", "/contributions/reveal", {
      json: { credential: first?.credential, nonce: first?.nonce },
    });
    const draw = await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
    expect(draw.status).toBe(409);
    expect(draw.data.detail).toContain(rest[0]?.name);
    for (const path of [`/public/rounds/${roundId}`, "/public/rounds", `/rounds/${roundId}`]) {
      const r = await call("GET", path, { token: fx.tokens.admin });
      expect(r.status).toBe(200);
      for (const c of contributors) expect(r.text).not.toContain(c.nonce);
    }
  });
});
