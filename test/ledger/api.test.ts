import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { type LedgerDump, ledgerCli, ledgerDump, ledgerVerify } from "../../src/cli/ledger.js";
import { queryRows } from "../../src/db/rows.js";
import { toHex } from "../../src/draw-engine/bytes.js";
import { merkleRootFromLeafHashes } from "../../src/draw-engine/merkle.js";
import { runLedgerSthJob } from "../../src/jobs/ledger-sth.js";
import { buildLeaf, treeHeadMessage } from "../../src/ledger/canonical.js";
import { getSigningKey, signBytes } from "../../src/ledger/keys.js";
import { appendToLedger, takeDownLedgerEntry } from "../../src/ledger/log.js";
import { ledgerTreeHeads } from "../../src/ledger/schema.js";
import { leafHashes } from "../../src/ledger/tree.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

describeEachDriver("ledger API and `ledger verify`", (get) => {
  async function setup(n: number) {
    const api = testApp(get());
    const fetch = (url: string) => Promise.resolve(api.app.request(url));
    const { department, tokens } = await newDepartment(get().db);
    const leaves = [];
    for (let i = 0; i < n; i++) {
      leaves.push(
        await appendToLedger(get().db, {
          departmentId: department.id,
          kind: "publication",
          artefactId: `f${i}`,
          content: { i },
        }),
      );
    }
    return { ...api, fetch, department, tokens, leaves };
  }

  it("serves signed heads, proofs and entries that the CLI verifies", async () => {
    const { call, fetch, department, tokens, leaves } = await setup(3);
    expect((await call("GET", `/public/ledger/sth?department=${department.code}`)).status).toBe(404);
    expect((await call("POST", "/ledger/sth", { token: tokens.auditor })).status).toBe(403);
    const saved = (await call("POST", "/ledger/sth", { token: tokens.admin })).data;
    expect(saved.sth.treeSize).toBe(3);
    for (let i = 3; i < 7; i++) {
      leaves.push(
        await appendToLedger(get().db, {
          departmentId: department.id,
          kind: "publication",
          artefactId: `f${i}`,
          content: { i },
        }),
      );
    }
    await call("POST", "/ledger/sth", { token: tokens.admin });
    const latest = await call("GET", `/public/ledger/sth?department=${department.code}`);
    expect(latest.data.sth.treeSize).toBe(7);
    const keys = (await call("GET", "/public/keys")).data;
    expect(keys.keys.map((k: { keyId: string }) => k.keyId)).toContain(latest.data.sth.keyId);

    const dir = mkdtempSync(join(tmpdir(), "sortes-ledger-"));
    writeFileSync(join(dir, "saved.json"), JSON.stringify(saved));
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l), fetch };
    const code = await ledgerCli(
      [
        "verify",
        "--sth",
        join(dir, "saved.json"),
        "--url",
        "http://sortes.test",
        "--leaf",
        leaves[5]!.leafHash,
      ],
      io,
    );
    expect(out.join("\n")).toContain("PASS");
    expect(code).toBe(0);

    // Offline: a dump taken now, checked with the pinned key and no server.
    const dump = await ledgerDump("http://sortes.test", department.id, fetch);
    const key = keys.keys.find((k: { keyId: string }) => k.keyId === keys.current).publicKey;
    const offline = await ledgerVerify({ saved, dump, leaf: leaves[1]!.leafHash, publicKey: key });
    expect(offline.ok).toBe(true);
    const broken: LedgerDump = {
      ...dump,
      entries: dump.entries.map((e, i) =>
        i === 2 ? { ...e, leaf: { ...(e.leaf as object), artefactId: "x" } } : e,
      ),
    };
    expect((await ledgerVerify({ saved, dump: broken, publicKey: key })).lines.join()).toContain(
      "dump entry 2",
    );
  });

  it("fails verification when the operator rewrites history and re-signs", async () => {
    const { call, fetch, department, tokens } = await setup(4);
    const saved = (await call("POST", "/ledger/sth", { token: tokens.admin })).data;
    const [row] = await queryRows<{ leaf_json: string }>(
      get().db,
      sql`select leaf_json from ledger_entries where department_id = ${department.id} and idx = 1`,
    );
    const forged = buildLeaf({ ...JSON.parse(row!.leaf_json), content: { i: "rewritten" } });
    await get().db.execute(
      sql`update ledger_entries set leaf_json = ${forged.leafJson}, leaf_hash = ${forged.leafHash}, content_json = ${forged.contentJson} where department_id = ${department.id} and idx = 1`,
    );
    await appendToLedger(get().db, {
      departmentId: department.id,
      kind: "publication",
      artefactId: "late",
      content: 1,
    });
    // The service itself refuses to sign a head that does not extend its last one…
    const refused = await call("POST", "/ledger/sth", { token: tokens.admin });
    expect(refused.status).toBe(409);
    expect(refused.data.detail).toContain("size 4");
    // …so an operator with the stored key signs by hand; the outside check still catches it.
    const key = await getSigningKey(get().db, {});
    const hashes = await leafHashes(get().db, department.id);
    const sth = {
      type: "sortes/sth/v1" as const,
      log: department.id,
      treeSize: hashes.length,
      rootHash: toHex(merkleRootFromLeafHashes(hashes)),
      timestamp: Date.now(),
      keyId: key.keyId,
    };
    await get()
      .db.insert(ledgerTreeHeads)
      .values({ departmentId: department.id, ...sth, signature: signBytes(key, treeHeadMessage(sth)) });
    const r = await ledgerVerify({ saved, url: "http://sortes.test", fetch });
    expect(r.ok).toBe(false);
    expect(r.lines.at(-1)).toMatch(/consistency proof 4 → 5 FAILED/);
    const tamperedSig = await ledgerVerify({
      saved: { ...saved, sth: { ...saved.sth, treeSize: 3 } },
      url: "http://sortes.test",
      fetch,
    });
    expect(tamperedSig.lines.at(-1)).toMatch(/saved tree head: bad signature/);
  });

  it("hides taken-down content publicly but keeps the leaf, and 404s unknown logs", async () => {
    const { call, department, leaves } = await setup(2);
    await takeDownLedgerEntry(get().db, { departmentId: department.id, index: 0, reason: "5 years elapsed" });
    const e = await call("GET", `/public/ledger/entries/0?department=${department.id}`);
    expect(e.data).toMatchObject({
      index: 0,
      leafHash: leaves[0]!.leafHash,
      content: null,
      takenDown: { byIndex: 2 },
    });
    const list = await call("GET", `/public/ledger/entries?department=${department.code}&from=1&limit=5`);
    expect(list.data.items.map((i: { leaf: { kind: string } }) => i.leaf.kind)).toEqual([
      "publication",
      "take-down",
    ]);
    const byArtefact = await call(
      "GET",
      `/public/ledger/entries?department=${department.code}&kind=publication&artefactId=f1`,
    );
    expect(byArtefact.data.items.map((i: { leafHash: string }) => i.leafHash)).toEqual([leaves[1]!.leafHash]);
    expect(
      (await call("GET", `/public/ledger/entries?department=${department.code}&kind=publication`)).status,
    ).toBe(400);
    expect((await call("GET", "/public/ledger/entries/0?department=NO-SUCH-DEPT")).status).toBe(404);
    expect((await call("GET", `/public/ledger/entries/9?department=${department.code}`)).status).toBe(404);
    const inc = await call(
      "GET",
      `/public/ledger/proof/inclusion?department=${department.code}&leaf=${leaves[1]!.leafHash}&size=1`,
    );
    expect(inc.status).toBe(400);
  });

  it("the scheduled job anchors audit chains and signs only logs that grew", async () => {
    const { call, department, tokens } = await setup(2);
    const only = [department.id];
    const now = new Date();
    await call("POST", "/tokens", { token: tokens.admin, json: { role: "auditor", label: "z" } });
    const first = await runLedgerSthJob(get().db, {}, now, { only });
    expect(first.anchored).toEqual([{ departmentId: department.id, seq: 1 }]);
    expect(first.signed).toEqual([{ departmentId: department.id, treeSize: 3 }]);
    const again = await runLedgerSthJob(get().db, {}, now, { only });
    expect(again).toEqual({ anchored: [], signed: [], witnessed: [] });
    const dayLater = await runLedgerSthJob(get().db, {}, new Date(now.getTime() + 25 * 3_600_000), { only });
    expect(dayLater.signed).toEqual([{ departmentId: department.id, treeSize: 3 }]);
    // A rewritten log makes the run fail loudly instead of signing it.
    await get().db.execute(
      sql`update ledger_entries set leaf_hash = ${"0".repeat(64)} where department_id = ${department.id} and idx = 0`,
    );
    await appendToLedger(get().db, {
      departmentId: department.id,
      kind: "publication",
      artefactId: "n",
      content: 0,
    });
    await expect(runLedgerSthJob(get().db, {}, now, { only })).rejects.toThrow(/refusing to sign/);
  });

  it("records mutating requests with route, status and actor; not reads", async () => {
    const { call, tokens } = await setup(0);
    const created = await call("POST", "/tokens", {
      token: tokens.admin,
      json: { role: "auditor", label: "x" },
    });
    await call("POST", "/tokens", { token: tokens.auditor, json: { role: "auditor", label: "y" } });
    await call("GET", "/tokens", { token: tokens.admin });
    await call("POST", "/tokens", { json: { role: "admin", label: "anonymous" } });
    await call("DELETE", `/tokens/${created.data.id}`, { token: tokens.admin });
    await call("POST", "/no/such/route", { token: tokens.admin });
    const list = await call("GET", "/audit", { token: tokens.auditor });
    const [, , revoke, unmatched] = list.data.items;
    expect(revoke).toMatchObject({
      action: "DELETE /tokens/:id",
      target: `/tokens/${created.data.id}`,
      status: 204,
    });
    expect(unmatched).toMatchObject({ target: "/no/such/route", status: 404 });
    expect(
      list.data.items.map((i: { action: string; status: number; role: string; seq: number }) => [
        i.seq,
        i.action,
        i.status,
        i.role,
      ]),
    ).toEqual([
      [1, "POST /tokens", 201, "admin"],
      [2, "POST /tokens", 403, "auditor"],
      [3, "DELETE /tokens/:id", 204, "admin"],
      [4, unmatched.action, 404, "admin"],
    ]);
    expect((await call("GET", "/audit?after=3", { token: tokens.auditor })).data.items).toHaveLength(1);
  });
});
