/**
 * The C2SP specifications' own examples and the Go reference implementation's documented
 * vectors (golang.org/x/mod/sumdb/note), checked against src/ledger/c2sp. Ed25519 signatures
 * are deterministic, so signing the documented text with the documented key must reproduce
 * the documented note byte for byte.
 */
import { describe, expect, test } from "vitest";
import {
  cosignatureMessage,
  cosignCheckpoint,
  ed25519KeyHash,
  formatAddCheckpointRequest,
  formatCheckpoint,
  formatCosignatureVerifierKey,
  formatSignerKey,
  formatVerifierKey,
  hex,
  NoteError,
  openNote,
  parseAddCheckpointRequest,
  parseCheckpoint,
  parseCosignatureResponse,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  splitCosignature,
  verifyCosignature,
} from "../../src/ledger/c2sp/index.js";

const EM = "\u2014";

// signed-note.md, "Verifier keys / Example".
const SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
const SPEC_NOTE = `This is an example message.\n\n${EM} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n`;

// Go sumdb/note package documentation.
const GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIG = `${EM} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const ENOCH_SIG = `${EM} EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n`;

// tlog-checkpoint.md / tlog-cosignature.md example.
const SOFA_TEXT = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
const SOFA_LOG_SIG = `${EM} example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n`;
const SOFA_COSIG = `${EM} witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n`;

describe("signed-note: the specification's example", () => {
  test("the example verifier key verifies the example note", () => {
    const key = parseVerifierKey(SPEC_VKEY);
    expect(key.name).toBe("example.com/foo");
    expect(hex(key.keyHash)).toBe("530d903a");
    expect(key.alg).toBe(1);
    expect(hex(ed25519KeyHash(key.name, key.publicKey))).toBe("530d903a");
    expect(formatVerifierKey(key.name, key.publicKey)).toBe(SPEC_VKEY);
    const opened = openNote(SPEC_NOTE, [SPEC_VKEY]);
    expect(opened.text).toBe("This is an example message.\n");
    expect(opened.verified.map((v) => v.name)).toEqual(["example.com/foo"]);
    expect(opened.unverified).toEqual([]);
  });

  test("a changed text no longer verifies under the known key", () => {
    const tampered = SPEC_NOTE.replace("example message", "example massage");
    expect(() => openNote(tampered, [SPEC_VKEY])).toThrow(/does not verify/);
  });
});

describe("signed-note: the Go reference vectors", () => {
  test("signer and verifier keys parse and agree", () => {
    const s = parseSignerKey(GO_SKEY);
    const v = parseVerifierKey(GO_VKEY);
    expect(s.name).toBe("PeterNeumann");
    expect(hex(s.keyHash)).toBe("c74f20a3");
    expect(hex(s.publicKey)).toBe(hex(v.publicKey));
    expect(formatSignerKey(s.name, s.secretKey)).toBe(GO_SKEY);
    expect(formatVerifierKey(s.name, s.publicKey)).toBe(GO_VKEY);
  });

  test("signing the documented text gives the documented note byte for byte", () => {
    const s = parseSignerKey(GO_SKEY);
    expect(signNote(GO_TEXT, [s])).toBe(`${GO_TEXT}\n${GO_SIG}`);
  });

  test("a doubly-signed note: both verify; with one key the other is unverified, not an error", () => {
    const note = `${GO_TEXT}\n${GO_SIG}${ENOCH_SIG}`;
    const both = openNote(note, [GO_VKEY, ENOCH_VKEY]);
    expect(both.verified.map((v) => v.name)).toEqual(["PeterNeumann", "EnochRoot"]);
    const one = openNote(note, [GO_VKEY]);
    expect(one.verified.map((v) => v.name)).toEqual(["PeterNeumann"]);
    expect(one.unverified.map((u) => [u.name, hex(u.keyHash)])).toEqual([["EnochRoot", "af0cfe78"]]);
  });

  test("a note signed only by unknown keys is rejected", () => {
    const note = `${GO_TEXT}\n${GO_SIG}`;
    expect(() => openNote(note, [SPEC_VKEY])).toThrow(NoteError);
    try {
      openNote(note, [SPEC_VKEY]);
    } catch (e) {
      expect((e as NoteError).code).toBe("unverified-note");
    }
  });

  test("a signature with a known name but another key ID is ignored (unknown key)", () => {
    const other = parseVerifierKey(ENOCH_VKEY);
    const renamed = formatVerifierKey("PeterNeumann", other.publicKey);
    const opened = openNote(`${GO_TEXT}\n${GO_SIG}${ENOCH_SIG}`, [renamed, ENOCH_VKEY]);
    expect(opened.verified.map((v) => v.name)).toEqual(["EnochRoot"]);
    expect(opened.unverified.map((u) => u.name)).toEqual(["PeterNeumann"]);
  });

  test("every truncation and every single-byte change of the verifier key is refused", () => {
    const b = new TextEncoder().encode(GO_VKEY);
    const dec = new TextDecoder();
    for (let i = 0; i <= b.length; i++) {
      for (let j = i + 1; j <= b.length; j++) {
        if (i === 0 && j === b.length) continue;
        const k = dec.decode(b.subarray(i, j));
        expect(() => parseVerifierKey(k), k).toThrow(NoteError);
      }
    }
    for (let i = 0; i < b.length; i++) {
      const c = Uint8Array.from(b);
      c[i] = (c[i] as number) + 1;
      const k = dec.decode(c);
      expect(() => parseVerifierKey(k), k).toThrow(NoteError);
    }
    // Go's own two: a key of the wrong length and an unknown algorithm, key IDs adjusted.
    expect(() =>
      parseVerifierKey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="),
    ).toThrow(NoteError);
    expect(() =>
      parseVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
    ).toThrow(/not supported/);
  });

  test("every single-byte change of the signer key is refused", () => {
    const b = new TextEncoder().encode(GO_SKEY);
    for (let i = 0; i < b.length; i++) {
      const c = Uint8Array.from(b);
      c[i] = (c[i] as number) + 1;
      const k = new TextDecoder().decode(c);
      expect(() => parseSignerKey(k), k).toThrow(NoteError);
    }
  });

  test("malformed notes are refused", () => {
    const good = `${GO_TEXT}\n${GO_SIG}`;
    const cases: [string, RegExp][] = [
      [good.slice(0, -1), /end with a newline/],
      [`${GO_TEXT}${GO_SIG}`, /signature line|blank line/],
      [good.replace("If", "I\u0007f"), /control/],
      [good.replace(EM, "-"), /signature line/],
      [good.replace("PeterNeumann x08", "Peter+Neumann x08"), /key name/],
      [good.replace("AM=", "AM"), /base64/],
      [`${GO_TEXT}\n`, /signature line/],
    ];
    for (const [note, re] of cases) expect(() => parseNote(note), JSON.stringify(note)).toThrow(re);
    const many = `${GO_TEXT}\n${GO_SIG.repeat(101)}`;
    expect(() => parseNote(many)).toThrow(/at most 100/);
    expect(parseNote(`${GO_TEXT}\n${GO_SIG.repeat(16)}`).signatures).toHaveLength(16);
    expect(() => parseNote(new Uint8Array([0x61, 0x0a, 0x0a, 0xff, 0x0a]))).toThrow(/UTF-8/);
  });
});

describe("tlog-checkpoint and tlog-cosignature: the specification's example", () => {
  test("the example checkpoint parses and formats back to the same bytes", () => {
    const c = parseCheckpoint(SOFA_TEXT);
    expect(c.origin).toBe("example.com/behind-the-sofa");
    expect(c.size).toBe(20852163);
    expect(c.extensions).toEqual([]);
    expect(formatCheckpoint(c)).toBe(SOFA_TEXT);
    const note = parseNote(`${SOFA_TEXT}\n${SOFA_LOG_SIG}${SOFA_COSIG}`);
    expect(note.text).toBe(SOFA_TEXT);
    expect(note.signatures.map((s) => s.name)).toEqual([
      "example.com/behind-the-sofa",
      "witness.example.com/w1",
    ]);
  });

  test("the example cosignature carries key ID, the example's timestamp and a 64-byte signature", () => {
    const sig = parseNote(`${SOFA_TEXT}\n${SOFA_COSIG}`).signatures[0]!;
    expect(hex(sig.keyHash)).toBe("8d66cf3f");
    const parts = splitCosignature(sig.signature);
    // tlog-cosignature.md shows the signed message with "time 1679315147".
    expect(parts?.timestamp).toBe(1679315147);
    expect(parts?.sig).toHaveLength(64);
    expect(new TextDecoder().decode(cosignatureMessage(SOFA_TEXT, 1679315147))).toBe(
      `cosignature/v1\ntime 1679315147\n${SOFA_TEXT}`,
    );
  });

  test("cosigning the example checkpoint gives a line that verifies, with key ID over type 0x04", () => {
    const seed = new Uint8Array(32).fill(7);
    const line = cosignCheckpoint(SOFA_TEXT, { name: "witness.example.com/w1", secretKey: seed }, 1679315147);
    const s = parseSignerKey(formatSignerKey("witness.example.com/w1", seed, 0x04));
    const vkey = formatCosignatureVerifierKey("witness.example.com/w1", s.publicKey);
    expect(verifyCosignature(SOFA_TEXT, line, vkey)).toEqual({ ok: true, timestamp: 1679315147 });
    // The same key as a note key (0x01) has another key ID, so it cannot be confused.
    expect(formatVerifierKey("witness.example.com/w1", s.publicKey)).not.toBe(vkey);
    expect(openNote(`${SOFA_TEXT}\n${line}`, [vkey]).verified[0]).toMatchObject({
      alg: 4,
      timestamp: 1679315147,
    });
  });
});

describe("tlog-witness: the specification's example request", () => {
  const REQUEST = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

${EM} example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
${EM} example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`;
  const RESPONSE = `${EM} witness.example/w1 CMp+6LWBU0anHGH5aNDTJkH/gj79sG+T6+iP2ThYN5krrDJbR1HDnucjL39QsZTSvVjyQLrdk3DXDqI5G2HgLatVs0pWh6Up69HVOw==
${EM} witness.example/w1 I7rEps0pvK2UqkS2gSpVUDhrhVtQV9lgF6pRrWAvjJHjyWpW7VcE3SiOlVlbQNt64vWhO+DlkL0+UfzuOBMh9ChdMkP1vi/lCAsmlw==
${EM} witness.example/w2 AWui8Sk55XjYLOijihBjhqEH6nS1ndDymE0a+6idX7pLcnoB+dhnz0854aLZgrrKbYKA7nC3HNJhm/kWl7oJlqU3rXXvpysAdyP3wQ==
`;

  test("parses into old size, four proof hashes and the signed checkpoint, and formats back identically", () => {
    const r = parseAddCheckpointRequest(REQUEST);
    expect(r.oldSize).toBe(20852014);
    expect(r.consistencyProof).toHaveLength(4);
    expect(parseCheckpoint(parseNote(r.checkpointNote).text).size).toBe(20852163);
    expect(parseNote(r.checkpointNote).signatures).toHaveLength(2);
    expect(formatAddCheckpointRequest(r)).toBe(REQUEST);
  });

  test("the example response is three signature lines", () => {
    expect(parseCosignatureResponse(RESPONSE).map((l) => l.split(" ")[1])).toEqual([
      "witness.example/w1",
      "witness.example/w1",
      "witness.example/w2",
    ]);
  });

  test("malformed requests are 400s", () => {
    for (const body of [
      REQUEST.replace("old 20852014", "old 020852014"),
      REQUEST.replace("old ", "old  "),
      REQUEST.replace(
        "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=",
        "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw",
      ),
      REQUEST.replace("\n\nexample.com", "\nexample.com"),
      `old 1\n${"PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n".repeat(64)}\n${SOFA_TEXT}`,
    ]) {
      expect(() => parseAddCheckpointRequest(body)).toThrow(expect.objectContaining({ status: 400 }));
    }
  });
});
