/**
 * A committed round's eligible rows live in a partition of their own (migration 0029,
 * src/db/round-partitions.ts), indexed like the parent; a commit that fails mid-transaction
 * leaves no partition (and no row) behind.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { roundPartitionName } from "../../src/db/round-partitions.js";
import { queryRows } from "../../src/db/rows.js";
import type { Db } from "../../src/db/types.js";
import { contributorCommitment, toHex, verifyProof } from "../../src/draw-engine/index.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, parseNdjson, revealAll, SIGNING_KEY_HEX } from "./helpers.js";

/** The partitions of `parent` named after the round (attached), and whether such a table exists at all. */
async function partitionOf(db: Db, roundId: string) {
  const name = roundPartitionName("round_eligible", roundId);
  const attached = await queryRows<{ relname: string; bound: string }>(
    db,
    sql`select c.relname, pg_get_expr(c.relpartbound, c.oid) as bound
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'round_eligible'::regclass and c.relname = ${name}`,
  );
  const exists = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pg_class where relname = ${name}`,
  );
  return { attached: attached[0] ?? null, exists: Number(exists[0]?.n) > 0, name };
}

/** Rows of the round in the partitioned table, and how many of them sit in its own partition. */
async function rowsWhere(db: Db, roundId: string) {
  const [r] = await queryRows<{ total: number; own: number }>(
    db,
    sql`select count(*)::int as total,
               count(*) filter (where tableoid::regclass::text = ${roundPartitionName("round_eligible", roundId)})::int as own
        from round_eligible where round_id = ${roundId}`,
  );
  return r;
}

describeEachDriver("per-round partitions", (get) => {
  it("the eligible set is the committed round's own partition, indexed like the parent, and draws from it", async () => {
    const db = get().db;
    const fx = await roundFixture(db, { entities: 80 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors, commitment } = await createCommittedRound(
      call,
      fx.tokens.admin,
      fx.itemCode,
    );
    const eligible = await partitionOf(db, roundId);
    expect(eligible.attached).toEqual({ relname: eligible.name, bound: `FOR VALUES IN ('${roundId}')` });
    const size = commitment.eligible.strata.reduce((n: number, s: { count: number }) => n + s.count, 0);
    expect(size).toBeGreaterThan(0);
    expect(await rowsWhere(db, roundId)).toEqual({ total: size, own: size });
    // Indexed after the load as the parent is: both unique constraints, no leftover bound check.
    const keys = await queryRows<{ conname: string; contype: string }>(
      db,
      sql`select conname, contype from pg_constraint where conrelid = ${eligible.name}::regclass and contype in ('p', 'u', 'c', 'f') order by conname`,
    );
    expect(keys.map((k) => k.contype).sort(), JSON.stringify(keys)).toEqual(["p", "u"]);
    // Nothing of this round in the DEFAULT partition.
    const [dflt] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from round_eligible_default where round_id = ${roundId}`,
    );
    expect(dflt?.n).toBe(0);
    await revealAll(call, contributors);
    const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
    expect(drawn.status, drawn.text).toBe(200);
    expect(drawn.data.selected).toBeGreaterThan(0);
    // The draw and the public surfaces read through the parent: the proof verifies against the list.
    const proof = await call("GET", `/public/rounds/${roundId}/proof`);
    const list = parseNdjson((await call("GET", `/public/rounds/${roundId}/eligible.ndjson`)).text);
    expect(verifyProof(proof.data, list)).toMatchObject({ ok: true });
  });

  it("a commit that fails after the eligible set is written leaves no partition behind", async () => {
    const db = get().db;
    // A non-canonical id is refused once the set is written and attached (root computation).
    const fx = await roundFixture(db, {
      entities: 40,
      beforeFreeze: async (d, departmentId, codes) => {
        await d.execute(
          sql`update entities set credit_code = lower(credit_code) where department_id = ${departmentId} and credit_code = ${codes[0]}`,
        );
      },
    });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const created = await call("POST", "/rounds", {
      token: fx.tokens.admin,
      json: {
        title: "失败的提交",
        planYear: 2026,
        itemCode: fx.itemCode,
        teamSize: 2,
        windowFrom: "2026-07-01",
        windowUntil: "2026-08-31",
        revealDeadline: new Date(Date.now() + 3600_000).toISOString(),
        contributors: ["市场监督管理局", "公证处"],
      },
    });
    expect(created.status, created.text).toBe(201);
    const roundId = created.data.round.id as string;
    for (const c of created.data.credentials as { credential: string }[]) {
      const commitment = toHex(contributorCommitment(randomBytes(32)));
      const r = await call("POST", "/contributions/commitment", {
        json: { credential: c.credential, commitment },
      });
      expect(r.status, r.text).toBe(200);
    }
    const commit = await call("POST", `/rounds/${roundId}/commit`, { token: fx.tokens.admin });
    expect(commit.status, commit.text).toBe(422);
    expect(commit.text).toContain("canonical form");
    const eligible = await partitionOf(db, roundId);
    expect(eligible).toMatchObject({ attached: null, exists: false });
    expect(await rowsWhere(db, roundId)).toEqual({ total: 0, own: 0 });
  });
});
