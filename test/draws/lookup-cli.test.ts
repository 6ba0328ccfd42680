/**
 * What an outside verifier downloads from a real service, checked with the CLI as a
 * subprocess (issue #11 item 9): the entity lookup saved exactly as served passes
 * `sortes verify-inclusion` (and, with `--proof`, agrees with the signed selections),
 * a tampered lookup fails; ranks are 1-based on the lookup, the drawn list and the team
 * board; the round view's times are the commitment's and the proof's (§3.2 form); the
 * eligible CSV as served passes `sortes verify --csv`.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { ALGORITHM_ID, type ProofBundle } from "../../src/draw-engine/index.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, revealAll, SIGNING_KEY_HEX } from "./helpers.js";

const run = promisify(execFile);
const BIN = join(import.meta.dirname, "..", "..", "bin", "sortes.mjs");
const dir = mkdtempSync(join(tmpdir(), "sortes-lookup-"));
let files = 0;

async function sortes(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { timeout: 60_000 });
    return { code: 0, stdout: r.stdout };
  } catch (e) {
    const x = e as { code: number; stdout: string };
    return { code: x.code, stdout: x.stdout };
  }
}

/** Writes `text` byte for byte (a download saved as is) and returns its path. */
function save(name: string, text: string): string {
  const p = join(dir, `${files++}-${name}`);
  writeFileSync(p, text);
  return p;
}

const UTC_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describeEachDriver("what an outside verifier downloads", (get) => {
  async function drawnRound(algorithm?: string) {
    const fx = await roundFixture(get().db, { entities: 300 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const admin = fx.tokens.admin;
    const { roundId, contributors } = await createCommittedRound(call, admin, fx.itemCode, {}, algorithm);
    await revealAll(call, contributors);
    const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: admin });
    expect(drawn.status, drawn.text).toBe(200);
    const proofRes = await call("GET", `/public/rounds/${roundId}/proof`);
    expect(proofRes.status).toBe(200);
    const proof = JSON.parse(proofRes.text) as ProofBundle;
    // An entity drawn at rank 2 when a stratum drew two or more, else at rank 1.
    const s = proof.selections.find((x) => x.k >= 2) ?? proof.selections.find((x) => x.k >= 1)!;
    const index = Math.min(1, s.selected.length - 1);
    return { call, admin, roundId, proofRes, proof, stratum: s.stratum, index, entity: s.selected[index]! };
  }

  it("sortes-draw/v2: the lookup as served passes verify-inclusion; tampered or contradicted, it fails", async () => {
    const { call, admin, roundId, proofRes, proof, stratum, index, entity } = await drawnRound();
    const proofPath = save("proof.json", proofRes.text);
    const look = await call("GET", `/public/rounds/${roundId}/entities/${entity.id}`);
    expect(look.status).toBe(200);
    expect(look.data).toMatchObject({ drawn: true, stratum, rank: index + 1, ticket: entity.ticket });
    const lookupPath = save("lookup.json", look.text);

    const plain = await sortes("verify-inclusion", lookupPath);
    expect(plain.stdout).toMatch(/^PASS: entity /);
    expect(plain.code).toBe(0);
    const pinned = await sortes("verify-inclusion", lookupPath, "--proof", proofPath);
    expect(pinned.stdout).toContain(`drawn at rank ${index + 1} of stratum "${stratum}"`);
    expect(pinned.code).toBe(0);

    // One entry of the chunk changed: the chunk no longer hashes onto the committed root.
    const forged = structuredClone(look.data);
    const other = forged.inclusion.chunk.findIndex((x: { id: string }) => x.id !== entity.id);
    forged.inclusion.chunk[other].id = "91350100MA00000000";
    const bad = await sortes("verify-inclusion", save("forged.json", JSON.stringify(forged)));
    expect(bad.stdout).toMatch(/^FAIL: entity .* is NOT proven/);
    expect(bad.code).toBe(1);
    // A lookup whose rank contradicts the signed proof (the path itself still verifies).
    const ranked = { ...look.data, rank: index + 2 };
    const contra = await sortes(
      "verify-inclusion",
      save("rank.json", JSON.stringify(ranked)),
      "--proof",
      proofPath,
    );
    expect(contra.stdout).toContain(
      `FAIL: the lookup says rank ${index + 2}, the signed proof says ${index + 1}`,
    );
    expect(contra.code).toBe(1);
    // A root other than the committed one.
    const wrongRoot = await sortes("verify-inclusion", lookupPath, "--root", "0".repeat(64));
    expect(wrongRoot.code).toBe(1);
    // Not eligible: nothing to prove, and the command says so.
    const outsider = await call("GET", `/public/rounds/${roundId}/entities/91000000000000000X`);
    const none = await sortes("verify-inclusion", save("outsider.json", outsider.text));
    expect(none.stdout).toContain("is not in the eligible set");
    expect(none.code).toBe(1);

    // Ranks are 1-based on the drawn list and the team board too.
    const list = await call("GET", `/public/rounds/${roundId}/drawn?limit=5000`);
    expect(list.status).toBe(200);
    for (const item of list.data.items as { entityId: string; stratum: string; rank: number }[]) {
      const sel = proof.selections.find((x) => x.stratum === item.stratum)!;
      expect(item.rank).toBe(sel.selected.findIndex((x) => x.id === item.entityId) + 1);
    }
    const board = await call("GET", `/rounds/${roundId}/board?limit=500`, { token: admin });
    expect(board.status).toBe(200);
    const row = (board.data.items as { entityId: string; rank: number }[]).find(
      (r) => r.entityId === entity.id,
    )!;
    expect(row.rank).toBe(index + 1);
    const csv = await call("GET", `/rounds/${roundId}/assignments.csv`, { token: admin });
    const line = csv.text.split("\r\n").find((l) => l.startsWith(`${entity.id},`))!;
    expect(line.split(",")[3]).toBe(String(index + 1));

    // The round view's times are the signed documents' own strings.
    const round = await call("GET", `/public/rounds/${roundId}`);
    expect(round.data.committedAt).toBe(proof.commitment.committedAt);
    expect(round.data.revealDeadline).toBe(proof.commitment.entropy.revealDeadline);
    for (const c of round.data.contributors as { name: string; revealedAt: string }[]) {
      expect(c.revealedAt).toMatch(UTC_SECONDS);
      expect(c.revealedAt).toBe(proof.reveals.find((r) => r.name === c.name)!.revealedAt);
    }

    // The eligible CSV exactly as served: header stratum,id, LF line ends, no BOM; verifies.
    const eligibleCsv = await call("GET", `/public/rounds/${roundId}/eligible.csv`);
    expect(eligibleCsv.text.startsWith("stratum,id\n")).toBe(true);
    expect(eligibleCsv.text).not.toContain("\r");
    const verified = await sortes("verify", proofPath, "--eligible", save("eligible.csv", eligibleCsv.text));
    expect(verified.stdout).toMatch(/^PASS /);
    expect(verified.code).toBe(0);
  });

  it("sortes-draw/v1: the lookup as served (with its leafHash) passes verify-inclusion", async () => {
    const { call, roundId, proofRes, entity, index } = await drawnRound(ALGORITHM_ID);
    const look = await call("GET", `/public/rounds/${roundId}/entities/${entity.id}`);
    expect(look.data.inclusion.leafHash).toMatch(/^[0-9a-f]{64}$/);
    expect(look.data.rank).toBe(index + 1);
    const r = await sortes(
      "verify-inclusion",
      save("lookup-v1.json", look.text),
      "--proof",
      save("proof-v1.json", proofRes.text),
    );
    expect(r.stdout).toMatch(/^PASS: entity /);
    expect(r.code).toBe(0);
    const forged = {
      ...look.data,
      inclusion: { ...look.data.inclusion, index: look.data.inclusion.index + 1 },
    };
    const bad = await sortes("verify-inclusion", save("forged-v1.json", JSON.stringify(forged)));
    expect(bad.code).toBe(1);
    const leaf = { ...look.data, inclusion: { ...look.data.inclusion, leafHash: "0".repeat(64) } };
    const badLeaf = await sortes("verify-inclusion", save("leaf-v1.json", JSON.stringify(leaf)));
    expect(badLeaf.stdout).toContain("is not the leaf hash of");
    expect(badLeaf.code).toBe(1);
  });
});
