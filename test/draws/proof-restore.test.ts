/**
 * Re-storing a corrupted proof (issue #11, item 1): the stored text of a drawn round is
 * truncated in the parts table (as the broken chunk writer left real rounds), the admin
 * route rebuilds the bundle from the persisted draw into a new version whose bytes equal
 * the correct store, the old version stays readable as it was, the ledger says why, and
 * the public proof passes `sortes verify` again.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { assignments } from "../../src/assignments/schema.js";
import { queryRows } from "../../src/db/rows.js";
import { proofText } from "../../src/draws/proofs.js";
import { ledgerEntries } from "../../src/ledger/schema.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment, newInspectorToken } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, revealAll, SIGNING_KEY_HEX } from "./helpers.js";

const CLI = join(import.meta.dirname, "../../bin/sortes.mjs");
const REASON = "stored with the chunk writer that dropped text (issue #11)";

describeEachDriver("re-storing a corrupted proof", (get) => {
  let eligible: string;
  const dir = mkdtempSync(join(tmpdir(), "sortes-restore-"));

  /** A drawn round of its own department, with its eligible set saved for the verifier. */
  async function drawnRound(algorithm?: string) {
    const fx = await roundFixture(get().db, { entities: 600, inspectors: 8 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const { roundId, contributors } = await createCommittedRound(
      call,
      fx.tokens.admin,
      fx.itemCode,
      {},
      algorithm,
    );
    await revealAll(call, contributors);
    const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
    expect(drawn.status, drawn.text).toBe(200);
    eligible = join(dir, `${roundId}.ndjson`);
    writeFileSync(eligible, (await call("GET", `/public/rounds/${roundId}/eligible.ndjson`)).text);
    return { fx, call, roundId, admin: fx.tokens.admin };
  }

  /** Cuts the stored text of a version in half (the proof is no longer JSON). */
  async function corrupt(roundId: string, version: number) {
    await get().db.execute(sql`
      update round_proof_parts set text = left(text, length(text) / 2)
      where round_id = ${roundId} and version = ${version} and part = 0`);
  }

  function verifyCli(text: string) {
    const file = join(dir, `proof-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, text);
    return spawnSync(process.execPath, [CLI, "verify", file, "--eligible", eligible], { encoding: "utf8" });
  }

  it("stores the rebuilt proof as a new version equal to the correct store, keeps the old one, logs why", async () => {
    const { call, roundId, admin, fx } = await drawnRound();
    const original = await proofText(get().db, roundId, 1);
    await corrupt(roundId, 1);
    const broken = await proofText(get().db, roundId, 1);
    expect(broken.length).toBeLessThan(original.length);

    const r = await call("POST", `/rounds/${roundId}/proof/restore`, {
      token: admin,
      json: { reason: REASON },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.data).toMatchObject({ roundId, version: 2, replaces: { version: 1 } });
    expect(r.data.replaces.defect).toMatch(/not valid JSON/);
    expect(r.data.replaces.textSha256).not.toBe(r.data.replaces.sha256);
    // The same bytes as a correct store (Ed25519 signatures are deterministic).
    expect(r.data.sha256).toBe(r.data.replaces.sha256);

    const served = await call("GET", `/public/rounds/${roundId}/proof`);
    expect(served.headers.get("x-proof-version")).toBe("2");
    expect(served.text).toBe(original);
    const v = verifyCli(served.text);
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain("PASS");
    // Nothing published is rewritten: version 1 still reads as it was stored.
    expect((await call("GET", `/public/rounds/${roundId}/proof?version=1`)).text).toBe(broken);

    const [entry] = await get()
      .db.select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.artefactId, roundId), eq(ledgerEntries.kind, "round.proof-restored")));
    expect(JSON.parse(entry!.contentJson!)).toMatchObject({
      roundId,
      version: 2,
      sha256: r.data.sha256,
      reason: REASON,
      replaces: { version: 1, sha256: r.data.replaces.sha256, textSha256: r.data.replaces.textSha256 },
    });
    expect(entry!.departmentId).toBe(fx.department.id);

    // Whole now: a second restore has nothing to do and stores nothing.
    const again = await call("POST", `/rounds/${roundId}/proof/restore`, {
      token: admin,
      json: { reason: REASON },
    });
    expect(again.status, again.text).toBe(409);
    expect(again.data.detail).toMatch(/version 2 is whole/);
    expect((await call("GET", `/public/rounds/${roundId}/proof`)).headers.get("x-proof-version")).toBe("2");
  });

  it("answers 409 for a whole proof, and substitutions continue after a restore", async () => {
    const { call, roundId, admin } = await drawnRound();
    const whole = await call("POST", `/rounds/${roundId}/proof/restore`, {
      token: admin,
      json: { reason: REASON },
    });
    expect(whole.status, whole.text).toBe(409);
    expect(whole.headers.get("content-type")).toContain("application/problem+json");

    await corrupt(roundId, 1);
    const r = await call("POST", `/rounds/${roundId}/proof/restore`, {
      token: admin,
      json: { reason: REASON },
    });
    expect(r.status, r.text).toBe(201);

    // An inspector's self-recusal now works on top of the restored version.
    const proof = JSON.parse((await call("GET", `/public/rounds/${roundId}/proof`)).text);
    const team = proof.finalTeams[0];
    const tok = await call("POST", "/tokens", {
      token: admin,
      json: { role: "inspector", label: "restore", inspectorId: team.members[0] },
    });
    const mine = await call("GET", "/me/assignments", { token: tok.data.token });
    const a = mine.data.items.find((x: { entityId: string }) => x.entityId === team.entityId);
    const rec = await call("POST", `/me/assignments/${a.id}/conflict`, {
      token: tok.data.token,
      json: { category: "former-employment", statement: "曾在该企业任职" },
    });
    expect(rec.status, rec.text).toBe(200);
    expect(rec.data.proofVersion).toBe(3);
    const v3 = await call("GET", `/public/rounds/${roundId}/proof`);
    expect(v3.headers.get("x-proof-version")).toBe("3");
    const v = verifyCli(v3.text);
    expect(v.status, v.stdout + v.stderr).toBe(0);

    // A corrupted version carrying a substitution rebuilds with it: same bytes as version 3.
    const good = await proofText(get().db, roundId, 3);
    await corrupt(roundId, 3);
    const r4 = await call("POST", `/rounds/${roundId}/proof/restore`, {
      token: admin,
      json: { reason: REASON },
    });
    expect(r4.status, r4.text).toBe(201);
    expect(await proofText(get().db, roundId, 4)).toBe(good);
  });

  it("rebuilds a sortes-draw/v1 round byte for byte too", async () => {
    const { call, roundId, admin } = await drawnRound("sortes-draw/v1");
    const original = await proofText(get().db, roundId, 1);
    expect(JSON.parse(original).algorithm).toBe("sortes-draw/v1");
    await corrupt(roundId, 1);
    const r = await call("POST", `/rounds/${roundId}/proof/restore`, {
      token: admin,
      json: { reason: REASON },
    });
    expect(r.status, r.text).toBe(201);
    expect(await proofText(get().db, roundId, 2)).toBe(original);
    const v = verifyCli(original);
    expect(v.status, v.stdout + v.stderr).toBe(0);
  });

  it("refuses to re-sign when the persisted rows disagree with the rebuild, and stores nothing", async () => {
    const { call, roundId, admin } = await drawnRound();
    await corrupt(roundId, 1);
    // Someone changed an assignment's inspector in the database.
    const [row] = await get().db.select().from(assignments).where(eq(assignments.roundId, roundId)).limit(1);
    const other = await newInspectorToken(get().db, row!.departmentId);
    await get()
      .db.update(assignments)
      .set({ inspectorId: other.inspector.id })
      .where(eq(assignments.id, row!.id));
    const r = await call("POST", `/rounds/${roundId}/proof/restore`, {
      token: admin,
      json: { reason: REASON },
    });
    expect(r.status, r.text).toBe(409);
    expect(r.data.detail).toContain(row!.entityId);
    expect(r.data.detail).toContain("not re-signed");
    const versions = await queryRows<{ n: number }>(
      get().db,
      sql`select count(*)::int as n from round_proofs where round_id = ${roundId}`,
    );
    expect(versions[0]!.n).toBe(1);
  });

  it("is admin-only, department-scoped, and needs a reason", async () => {
    const { call, roundId, admin, fx } = await drawnRound();
    const path = `/rounds/${roundId}/proof/restore`;
    const auditor = await call("POST", path, { token: fx.tokens.auditor, json: { reason: REASON } });
    expect(auditor.status).toBe(403);
    const stranger = await newDepartment(get().db);
    const foreign = await call("POST", path, { token: stranger.tokens.admin, json: { reason: REASON } });
    expect(foreign.status).toBe(404);
    const noReason = await call("POST", path, { token: admin, json: { reason: " " } });
    expect(noReason.status).toBe(400);
    expect(noReason.headers.get("content-type")).toContain("application/problem+json");
  });
});
