/**
 * The contributor page's WebCrypto commitment (src/console/pages/contribute/commitment.ts) is
 * byte for byte the engine's contributorCommitment (draw-spec §8.2), on the spec's example
 * [034] and on random nonces; the saved nonce file is read back only when it still matches.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  contributorCommitmentHex,
  fromHex,
  NONCE_FILE_FORMAT,
  newNonce,
  readNonceFile,
} from "../../src/console/pages/contribute/commitment.js";
import { contributorCommitment, toHex } from "../../src/draw-engine/index.js";
import { loadVectors } from "../draw-engine/load-vectors.js";

describe("contributor commitment in the browser", () => {
  it("equals the engine's on random nonces of 32..64 bytes", async () => {
    for (let n = 32; n <= 64; n++) {
      const nonce = new Uint8Array(randomBytes(n));
      expect(await contributorCommitmentHex(nonce)).toBe(toHex(contributorCommitment(nonce)));
    }
  });

  it("reproduces the spec's recorded contributor vectors", async () => {
    const vectors = loadVectors().filter(
      (v) => typeof v.input?.nonce === "string" && typeof v.expected?.commitment === "string",
    );
    expect(vectors.length).toBeGreaterThan(0);
    for (const v of vectors) {
      expect(await contributorCommitmentHex(fromHex(v.input.nonce)), v.name).toBe(v.expected.commitment);
    }
  });

  it("makes 32 fresh random bytes each time and refuses a short nonce", async () => {
    const a = newNonce();
    const b = newNonce();
    expect(a).toHaveLength(32);
    expect(toHex(a)).not.toBe(toHex(b));
    await expect(contributorCommitmentHex(new Uint8Array(31))).rejects.toThrow(/at least 32 bytes/);
  });

  it("reads back a saved nonce file only when its nonce matches its commitment", async () => {
    const nonce = newNonce();
    const file = {
      format: NONCE_FILE_FORMAT,
      roundId: "r",
      roundTitle: "t",
      name: "公证处",
      nonce: toHex(nonce),
      commitment: await contributorCommitmentHex(nonce),
      createdAt: new Date().toISOString(),
    };
    expect((await readNonceFile(JSON.stringify(file))).nonce).toBe(file.nonce);
    const other = toHex(newNonce());
    const broken = { ...file, nonce: other };
    await expect(readNonceFile(JSON.stringify(broken))).rejects.toThrow(/does not match/);
    await expect(readNonceFile("not json")).rejects.toThrow(/not a Sortes nonce file/);
  });
});
