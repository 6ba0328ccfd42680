/**
 * The checkpoints, notes and cosignature lines we produce, checked against the C2SP grammar
 * by a parser written here from the specification text (signed-note, tlog-checkpoint,
 * tlog-cosignature), independent of src/ledger/c2sp. The parser is shown to reject the
 * spec's forbidden forms too, so its acceptance means something.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { afterAll, describe, expect, test } from "vitest";
import { merkleEmptyRoot } from "../../src/draw-engine/merkle.js";
import {
  formatCheckpoint,
  formatSignerKey,
  originHash,
  signCheckpoint,
} from "../../src/ledger/c2sp/index.js";
import { logsFromArgs, parseWitnessKey, startWitness } from "../../src/witness/setup.js";
import { post, TestLog } from "./log-fixture.js";

// ---- the specification, as a parser ------------------------------------------------------

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function b64decode(s: string): Uint8Array {
  if (!B64.test(s)) throw new Error(`not standard base64: ${s}`);
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

/** signed-note: key names are non-empty, without Unicode spaces or '+'. */
function checkKeyName(name: string): void {
  if (name === "" || /[\s+]/u.test(name)) throw new Error(`bad key name ${JSON.stringify(name)}`);
}

/**
 * signed-note §Format: text ending in newline, a blank line, one or more lines
 * "— name base64\n"; valid UTF-8 without ASCII controls other than newline; the text is
 * separated from the signatures by the LAST empty line.
 */
function specParseNote(note: string): { text: string; sigs: { name: string; bytes: Uint8Array }[] } {
  for (const ch of note) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x20 && c !== 0x0a) throw new Error("control character");
  }
  const sep = note.lastIndexOf("\n\n");
  if (sep < 0) throw new Error("no blank line");
  const text = note.slice(0, sep + 1);
  const block = note.slice(sep + 2);
  if (!block.endsWith("\n") || block.length === 0) throw new Error("signature block must end in newline");
  const sigs = block
    .slice(0, -1)
    .split("\n")
    .map((line) => {
      const m = /^\u2014 ([^ ]+) ([^ ]+)$/u.exec(line);
      if (!m) throw new Error(`not a signature line: ${line}`);
      checkKeyName(m[1] as string);
      const bytes = b64decode(m[2] as string);
      if (bytes.length < 5) throw new Error("signature shorter than key ID + 1 byte");
      return { name: m[1] as string, bytes };
    });
  return { text, sigs };
}

/**
 * tlog-checkpoint §Note text: ≥ 3 non-empty lines: origin; size as ASCII decimal without
 * leading zeroes; base64 root (RFC 6962 root, 32 bytes); optional non-empty extension lines.
 */
function specParseCheckpoint(text: string): {
  origin: string;
  size: string;
  root: Uint8Array;
  ext: string[];
} {
  if (!text.endsWith("\n")) throw new Error("text must end in newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3 || lines.some((l) => l === "")) throw new Error("at least three non-empty lines");
  const [origin, size, root, ...ext] = lines as [string, string, string, ...string[]];
  if (!/^(0|[1-9][0-9]*)$/.test(size)) throw new Error(`size ${size}`);
  const rootBytes = b64decode(root);
  if (rootBytes.length !== 32) throw new Error("root is not 32 bytes");
  return { origin, size, root: rootBytes, ext };
}

const keyId = (name: string, type: number, pub: Uint8Array) =>
  sha256(new Uint8Array([...new TextEncoder().encode(`${name}\n`), type, ...pub])).slice(0, 4);

const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

// ---- the parser rejects what the spec forbids ----------------------------------------------

describe("the test's own spec parser", () => {
  const ok = "o.example/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  test("accepts the spec's example and rejects forbidden forms", () => {
    expect(specParseCheckpoint(ok).size).toBe("5");
    for (const bad of [
      ok.replace("\n5\n", "\n05\n"),
      ok.replace("\n5\n", "\n+5\n"),
      ok.replace("\n5\n", "\n 5\n"),
      ok.replace("2I=\n", "2I\n"),
      ok.replace("2I=\n", "2I=\n\n"),
      ok.replace("o.example/log", ""),
      ok.slice(0, -1),
      "o.example/log\n5\n",
      `${ok}ext\n\n`,
    ]) {
      expect(() => specParseCheckpoint(bad), JSON.stringify(bad)).toThrow();
    }
    expect(() => specParseNote(`${ok}\n- o.example/log AAAAAAA=\n`)).toThrow();
    expect(() => specParseNote(`${ok}\n\u2014 o.example/log AAAAAAA=`)).toThrow();
    expect(() => specParseNote(`${ok}\n\u2014 a+b AAAAAAA=\n`)).toThrow();
  });
});

// ---- what we produce -----------------------------------------------------------------------

const dir = mkdtempSync(join(tmpdir(), "sortes-grammar-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("checkpoints and cosignatures produced by Sortes follow the grammar byte for byte", () => {
  test("formatCheckpoint: exactly origin, decimal size, base64 root, newline-terminated", () => {
    const root = new Uint8Array(32).map((_, i) => i * 7);
    for (const size of [0, 1, 9, 10, 1024, 9_007_199_254_740_991]) {
      const text = formatCheckpoint({ origin: "sortes.example.cn/sortes/SCJG-310115", size, rootHash: root });
      const p = specParseCheckpoint(text);
      expect(p).toEqual({
        origin: "sortes.example.cn/sortes/SCJG-310115",
        size: String(size),
        root,
        ext: [],
      });
      expect(text).toBe(
        `sortes.example.cn/sortes/SCJG-310115\n${size}\n${btoa(String.fromCharCode(...root))}\n`,
      );
    }
    const empty = formatCheckpoint({ origin: "o.example/x", size: 0, rootHash: merkleEmptyRoot() });
    expect(specParseCheckpoint(empty).root).toEqual(merkleEmptyRoot());
  });

  test("a signed checkpoint: text, blank line, the log's Ed25519 line whose key ID is SHA-256(name‖\\n‖0x01‖key)[:4]", () => {
    const log = TestLog.create("sortes.example.cn/sortes/SCJG-310115").append(13);
    const note = log.checkpoint();
    const { text, sigs } = specParseNote(note);
    expect(specParseCheckpoint(text).size).toBe("13");
    expect(sigs).toHaveLength(1);
    const pub = ed25519.getPublicKey(log.secretKey);
    expect(sigs[0]?.name).toBe(log.origin);
    expect(eq(sigs[0]!.bytes.slice(0, 4), keyId(log.origin, 0x01, pub))).toBe(true);
    expect(ed25519.verify(sigs[0]!.bytes.slice(4), new TextEncoder().encode(text), pub)).toBe(true);
    expect(note).toBe(`${text}\n${note.slice(text.length + 1)}`);
  });

  test("the witness's cosignature line and monitored checkpoint follow tlog-cosignature", async () => {
    const log = TestLog.create("sortes.example.cn/sortes/SCJG-310115").append(5);
    const key = parseWitnessKey(formatSignerKey("notary.example.cn/w", new Uint8Array(32), 0x04));
    const w = await startWitness({
      key,
      statePath: join(dir, "grammar-state.json"),
      logs: logsFromArgs([log.verifierKey]),
      now: () => 1_767_225_600,
    });
    try {
      const r = await post(w.url, log.request(0));
      expect(r.status).toBe(200);
      const { text } = specParseNote(log.checkpoint());
      const { sigs } = specParseNote(`${text}\n${r.body}`);
      expect(sigs).toHaveLength(1);
      const b = sigs[0]!.bytes;
      // keyID(4) ‖ timestamp(8, big-endian) ‖ Ed25519 signature(64)
      expect(b.length).toBe(76);
      const pub = ed25519.getPublicKey(new Uint8Array(32));
      expect(eq(b.slice(0, 4), keyId("notary.example.cn/w", 0x04, pub))).toBe(true);
      const ts = new DataView(b.buffer, b.byteOffset + 4, 8).getBigUint64(0);
      expect(ts).toBe(1_767_225_600n);
      const msg = new TextEncoder().encode(`cosignature/v1\ntime ${ts}\n${text}`);
      expect(ed25519.verify(b.slice(12), msg, pub)).toBe(true);
      // Monitoring API: the checkpoint with the verified log signature and our cosignature.
      const mon = await fetch(`${w.url}/${originHash(log.origin)}/checkpoint`);
      const served = specParseNote(await mon.text());
      expect(served.text).toBe(text);
      expect(served.sigs.map((s) => s.name)).toEqual([log.origin, "notary.example.cn/w"]);
      expect(Buffer.from(sha256(new TextEncoder().encode(log.origin))).toString("hex")).toBe(
        originHash(log.origin),
      );
    } finally {
      await w.close();
    }
  });

  test("signCheckpoint with extension lines keeps them, each non-empty and newline-terminated", () => {
    const note = signCheckpoint(
      { origin: "o.example/x", size: 1, rootHash: new Uint8Array(32), extensions: ["ext one", "two"] },
      { secretKey: new Uint8Array(32).fill(3) },
    );
    expect(specParseCheckpoint(specParseNote(note).text).ext).toEqual(["ext one", "two"]);
  });
});
