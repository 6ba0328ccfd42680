/**
 * The client's quorum rule on a signed checkpoint (src/cli/witness-quorum.ts): cosignatures of
 * trusted witnesses count when they verify, are "missing" when absent, and a trusted witness's
 * line that does not verify fails outright; `--witness`/`--quorum` values are checked.
 */
import { randomBytes } from "node:crypto";
import { ed25519 } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import {
  checkQuorum,
  describeQuorum,
  forgedCosignature,
  quorumPolicy,
  WitnessUsageError,
} from "../../src/cli/witness-quorum.js";
import {
  addSignatureLines,
  cosignCheckpoint,
  formatCosignatureVerifierKey,
  formatVerifierKey,
  signCheckpoint,
} from "../../src/ledger/c2sp/index.js";

function witness(name: string) {
  const secretKey = new Uint8Array(randomBytes(32));
  const vkey = formatCosignatureVerifierKey(name, ed25519.getPublicKey(secretKey));
  return { name, secretKey, vkey };
}

const origin = "sortes.example/sortes/QUORUM";
const logSecret = new Uint8Array(randomBytes(32));
const signed = (size: number, root = new Uint8Array(32).fill(size)) =>
  signCheckpoint({ origin, size, rootHash: root }, { secretKey: logSecret });
const body = (note: string) => note.slice(0, note.indexOf("\n\n") + 1);

describe("witness quorum", () => {
  const jiwei = witness("jiwei.example/w1");
  const notary = witness("notary.example/w1");
  const stranger = witness("stranger.example/w1");

  it("counts valid cosignatures of the trusted witnesses and names the missing ones", () => {
    const note = signed(5);
    const cosigned = addSignatureLines(note, [
      cosignCheckpoint(body(note), jiwei, 1_800_000_000),
      cosignCheckpoint(body(note), stranger, 1_800_000_001),
    ]);
    const both = quorumPolicy([jiwei.vkey, notary.vkey], undefined);
    expect(both.quorum).toBe(2);
    const v = checkQuorum(cosigned, both);
    expect(v.met).toBe(false);
    expect(describeQuorum(v)).toBe(
      "1 of 2 required cosignatures (jiwei.example/w1: ok; notary.example/w1: missing)",
    );
    expect(v.witnesses[0]).toEqual({ name: jiwei.name, status: "ok", timestamp: 1_800_000_000 });
    // The stranger's line is ignored, and one of two is enough with --quorum 1.
    expect(checkQuorum(cosigned, quorumPolicy([jiwei.vkey, notary.vkey], "1")).met).toBe(true);
    const all = addSignatureLines(cosigned, [cosignCheckpoint(body(note), notary, 1_800_000_002)]);
    expect(checkQuorum(all, both)).toMatchObject({ met: true, count: 2 });
  });

  it("a trusted witness's cosignature of another tree does not verify and is reported as forged", () => {
    const honest = signed(7);
    const fork = signed(7, new Uint8Array(32).fill(0xee));
    const line = cosignCheckpoint(body(honest), jiwei, 1_800_000_000);
    const v = checkQuorum(addSignatureLines(fork, [line]), quorumPolicy([jiwei.vkey], undefined));
    expect(v.met).toBe(false);
    expect(forgedCosignature(v)).toBe(jiwei.name);
    expect(describeQuorum(v)).toContain("jiwei.example/w1: does not verify");
  });

  it("refuses bad --witness and --quorum values", () => {
    const bad = (vkeys: string[], q?: string) => () => quorumPolicy(vkeys, q);
    expect(bad([])).toThrow(WitnessUsageError);
    expect(bad([jiwei.vkey], "2")).toThrow(/more than the 1 witness/);
    expect(bad([jiwei.vkey], "0")).toThrow(/positive integer/);
    expect(bad([jiwei.vkey, jiwei.vkey])).toThrow(/given twice/);
    expect(bad(["jiwei+0000+AAAA"])).toThrow(WitnessUsageError);
    // A note-signing key (type 0x01) is not a cosignature key.
    const noteKey = formatVerifierKey("jiwei.example/w1", ed25519.getPublicKey(jiwei.secretKey));
    expect(bad([noteKey])).toThrow(/not a cosignature key/);
  });
});
