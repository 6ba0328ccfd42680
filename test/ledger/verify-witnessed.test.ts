/**
 * A real drawn round against a quorum of real witnesses (src/witness, over HTTP): the round
 * page warns while its proof entry is not witnessed and then names the witnesses; `sortes
 * verify --url --witness … --quorum N` passes when N of the given witnesses cosigned a
 * checkpoint holding the round's round.proof entry and fails, naming each witness, when they
 * did not; `sortes ledger verify --witness` checks the saved head against the cosigned tree.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, expect, it } from "vitest";
import { ledgerCli } from "../../src/cli/ledger.js";
import { cmdVerifyWitnessed } from "../../src/cli/verify-witnessed.js";
import { parseVerifierKey } from "../../src/ledger/c2sp/index.js";
import {
  generateWitnessKey,
  parseWitnessKey,
  type RunningWitness,
  startWitness,
} from "../../src/witness/setup.js";
import { listen } from "../browser/serve.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll, SIGNING_KEY_HEX } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

const ORIGIN_HOST = "sortes.test.example";

describeEachDriver("sortes verify against a quorum of witnesses", (get) => {
  const running: RunningWitness[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((w) => w.close()));
  });

  async function witness(name: string, origin: string, logKey: string) {
    const key = parseWitnessKey(generateWitnessKey(name).keyFile);
    const dir = mkdtempSync(join(tmpdir(), "sortes-witness-"));
    const w = await startWitness({
      key,
      statePath: join(dir, "state.json"),
      logs: new Map([[origin, [parseVerifierKey(logKey)]]]),
    });
    running.push(w);
    return { name, vkey: key.verifierKey, entry: `${key.verifierKey}@${w.url}` };
  }

  it("passes with the quorum met, fails naming the missing witness, and the round page follows", async () => {
    const db = get().db;
    const fx = await roundFixture(db, { entities: 40, inspectors: 5 });
    const plain = testApp(get(), { SIGNING_KEY_HEX, LEDGER_ORIGIN_HOST: ORIGIN_HOST });
    const admin = fx.tokens.admin;
    const { roundId, contributors } = await createCommittedRound(plain.call, admin, fx.itemCode);
    await revealAll(plain.call, contributors);
    expect((await plain.call("POST", `/rounds/${roundId}/draw`, { token: admin })).status).toBe(200);
    const code = fx.department.code;
    const logKey = (await plain.call("GET", `/public/ledger/log-key?department=${code}`)).data;

    const jiwei = await witness("jiwei.example/w1", logKey.origin, logKey.verifierKey);
    const notary = await witness("notary.example/w1", logKey.origin, logKey.verifierKey);
    // A witness the service does not submit to: it never cosigns this log.
    const absent = await witness("neighbour.example/w1", logKey.origin, logKey.verifierKey);
    const t = testApp(get(), {
      SIGNING_KEY_HEX,
      LEDGER_ORIGIN_HOST: ORIGIN_HOST,
      WITNESSES: `${jiwei.entry},${notary.entry}`,
      WITNESS_TIMEOUT_MS: "5000",
    });

    const dir = mkdtempSync(join(tmpdir(), "sortes-verify-"));
    const proofPath = join(dir, "proof.json");
    const eligiblePath = join(dir, "eligible.ndjson");
    writeFileSync(proofPath, (await t.call("GET", `/public/rounds/${roundId}/proof`)).text);
    writeFileSync(eligiblePath, (await t.call("GET", `/public/rounds/${roundId}/eligible.ndjson`)).text);
    const fetch = (u: string) => Promise.resolve(t.app.request(u));
    const verify = async (...flags: string[]) => {
      const out: string[] = [];
      const code = await cmdVerifyWitnessed(
        [proofPath, "--eligible", eligiblePath, "--url", "http://sortes.test", ...flags],
        { out: (l) => out.push(l), err: (l) => out.push(l), fetch },
      );
      return { code, out: out.join("\n"), last: out.at(-1) ?? "" };
    };
    const both = ["--witness", jiwei.vkey, "--witness", notary.vkey];

    // Drawn, no checkpoint yet: not witnessed, and the page says so.
    const before = await verify(...both);
    expect(before.code, before.out).toBe(1);
    expect(before.out).toMatch(/^ok {3}draw /m);
    expect(before.last).toMatch(/^FAIL witnesses: no checkpoint holds ledger entry \d+ yet/);
    const warned = await (await t.app.request(`/en/rounds/${roundId}`)).text();
    expect(warned).toContain('data-witnessed="none"');
    expect(warned).toContain("Not witnessed yet");
    const warnedZh = await (await t.app.request(`/zh/rounds/${roundId}`)).text();
    expect(warnedZh).toContain("尚未见证");

    // The tree head job's work: sign, submit to both witnesses, store their cosignatures.
    const sth = await t.call("POST", "/ledger/sth", { token: admin });
    expect(sth.status, sth.text).toBe(201);

    const ok = await verify(...both);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/ledger entry \d+ \(round\.proof version 1\) pins this proof's SHA-256/);
    expect(ok.out).toMatch(
      /witnessed: checkpoint sortes\.test\.example\/sortes\/\S+ size \d+ .*cosigned by jiwei/,
    );
    expect(ok.last).toMatch(new RegExp(`^PASS ${roundId}: .*cosigned by 2 of the 2 witnesses`));

    const three = [...both, "--witness", absent.vkey];
    const short = await verify(...three);
    expect(short.code).toBe(1);
    expect(short.last).toMatch(
      /^FAIL witnesses: 2 of 3 required cosignatures \(jiwei\.example\/w1: ok; notary\.example\/w1: ok; neighbour\.example\/w1: missing\)/,
    );
    expect((await verify(...three, "--quorum", "2")).code).toBe(0);
    expect((await verify("--witness", absent.vkey, "--quorum", "1")).last).toMatch(
      /^FAIL witnesses: 0 of 1 required cosignatures \(neighbour\.example\/w1: missing\)/,
    );
    // A pinned log key that is not the log's: the checkpoint is refused before any cosignature.
    const wrongKey = "11".repeat(32);
    const pinnedWrong = await verify(...both, "--log-key", wrongKey);
    expect(pinnedWrong.last).toMatch(
      /^FAIL checkpoint of size \d+: no signature on the note is from a known key/,
    );
    expect((await verify(...both, "--log-key", logKey.verifierKey)).code).toBe(0);

    // The portal names both witnesses and when they cosigned.
    const page = await (await t.app.request(`/en/rounds/${roundId}`)).text();
    expect(page).not.toContain('data-witnessed="none"');
    expect(page).toContain('data-witnessed="2"');
    expect(page).toContain("jiwei.example/w1");
    expect(page).toContain("notary.example/w1");
    const api = await t.call("GET", `/public/rounds/${roundId}/witnesses`);
    expect(api.data.witnesses.map((w: { name: string }) => w.name).sort()).toEqual([jiwei.name, notary.name]);
    expect(api.data.checkpoint.size).toBeGreaterThan(api.data.entry.index);

    // `ledger verify` with a saved head: consistency to the cosigned tree, the entry's leaf in it.
    const savedPath = join(dir, "sth.json");
    writeFileSync(savedPath, JSON.stringify(sth.data));
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), fetch };
    const args = ["verify", "--sth", savedPath, "--url", "http://sortes.test", ...both];
    expect(await ledgerCli([...args, "--leaf", api.data.entry.leafHash], io), lines.join("\n")).toBe(0);
    expect(lines.join("\n")).toMatch(/consistency \d+ → \d+: the witnessed log extends the saved head/);
    expect(lines.join("\n")).toMatch(/leaf [0-9a-f]{64} is entry \d+ of the witnessed tree/);
    lines.length = 0;
    const alone = ["verify", "--department", code, "--url", "http://sortes.test", "--witness", absent.vkey];
    expect(await ledgerCli(alone, io)).toBe(1);
    expect(lines.join("\n")).toMatch(
      /FAIL witnesses: 0 of 1 required cosignatures \(neighbour\.example\/w1: missing\)/,
    );

    // The command line itself, against a listening server.
    const server = await listen(t.app.fetch);
    try {
      const bin = join(import.meta.dirname, "..", "..", "bin", "sortes.mjs");
      const run = promisify(execFile);
      const cli = await run(process.execPath, [
        bin,
        "verify",
        proofPath,
        "--eligible",
        eligiblePath,
        "--url",
        server.origin,
        ...both,
      ]);
      expect(cli.stdout).toMatch(/^PASS /m);
      const failed = await run(process.execPath, [
        bin,
        "verify",
        proofPath,
        "--eligible",
        eligiblePath,
        "--url",
        server.origin,
        ...three,
      ]).catch((e: { code: number; stdout: string }) => e);
      expect((failed as { code: number }).code).toBe(1);
      expect((failed as { stdout: string }).stdout).toMatch(/FAIL witnesses: 2 of 3 required cosignatures/);
    } finally {
      await server.close();
    }
  });
});
