/**
 * The whole path through the real draw: a committed, revealed and drawn round gives a team;
 * the team records, signs and files; the admin publishes; `ledger verify` proves inclusion.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { ledgerDump, ledgerVerify } from "../../src/cli/ledger.js";
import { roundFixture } from "../draws/fixture.js";
import { SIGNING_KEY_HEX } from "../draws/helpers.js";
import { drawnRoundTeam, fileSignedFinding, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

describeEachDriver("publication after a real draw", (get) => {
  it("publishes a drawn team's finding with the round's checklist basis and a verifiable leaf", async () => {
    const db = get().db;
    const fx = await roundFixture(db, { entities: 60, inspectors: 4 });
    const api = testApp(get(), { SIGNING_KEY_HEX, DATA_DIR: tempDataDir() });
    const { call } = api;
    const admin = fx.tokens.admin;
    const { roundId, ...teamFx } = await drawnRoundTeam(db, call, fx);
    const { team } = teamFx;
    const { findingId } = await fileSignedFinding(call, teamFx);

    const pub = await call("POST", `/findings/${findingId}/approve`, { token: admin });
    expect(pub.status, pub.text).toBe(201);
    expect(pub.data.content).toMatchObject({
      entity: { name: `测试主体${team.entityId}`, creditCode: team.entityId },
      round: { id: roundId, title: "2026年第一批食品经营者抽查" },
      inspection: {
        item: "食品经营者检查",
        legalBasis: "《中华人民共和国食品安全法》第一百一十条",
        matters: "经营条件、进货查验",
        methods: ["on_site"],
        inspectingBody: "福州市市场监督管理局",
      },
    });
    const fetch = (url: string) => Promise.resolve(api.app.request(url));
    const sth = await call("POST", "/ledger/sth", { token: admin });
    expect(sth.status, sth.text).toBe(201);
    const verdict = await ledgerVerify({
      saved: sth.data,
      url: "http://sortes.test",
      fetch,
      leaf: pub.data.ledger.leafHash,
    });
    expect(verdict.ok, verdict.lines.join("\n")).toBe(true);

    // The same check through the command a citizen runs, offline from saved files.
    const dir = tempDataDir();
    const dump = await ledgerDump("http://sortes.test", fx.department.code, fetch);
    writeFileSync(join(dir, "sth.json"), JSON.stringify(sth.data));
    writeFileSync(join(dir, "dump.json"), JSON.stringify(dump));
    const bin = join(import.meta.dirname, "..", "..", "bin", "sortes.mjs");
    // Offline, the verifier must be told which key to trust (published at /public/keys).
    const keys = await call("GET", "/public/keys");
    const key = keys.data.keys.find((k: { keyId: string }) => k.keyId === keys.data.current).publicKey;
    const args = [
      "ledger",
      "verify",
      "--sth",
      join(dir, "sth.json"),
      "--dump",
      join(dir, "dump.json"),
      "--key",
      key,
    ];
    const cli = await promisify(execFile)(process.execPath, [
      bin,
      ...args,
      "--leaf",
      pub.data.ledger.leafHash,
    ]);
    expect(cli.stdout).toMatch(/PASS/);
    const tampered = structuredClone(dump);
    tampered.entries[0]!.leafHash = "00".repeat(32);
    writeFileSync(join(dir, "dump.json"), JSON.stringify(tampered));
    const bad = await promisify(execFile)(process.execPath, [bin, ...args]).catch((e) => e);
    expect(bad.code).toBe(1);
    const found = await call("GET", `/public/departments/${fx.department.code}/findings?round=${roundId}`);
    expect(found.data.items.map((i: { findingId: string }) => i.findingId)).toEqual([findingId]);
  });
});
