/**
 * The verifier CLI as a subprocess (bin/sortes.mjs → src/cli/main.ts): every
 * recorded draw proof passes, every tampered proof fails with exit 1 and names
 * what differs; inclusion proofs and `sortes commit` work end to end.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadVectors } from "./load-vectors.js";
import { taggedRef } from "./reference.js";

const run = promisify(execFile);
const BIN = join(import.meta.dirname, "..", "..", "bin", "sortes.mjs");
const dir = mkdtempSync(join(tmpdir(), "sortes-cli-"));

async function sortes(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

function writeCase(
  file: string,
  proof: unknown,
  eligible: { stratum: string; id: string }[],
  csv: boolean,
): [string, string] {
  const p = join(dir, `${file}.proof.json`);
  writeFileSync(p, JSON.stringify(proof));
  const e = join(dir, `${file}.eligible.${csv ? "csv" : "ndjson"}`);
  writeFileSync(
    e,
    csv
      ? `stratum,id\n${eligible.map((r) => `${csvField(r.stratum)},${csvField(r.id)}`).join("\n")}\n`
      : eligible.map((r) => JSON.stringify(r)).join("\n"),
  );
  return [p, e];
}

// Every sortes-draw/v1 proof; of v2, the worked round [097] and one tampered proof (the engine
// tests cover all v2 vectors — here only the command line, which dispatches on the algorithm).
const isV2 = (c: { algorithm: string }): boolean => c.algorithm === "sortes-draw/v2";
const draws = loadVectors("draw").filter((v) => v.expected.proof && !isV2(v.input.commitment));
const tampered = loadVectors("tampered-proof").filter((v) => !isV2(v.input.proof));
const v2Round = loadVectors("draw").find((v) => v.name === "basic-two-strata-v2")!;
const v2Tampered = loadVectors("tampered-proof").find((v) => v.name === "changed-team-member-v2")!;

// Subprocesses are slow on a busy machine: generous per-test timeout.
describe.concurrent("sortes verify (subprocess)", { timeout: 120_000 }, () => {
  it.each(draws.map((v, n) => [v.file, v, n % 2 === 1] as const))("%s passes", async (file, v, csv) => {
    const [p, e] = writeCase(file, v.expected.proof, v.input.eligible, csv);
    const r = await sortes("verify", p, "--eligible", e);
    expect(r.stdout).toMatch(/^PASS /);
    expect(r.code).toBe(0);
  });

  it.each(tampered.map((v) => [v.file, v] as const))("%s fails naming the difference", async (file, v) => {
    const [p, e] = writeCase(file, v.input.proof, v.input.eligible, false);
    const key = v.input.expectedPublicKey ? ["--public-key", v.input.expectedPublicKey] : [];
    const r = await sortes("verify", p, "--eligible", e, ...key);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL [${v.expected.code}]`);
  });

  it("a proof whose entropy one party held still passes, with a warning (draw-spec §8.5)", async () => {
    const beaconOnly = draws.find((v) => v.name === "beacon-only")!;
    const [p, e] = writeCase(
      `${beaconOnly.file}-warn`,
      beaconOnly.expected.proof,
      beaconOnly.input.eligible,
      false,
    );
    const r = await sortes("verify", p, "--eligible", e);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS /);
    expect(r.stdout).toMatch(/\nWARNING \[entropy-single-party\]: .*drand beacon alone/);
    const twoParties = draws.find((v) => v.name === "basic-two-strata")!;
    const [p2, e2] = writeCase(
      `${twoParties.file}-nowarn`,
      twoParties.expected.proof,
      twoParties.input.eligible,
      false,
    );
    expect((await sortes("verify", p2, "--eligible", e2)).stdout).not.toContain("WARNING");
  });

  it("sortes-draw/v2: the worked round passes, a proof with a changed team member fails [teams]", async () => {
    const [p, e] = writeCase(v2Round.file, v2Round.expected.proof, v2Round.input.eligible, false);
    const ok = await sortes("verify", p, "--eligible", e);
    expect(ok.stdout).toMatch(/^PASS /);
    expect(ok.code).toBe(0);
    const [tp, te] = writeCase(v2Tampered.file, v2Tampered.input.proof, v2Tampered.input.eligible, true);
    const bad = await sortes("verify", tp, "--eligible", te);
    expect(bad.code).toBe(1);
    expect(v2Tampered.expected.code).toBe("teams");
    expect(bad.stdout).toContain("FAIL [teams]");
  });

  it("fails when the eligible file differs from the committed set", async () => {
    const v = draws[0]!;
    const [p, e] = writeCase("dropped-row", v.expected.proof, v.input.eligible.slice(1), false);
    const r = await sortes("verify", p, "--eligible", e);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/eligible set hashes to root/);
  });

  it("rejects an unexpected signing key", async () => {
    const v = draws[0]!;
    const [p, e] = writeCase("other-key", v.expected.proof, v.input.eligible, false);
    const r = await sortes("verify", p, "--eligible", e, "--public-key", "00".repeat(32));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL [public-key]");
  });

  it("reports a malformed eligible file with its line number (exit 2)", async () => {
    const v = draws[0]!;
    const p = join(dir, "bad.proof.json");
    writeFileSync(p, JSON.stringify(v.expected.proof));
    const e = join(dir, "bad.ndjson");
    writeFileSync(e, '{"stratum":"A","id":"x"}\n{"stratum":"A"}\n');
    const r = await sortes("verify", p, "--eligible", e);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("line 2");
  });

  it("proves and verifies inclusion of one entity (v1); a wrong id fails", async () => {
    const v = draws[0]!;
    const [, e] = writeCase("inclusion", v.expected.proof, v.input.eligible, true);
    const id = v.input.eligible[3].id;
    const made = await sortes(
      "prove-inclusion",
      "--eligible",
      e,
      "--id",
      id,
      "--algorithm",
      "sortes-draw/v1",
    );
    expect(made.code).toBe(0);
    const proof = JSON.parse(made.stdout);
    expect(proof.root).toBe(v.input.commitment.eligible.root);
    const f = join(dir, "inclusion.json");
    writeFileSync(f, made.stdout);
    expect((await sortes("verify-inclusion", f)).code).toBe(0);
    const flags = [
      "--root",
      proof.root,
      "--size",
      String(proof.treeSize),
      "--index",
      String(proof.index),
      "--stratum",
      proof.stratum,
      "--path",
      proof.path.join(","),
    ];
    expect((await sortes("verify-inclusion", ...flags, "--id", proof.id)).stdout).toMatch(/^PASS/);
    const bad = await sortes("verify-inclusion", ...flags, "--id", "NOT-THERE");
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL/);
  });

  it("proves and verifies inclusion of one entity (v2, the default: its chunk and the chunk's path)", async () => {
    const [, e] = writeCase("inclusion-v2", v2Round.expected.proof, v2Round.input.eligible, false);
    const made = await sortes("prove-inclusion", "--eligible", e, "--id", v2Round.input.eligible[3].id);
    expect(made.code).toBe(0);
    const proof = JSON.parse(made.stdout);
    expect(proof).toMatchObject({
      algorithm: "sortes-draw/v2",
      root: v2Round.input.commitment.eligible.root,
    });
    const f = join(dir, "inclusion-v2.json");
    writeFileSync(f, made.stdout);
    expect((await sortes("verify-inclusion", f)).stdout).toMatch(/^PASS/);
    proof.chunk[0].id = `${proof.chunk[0].id}X`;
    writeFileSync(f, JSON.stringify(proof));
    const bad = await sortes("verify-inclusion", f);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL/);
  });

  it("commit prints a fresh 32-byte nonce and H(tag ‖ nonce)", async () => {
    const a = await sortes("commit");
    const b = await sortes("commit");
    expect(a.code).toBe(0);
    const x = JSON.parse(a.stdout);
    expect(x.nonce).toMatch(/^[0-9a-f]{64}$/);
    expect(x.commitment).toBe(
      taggedRef("sortes-draw/v1/contributor-commit", Buffer.from(x.nonce, "hex")).toString("hex"),
    );
    expect(JSON.parse(b.stdout).nonce).not.toBe(x.nonce);
  });
});
