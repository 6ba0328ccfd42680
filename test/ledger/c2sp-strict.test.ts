/**
 * src/ledger/c2sp refuses what the C2SP texts forbid, with NoteError codes callers can act on:
 * non-canonical checkpoints, cosignatures by the wrong key or with a changed timestamp, two
 * given keys sharing name and key ID, and base64 with a second spelling.
 */

import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, test } from "vitest";
import {
  cosignCheckpoint,
  formatCheckpoint,
  formatCosignatureVerifierKey,
  formatVerifierKey,
  NoteError,
  openCheckpoint,
  openNote,
  parseCheckpoint,
  parseSignatureLine,
  parseVerifierKey,
  signCheckpoint,
  toBase64,
  tryFromBase64,
  verifyCosignature,
} from "../../src/ledger/c2sp/index.js";

const ROOT = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
const TEXT = `o.example/log\n42\n${ROOT}\n`;
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof NoteError ? e.code : `not a NoteError: ${String(e)}`;
  }
  return undefined;
};

describe("checkpoint text is parsed strictly", () => {
  test.each([
    ["leading zero", TEXT.replace("\n42\n", "\n042\n")],
    ["sign", TEXT.replace("\n42\n", "\n+42\n")],
    ["too large", TEXT.replace("\n42\n", "\n9007199254740993\n")],
    ["unpadded root", TEXT.replace(ROOT, ROOT.slice(0, -1))],
    ["URL-safe root", TEXT.replace(ROOT, ROOT.replace("/", "_"))],
    ["31-byte root", TEXT.replace(ROOT, toBase64(new Uint8Array(31)))],
    ["no final newline", TEXT.slice(0, -1)],
    ["empty origin", TEXT.replace("o.example/log", "")],
    ["two lines", "o.example/log\n42\n"],
    ["a whole note", `${TEXT}\n\u2014 o.example/log AAAAAAA=\n`],
    ["carriage return", TEXT.replace("\n42", "\r\n42")],
  ])("%s is refused", (_, text) => {
    expect(codeOf(() => parseCheckpoint(text))).toBe("malformed-checkpoint");
  });

  test("extension lines round-trip; formatting refuses what parsing would", () => {
    const c = parseCheckpoint(`${TEXT}ext a\n`);
    expect(c.extensions).toEqual(["ext a"]);
    expect(formatCheckpoint(c)).toBe(`${TEXT}ext a\n`);
    const root = new Uint8Array(32);
    expect(codeOf(() => formatCheckpoint({ origin: "a\nb", size: 1, rootHash: root }))).toBe(
      "malformed-checkpoint",
    );
    expect(codeOf(() => formatCheckpoint({ origin: "o", size: -1, rootHash: root }))).toBe(
      "malformed-checkpoint",
    );
    expect(codeOf(() => formatCheckpoint({ origin: "o", size: 1.5, rootHash: root }))).toBe(
      "malformed-checkpoint",
    );
    expect(codeOf(() => formatCheckpoint({ origin: "o", size: 1, rootHash: root, extensions: [""] }))).toBe(
      "malformed-checkpoint",
    );
  });

  test("base64 with non-zero pad bits has a second spelling and is refused", () => {
    expect(tryFromBase64("AA==")).toEqual(new Uint8Array([0]));
    expect(tryFromBase64("AB==")).toBeNull();
    expect(tryFromBase64("AAA=")).toEqual(new Uint8Array([0, 0]));
    expect(tryFromBase64("AAB=")).toBeNull();
    expect(tryFromBase64("A A=")).toBeNull();
  });
});

describe("cosignatures", () => {
  const witness = { name: "w.example/1", secretKey: new Uint8Array(32).fill(2) };
  const vkey = formatCosignatureVerifierKey(witness.name, ed25519.getPublicKey(witness.secretKey));
  const logSeed = new Uint8Array(32).fill(3);
  const logKey = formatVerifierKey("o.example/log", ed25519.getPublicKey(logSeed));
  const note = signCheckpoint(
    { origin: "o.example/log", size: 42, rootHash: tryFromBase64(ROOT)! },
    { secretKey: logSeed },
  );
  const line = cosignCheckpoint(TEXT, witness, 1_800_000_000);

  test("verify: ok with the timestamp; by another key, changed timestamp or other checkpoint → not ok, with a reason", () => {
    expect(verifyCosignature(TEXT, line, vkey)).toEqual({ ok: true, timestamp: 1_800_000_000 });
    expect(verifyCosignature(note, line, vkey).ok).toBe(true); // the whole note is accepted too
    const other = formatCosignatureVerifierKey(
      witness.name,
      ed25519.getPublicKey(new Uint8Array(32).fill(9)),
    );
    expect(verifyCosignature(TEXT, line, other)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not by the key/),
    });
    const sig = parseSignatureLine(line);
    const bumped = sig.signature.slice();
    bumped[7] = (bumped[7] as number) + 1; // timestamp + 1 s
    const forged = `\u2014 ${sig.name} ${toBase64(new Uint8Array([...sig.keyHash, ...bumped]))}\n`;
    expect(verifyCosignature(TEXT, forged, vkey)).toMatchObject({ ok: false, timestamp: 1_800_000_001 });
    expect(verifyCosignature(TEXT.replace("\n42\n", "\n43\n"), line, vkey).ok).toBe(false);
    expect(verifyCosignature(TEXT, "garbage", vkey)).toMatchObject({ ok: false });
    // A note key is not a cosignature key.
    expect(codeOf(() => verifyCosignature(TEXT, line, logKey))).toBe("unsupported-algorithm");
  });

  test("cosigning refuses a zero timestamp and text that is not a checkpoint", () => {
    expect(codeOf(() => cosignCheckpoint(TEXT, witness, 0))).toBe("malformed-cosignature");
    expect(codeOf(() => cosignCheckpoint("hello\n", witness, 1))).toBe("malformed-checkpoint");
  });

  test("openNote: a known witness's forged cosignature rejects the note, naming the witness", () => {
    const sig = parseSignatureLine(line);
    const bumped = sig.signature.slice();
    bumped[20] = (bumped[20] as number) ^ 1;
    const forged = `\u2014 ${sig.name} ${toBase64(new Uint8Array([...sig.keyHash, ...bumped]))}\n`;
    expect(openCheckpoint(`${note}${line}`, [logKey, vkey]).verified.map((v) => v.alg)).toEqual([1, 4]);
    let err: unknown;
    try {
      openCheckpoint(`${note}${forged}`, [logKey, vkey]);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: "bad-signature", keyName: witness.name });
    // Without the witness's key, the forged line is just an unknown signature.
    expect(openCheckpoint(`${note}${forged}`, [logKey]).unverified).toHaveLength(1);
    // A checkpoint with only a cosignature and no log signature is not opened.
    expect(codeOf(() => openCheckpoint(`${TEXT}\n${line}`, [logKey, vkey]))).toBe("unverified-note");
  });

  test("two different given keys with the same name and key ID are ambiguous", () => {
    // Different public keys rarely share a key ID; build the clash on the parsed form.
    const real = parseVerifierKey(logKey);
    const twin = {
      ...real,
      publicKey: ed25519.getPublicKey(new Uint8Array(32).fill(8)),
      vkey: `${real.vkey}x`,
    };
    expect(codeOf(() => openNote(note, [real, twin]))).toBe("ambiguous-key");
    // The same key given twice is not.
    expect(openNote(note, [real, logKey]).verified).toHaveLength(1);
  });
});
