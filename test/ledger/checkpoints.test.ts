/**
 * The service's C2SP checkpoints: signed next to each JSON tree head, served as signed notes
 * with the witnesses' cosignatures, submitted to witnesses over tlog-witness (real HTTP).
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { runLedgerSthJob } from "../../src/jobs/ledger-sth.js";
import { verifyCosignature } from "../../src/ledger/c2sp/index.js";
import { appendToLedger } from "../../src/ledger/log.js";
import { submitCheckpoint } from "../../src/ledger/witness-submit.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { startTestWitness, type TestWitness } from "./checkpoint-witness.js";

const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString("hex");

/**
 * A signed checkpoint read by the rules of c2sp.org/tlog-checkpoint and /signed-note, written
 * here from the spec text (not with the producing library): three body lines, a blank line,
 * signature lines "— name base64(keyid‖sig)", each ending in a newline.
 */
function readCheckpointNote(note: string) {
  expect(note.endsWith("\n"), "a note ends with a newline").toBe(true);
  const split = note.indexOf("\n\n");
  expect(split).toBeGreaterThan(0);
  const body = note.slice(0, split + 1);
  const lines = body.slice(0, -1).split("\n");
  expect(lines).toHaveLength(3); // no extension lines
  const [origin, sizeText, rootText] = lines as [string, string, string];
  expect(origin).toMatch(/^[^\s+]+$/);
  expect(sizeText).toMatch(/^(0|[1-9][0-9]*)$/);
  expect(rootText).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  expect(Buffer.from(b64(rootText)).toString("base64")).toBe(rootText); // canonical base64
  const sigLines = note.slice(split + 2, -1).split("\n");
  const signatures = sigLines.map((line) => {
    const m = /^\u2014 ([^\s+]+) ([A-Za-z0-9+/]+={0,2})$/.exec(line);
    expect(m, `signature line ${JSON.stringify(line)}`).not.toBeNull();
    const bytes = b64(m![2]!);
    return { line, name: m![1]!, keyId: bytes.slice(0, 4), sig: bytes.slice(4) };
  });
  return { body, origin, size: Number(sizeText), rootHex: hexOf(b64(rootText)), signatures };
}

/** Checks the log's Ed25519 note signature from the raw key: key ID = SHA-256(name‖\n‖0x01‖key)[:4]. */
function expectLogSignature(note: ReturnType<typeof readCheckpointNote>, publicKeyHex: string) {
  const pub = Buffer.from(publicKeyHex, "hex");
  const keyId = sha256(Buffer.concat([Buffer.from(`${note.origin}\n`), Buffer.from([0x01]), pub])).slice(
    0,
    4,
  );
  const own = note.signatures.filter((s) => s.name === note.origin);
  expect(own).toHaveLength(1);
  expect(hexOf(own[0]!.keyId)).toBe(hexOf(keyId));
  expect(ed25519.verify(own[0]!.sig, Buffer.from(note.body), pub)).toBe(true);
}

describe("WITNESSES configuration", () => {
  it("parses VERIFIER_KEY@URL entries and names a bad one", async () => {
    const a = await startTestWitness("notary.example/w1");
    const b = await startTestWitness("jw.example/w2");
    try {
      const c = parseConfig({ WITNESSES: `${a.entry}, ${b.entry}/\n` });
      expect(c.WITNESSES.map((w) => [w.name, w.url])).toEqual([
        [a.name, a.url],
        [b.name, b.url],
      ]);
      expect(parseConfig({}).WITNESSES).toEqual([]);
      expect(() => parseConfig({ WITNESSES: a.verifierKey })).toThrow(/VERIFIER_KEY@http/);
      expect(() => parseConfig({ WITNESSES: `${a.entry} ${a.entry}` })).toThrow(/configured twice/);
      const logStyle = a.verifierKey.replace(/\+[0-9a-f]{8}\+/, "+00000000+");
      expect(() => parseConfig({ WITNESSES: `${logStyle}@${a.url}` })).toThrow(/WITNESSES/);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describeEachDriver("ledger checkpoints and witnesses", (get) => {
  const witnesses: TestWitness[] = [];
  afterEach(async () => {
    await Promise.all(witnesses.splice(0).map((w) => w.close().catch(() => undefined)));
  });

  let artefact = 0;
  async function setup(names: string[], opts: { untrusted?: string[] } = {}) {
    for (const n of names) witnesses.push(await startTestWitness(n));
    const api = testApp(get(), {
      WITNESSES: witnesses.map((w) => w.entry).join(","),
      WITNESS_TIMEOUT_MS: "2000",
      LEDGER_ORIGIN_HOST: "sortes.test.example",
    });
    const { department, tokens } = await newDepartment(get().db);
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await appendToLedger(get().db, {
          departmentId: department.id,
          kind: "publication",
          artefactId: `f${artefact++}`,
          content: { i },
        });
      }
    };
    await grow(3);
    const logKey = (await api.call("GET", `/public/ledger/log-key?department=${department.code}`)).data;
    for (const w of witnesses) {
      if (!opts.untrusted?.includes(w.name)) w.trust(logKey.origin, logKey.verifierKey);
    }
    const checkpoint = async (q = "") => {
      const r = await api.call("GET", `/public/ledger/checkpoint?department=${department.code}${q}`);
      expect(r.status, r.text).toBe(200);
      return { raw: r.text, type: r.headers.get("content-type"), ...readCheckpointNote(r.text) };
    };
    const sign = async () => {
      const r = await api.call("POST", "/ledger/sth", { token: tokens.admin });
      expect(r.status, r.text).toBe(201);
      return r.data;
    };
    const status = async () =>
      (await api.call("GET", `/public/ledger/witnesses?department=${department.code}`)).data;
    return { ...api, department, tokens, logKey, grow, checkpoint, sign, status };
  }

  it("serves a C2SP checkpoint equal to the JSON tree head, signed with the log key", async () => {
    const t = await setup([]);
    expect(t.logKey.origin).toBe(`sortes.test.example/sortes/${t.department.code}`);
    const none = await t.call("GET", `/public/ledger/checkpoint?department=${t.department.code}`);
    expect(none.status).toBe(404);
    expect(none.headers.get("content-type")).toContain("application/problem+json");

    const head = await t.sign();
    const cp = await t.checkpoint();
    expect(cp.type).toBe("text/plain; charset=utf-8");
    expect(cp.origin).toBe(t.logKey.origin);
    expect(cp.size).toBe(head.sth.treeSize);
    expect(cp.rootHex).toBe(head.sth.rootHash);
    expect(cp.signatures).toHaveLength(1);
    expectLogSignature(cp, t.logKey.publicKey);
    expect(t.logKey.keyId).toBe(head.sth.keyId);
    expect(t.logKey.verifierKey.startsWith(`${cp.origin}+${hexOf(cp.signatures[0]!.keyId)}+`)).toBe(true);

    await t.grow(2);
    const second = await t.sign();
    expect((await t.checkpoint()).size).toBe(5);
    expect((await t.checkpoint("&size=3")).rootHex).toBe(head.sth.rootHash);
    expect((await t.checkpoint("&size=5")).rootHex).toBe(second.sth.rootHash);
    expect(
      (await t.call("GET", `/public/ledger/checkpoint?department=${t.department.code}&size=4`)).status,
    ).toBe(404);
    // The JSON tree head is unchanged for old clients.
    const sth = (await t.call("GET", `/public/ledger/sth?department=${t.department.id}`)).data;
    expect(Object.keys(sth.sth).sort()).toEqual([
      "keyId",
      "log",
      "rootHash",
      "timestamp",
      "treeSize",
      "type",
    ]);

    const list = (await t.call("GET", `/public/ledger/checkpoints?department=${t.department.code}&limit=1`))
      .data;
    expect(list.items).toEqual([
      {
        size: 5,
        rootHash: second.sth.rootHash,
        timestamp: second.sth.timestamp,
        origin: cp.origin,
        cosigners: [],
      },
    ]);
    const page2 = await t.call(
      "GET",
      `/public/ledger/checkpoints?department=${t.department.code}&limit=1&before=${list.nextBefore}`,
    );
    expect(page2.data.items.map((i: { size: number }) => i.size)).toEqual([3]);
  });

  it("stores and serves the cosignatures of three witnesses, old and new sizes alike", async () => {
    const t = await setup(["notary.example/w1", "jw.example/w2", "neighbour.example/w3"]);
    await t.sign();
    let cp = await t.checkpoint();
    expect(cp.signatures.map((s) => s.name)).toEqual([
      cp.origin,
      "jw.example/w2",
      "neighbour.example/w3",
      "notary.example/w1",
    ]);
    for (const w of witnesses) {
      const line = cp.signatures.find((s) => s.name === w.name)!.line;
      expect(verifyCosignature(cp.body, line, w.verifierKey).ok).toBe(true);
      expect(w.state.get(cp.origin)?.size).toBe(3);
    }

    await t.grow(4);
    await t.sign(); // size 7: submitted with `old 3` and a consistency proof
    cp = await t.checkpoint();
    expect(cp.size).toBe(7);
    expect(cp.signatures).toHaveLength(4);
    for (const w of witnesses) {
      const line = cp.signatures.find((s) => s.name === w.name)!.line;
      expect(verifyCosignature(cp.body, line, w.verifierKey).ok).toBe(true);
      expect(w.state.get(cp.origin)?.size).toBe(7);
    }
    // The size-3 checkpoint keeps its own cosignatures.
    expect((await t.checkpoint("&size=3")).signatures).toHaveLength(4);
    const list = (await t.call("GET", `/public/ledger/checkpoints?department=${t.department.code}`)).data;
    expect(list.items[0].cosigners.map((c: { name: string }) => c.name)).toEqual([
      "jw.example/w2",
      "neighbour.example/w3",
      "notary.example/w1",
    ]);
    const status = await t.status();
    expect(status.origin).toBe(cp.origin);
    expect(
      status.items.map((i: { cosignedSize: number; lastError: string | null }) => [
        i.cosignedSize,
        i.lastError,
      ]),
    ).toEqual([
      [7, null],
      [7, null],
      [7, null],
    ]);
  });

  it("signs the head when a witness is down, records the failure, and the job catches the witness up", async () => {
    const t = await setup(["up.example/w1", "down.example/w2"]);
    const down = witnesses[1]!;
    await down.close();
    await t.sign();
    const cp = await t.checkpoint();
    expect(cp.signatures.map((s) => s.name)).toEqual([cp.origin, "up.example/w1"]);
    const status = (await t.status()).items;
    expect(status[0]).toMatchObject({ name: "up.example/w1", cosignedSize: 3, lastError: null });
    expect(status[1]).toMatchObject({ name: "down.example/w2", cosignedSize: 0 });
    expect(status[1].lastError).toMatch(/fetch failed|ECONNREFUSED|no answer/);
    expect(status[1].lastErrorAt).not.toBeNull();

    // The scheduled job: signs size 4 (the audit anchor of POST /ledger/sth); w2 still down.
    const only = [t.department.id];
    const run1 = await runLedgerSthJob(get().db, t.config, new Date(), { only });
    expect(run1.signed).toEqual([{ departmentId: t.department.id, treeSize: 4 }]);
    expect(run1.witnessed).toEqual([
      {
        departmentId: t.department.id,
        cosigned: ["up.example/w1"],
        failed: [expect.objectContaining({ witness: "down.example/w2" })],
      },
    ]);
    const w1Line = (await t.checkpoint()).signatures[1]!.line;
    await down.reopen();
    // Nothing grew, but w2 is behind the newest checkpoint: the next run submits it again.
    const run2 = await runLedgerSthJob(get().db, t.config, new Date(), { only });
    expect(run2.signed).toEqual([]);
    // Only the witness that is behind is asked; w1's cosignature of size 4 stays as it was.
    expect(run2.witnessed[0]).toMatchObject({ cosigned: ["down.example/w2"], failed: [] });
    const after = await t.checkpoint();
    expect(after.signatures.map((s) => s.name)).toEqual([after.origin, "down.example/w2", "up.example/w1"]);
    expect(after.signatures[2]!.line).toBe(w1Line);
    const run3 = await runLedgerSthJob(get().db, t.config, new Date(), { only });
    expect(run3.witnessed, "nobody is behind any more").toEqual([]);
  });

  it("catches up a witness that cosigned a bigger tree than the service remembers (409)", async () => {
    const t = await setup(["notary.example/w1"]);
    const w = witnesses[0]!;
    await t.sign();
    await t.grow(3);
    await t.sign();
    expect(w.state.get(t.logKey.origin)?.size).toBe(6);
    // The service's memory of the witness is lost or stale (restored backup, second instance).
    await get().db.execute(
      sql`update ledger_witness_states set cosigned_size = 3 where origin = ${t.logKey.origin}`,
    );
    await t.grow(2);
    await t.sign();
    expect(w.state.get(t.logKey.origin)?.size).toBe(8);
    const cp = await t.checkpoint();
    expect(cp.signatures.map((s) => s.name)).toEqual([cp.origin, w.name]);
    expect((await t.status()).items[0]).toMatchObject({ cosignedSize: 8, lastError: null });

    // Directly: a stale `old` gets 409, then the retry from the witness's size is cosigned.
    await get().db.execute(
      sql`update ledger_witness_states set cosigned_size = 0 where origin = ${t.logKey.origin}`,
    );
    const requests = w.requests;
    const [outcome] = await submitCheckpoint(get().db, t.config, t.department.id);
    expect(outcome).toMatchObject({ witness: w.name, ok: true, size: 8, caughtUpFrom: 8 });
    expect(w.requests - requests).toBe(2);
  });

  it("records a witness that refuses: unknown log, or a bigger tree than the log has signed", async () => {
    const t = await setup(["stranger.example/w1", "other.example/w2"], {
      untrusted: ["stranger.example/w1"],
    });
    await t.sign();
    const status1 = (await t.status()).items;
    expect(status1[0]).toMatchObject({ cosignedSize: 0 });
    expect(status1[0].lastError).toMatch(/add-checkpoint answered 404: unknown origin/);
    expect(status1[1]).toMatchObject({ cosignedSize: 3, lastError: null });

    // w2 claims a size-9 tree of this origin: a history the log never signed.
    witnesses[1]!.state.set(t.logKey.origin, { size: 9, root: new Uint8Array(32) });
    await t.grow(1);
    await t.sign();
    const status2 = (await t.status()).items;
    expect(status2[1].lastError).toMatch(/has cosigned size 9, larger than this checkpoint \(4\)/);
    expect((await t.checkpoint()).signatures).toHaveLength(1);
  });
});
