import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { queryRows } from "../../src/db/rows.js";
import {
  ALGORITHM_ID,
  ALGORITHM_V2,
  ed25519PublicKey,
  fromHex,
  toHex,
  verifyAnyEligibleInclusion,
  verifyProof,
} from "../../src/draw-engine/index.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, parseNdjson, revealAll, SIGNING_KEY_HEX } from "./helpers.js";

describeEachDriver("round flow: commit → reveal → draw → verify → substitution", (get) => {
  // New rounds use sortes-draw/v2; v1 rounds (committed on request, or from before v2) keep working.
  it.each([ALGORITHM_V2, ALGORITHM_ID])(
    "%s: produces a proof that the engine verifies against the public eligible set",
    async (algorithm) => {
      const fx = await roundFixture(get().db, { entities: 300, inspectors: 6 });
      const { call } = testApp(get(), { SIGNING_KEY_HEX });
      const admin = fx.tokens.admin;
      const { roundId, contributors, commitment } = await createCommittedRound(
        call,
        admin,
        fx.itemCode,
        {},
        algorithm === ALGORITHM_V2 ? undefined : algorithm,
      );
      expect(commitment.algorithm).toBe(algorithm);

      const before = await call("GET", `/public/rounds/${roundId}`);
      expect(before.status).toBe(200);
      expect(before.data.status).toBe("committed");
      expect(before.data.contributors.every((c: { nonce: string | null }) => c.nonce === null)).toBe(true);
      for (const c of contributors) expect(before.text).not.toContain(c.nonce);

      const early = await call("POST", `/rounds/${roundId}/draw`, { token: admin });
      expect(early.status).toBe(409);

      const last = await revealAll(call, contributors);
      expect(last?.data.status).toBe("revealed");

      const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: admin });
      expect(drawn.status, drawn.text).toBe(200);
      expect(drawn.data.status).toBe("drawn");

      const proof = await call("GET", `/public/rounds/${roundId}/proof`);
      const eligible = await call("GET", `/public/rounds/${roundId}/eligible.ndjson`);
      expect(eligible.headers.get("content-type")).toContain("ndjson");
      const entries = parseNdjson(eligible.text);
      expect(entries.length).toBe(
        proof.data.commitment.eligible.strata.reduce((n: number, s: { count: number }) => n + s.count, 0),
      );
      const pub = toHex(ed25519PublicKey(fromHex(SIGNING_KEY_HEX)));
      const verdict = verifyProof(proof.data, entries, { expectedPublicKey: pub });
      expect(verdict).toMatchObject({ ok: true });

      const csv = await call("GET", `/public/rounds/${roundId}/eligible.csv`);
      const csvRows = csv.text
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => {
          const [stratum, id] = l.split(",");
          return { stratum: stratum as string, id: id as string };
        });
      expect(csvRows).toEqual(entries);

      // Per-entity lookup: the drawn entity's ticket and a valid inclusion proof.
      const first = proof.data.selections.find((s: { selected: unknown[] }) => s.selected.length > 0);
      const pick = first.selected[0];
      const look = await call("GET", `/public/rounds/${roundId}/entities/${pick.id}`);
      expect(look.status).toBe(200);
      expect(look.data).toMatchObject({
        drawn: true,
        ticket: pick.ticket,
        eligible: true,
        stratum: first.stratum,
      });
      expect(verifyAnyEligibleInclusion(look.data.inclusion)).toBe(true);
      expect(look.data.inclusion.root).toBe(proof.data.commitment.eligible.root);

      // The inspector on the first team sees the assignment, and only their own.
      const team = proof.data.finalTeams[0];
      const inspectorId = team.members[0] as string;
      const tok = await createToken(get().db, {
        departmentId: fx.department.id,
        role: "inspector",
        label: "t",
        inspectorId,
      });
      const mine = await call("GET", "/me/assignments", { token: tok.token });
      expect(mine.status).toBe(200);
      expect(mine.data.items.length).toBeGreaterThan(0);
      expect(mine.data.items.every((a: { inspectorId: string }) => a.inspectorId === inspectorId)).toBe(true);
      const a = mine.data.items.find((x: { entityId: string }) => x.entityId === team.entityId);

      // Declaring a conflict substitutes verifiably.
      const sub = await call("POST", `/me/assignments/${a.id}/conflict`, {
        token: tok.token,
        json: { category: "spouse", statement: "配偶为该企业股东" },
      });
      expect(sub.status, sub.text).toBe(200);
      expect(sub.data.substitute).not.toBeNull();
      expect(sub.data.substitute).not.toBe(inspectorId);
      const proof2 = await call("GET", `/public/rounds/${roundId}/proof`);
      expect(proof2.headers.get("x-proof-version")).toBe("2");
      expect(proof2.data.substitutions).toHaveLength(1);
      expect(verifyProof(proof2.data, entries, { expectedPublicKey: pub })).toMatchObject({ ok: true });
      const finalTeam = proof2.data.finalTeams.find(
        (t: { entityId: string }) => t.entityId === team.entityId,
      );
      expect(finalTeam.members).toContain(sub.data.substitute);
      expect(finalTeam.members).not.toContain(inspectorId);

      // Commitment, reveals and both proof versions are in the department's ledger.
      const kinds = await queryRows<{ kind: string }>(
        get().db,
        sql`select kind from ledger_entries where artefact_id = ${roundId} order by idx`,
      );
      expect(kinds.map((k) => k.kind)).toEqual([
        "round.commitment",
        "round.revealed",
        "round.proof",
        "round.proof",
      ]);
    },
  );
});
