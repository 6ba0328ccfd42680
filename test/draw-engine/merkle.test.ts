import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  fromHex,
  MerkleRootBuilder,
  merkleConsistencyProof,
  merkleInclusionProof,
  merkleLeafHash,
  merkleRoot,
  merkleRootFromLeafHashes,
  toHex,
  utf8,
  verifyMerkleConsistency,
  verifyMerkleInclusion,
} from "../../src/draw-engine/index.js";
import { mthRef, setRootRef } from "./reference.js";

const leavesOf = (n: number): Uint8Array[] =>
  Array.from({ length: n }, (_, i) => utf8(`leaf-${String(i).padStart(4, "0")}`));

describe("RFC 6962 merkle", () => {
  it("empty root is SHA-256 of the empty string", () => {
    expect(toHex(merkleRoot([]))).toBe(createHash("sha256").update("").digest("hex"));
  });

  it("matches the recursive reference and the streaming builder for sizes 0..40", () => {
    for (let n = 0; n <= 40; n++) {
      const leaves = leavesOf(n);
      const expected = mthRef(leaves.map((l) => Buffer.from(l))).toString("hex");
      expect(toHex(merkleRootFromLeafHashes(leaves.map(merkleLeafHash)))).toBe(expected);
      const b = new MerkleRootBuilder();
      for (const l of leaves) b.addLeaf(l);
      expect(b.size).toBe(n);
      expect(toHex(b.root())).toBe(expected);
    }
  });

  it("sorts a set by bytes and rejects duplicates", () => {
    const set = [utf8("b"), utf8("a"), utf8("ab"), Uint8Array.of(0xff), utf8("")];
    expect(toHex(merkleRoot(set))).toBe(setRootRef(set.map((l) => Buffer.from(l))).toString("hex"));
    expect(() => merkleRoot([utf8("x"), utf8("x")])).toThrow(/duplicate/);
  });

  it("streaming builder rejects unsorted or duplicate leaves", () => {
    const b = new MerkleRootBuilder();
    b.addLeaf(utf8("b"));
    expect(() => b.addLeaf(utf8("a"))).toThrow(/ascending/);
    expect(() => b.addLeaf(utf8("b"))).toThrow(/duplicates/);
  });

  it("inclusion proofs verify for every leaf and fail when tampered", () => {
    for (const n of [1, 2, 3, 5, 7, 8, 13]) {
      const hashes = leavesOf(n).map(merkleLeafHash);
      const root = merkleRootFromLeafHashes(hashes);
      for (let i = 0; i < n; i++) {
        const proof = merkleInclusionProof(hashes, i);
        expect(verifyMerkleInclusion({ leafHash: hashes[i]!, index: i, treeSize: n, proof, root })).toBe(
          true,
        );
        expect(verifyMerkleInclusion({ leafHash: hashes[i]!, index: n, treeSize: n, proof, root })).toBe(
          false,
        );
        if (n > 1) {
          const other = hashes[(i + 1) % n]!;
          expect(verifyMerkleInclusion({ leafHash: other, index: i, treeSize: n, proof, root })).toBe(false);
          const bad = proof.map((p) => p.slice());
          bad[0]![0]! ^= 1;
          expect(
            verifyMerkleInclusion({ leafHash: hashes[i]!, index: i, treeSize: n, proof: bad, root }),
          ).toBe(false);
        }
      }
    }
  });

  it("consistency proofs verify for every prefix and fail when tampered", () => {
    const hashes = leavesOf(17).map(merkleLeafHash);
    for (let n = 1; n <= 17; n++) {
      const second = merkleRootFromLeafHashes(hashes.slice(0, n));
      for (let m = 0; m <= n; m++) {
        const first = merkleRootFromLeafHashes(hashes.slice(0, m));
        const proof = merkleConsistencyProof(hashes.slice(0, n), m);
        const args = { firstSize: m, secondSize: n, firstRoot: first, secondRoot: second, proof };
        expect(verifyMerkleConsistency(args)).toBe(true);
        if (m > 0 && m < n) {
          expect(verifyMerkleConsistency({ ...args, firstRoot: second })).toBe(false);
          expect(verifyMerkleConsistency({ ...args, proof: proof.slice(1) })).toBe(false);
        }
      }
    }
  });

  it("matches the RFC 6962 reference tree hashes published with certificate-transparency", () => {
    // Leaves and roots from the CT reference test suite (merkle_tree_test.cc): 8 leaves, root of all 8.
    const ctLeaves = [
      "",
      "00",
      "10",
      "2021",
      "3031",
      "40414243",
      "5051525354555657",
      "606162636465666768696a6b6c6d6e6f",
    ];
    const hashes = ctLeaves.map((h) => merkleLeafHash(fromHex(h)));
    expect(toHex(merkleRootFromLeafHashes(hashes))).toBe(
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    );
    expect(toHex(merkleRootFromLeafHashes(hashes.slice(0, 1)))).toBe(
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    );
  });
});
