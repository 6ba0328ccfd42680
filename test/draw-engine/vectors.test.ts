/**
 * Every recorded vector through the engine, under both SHA-256 backends
 * (@noble/hashes and node:crypto): outputs must equal what the files record.
 */
import { afterAll, describe, expect, it } from "vitest";
import { nodeSha256 } from "../../src/cli/node-hash.js";
import * as E from "../../src/draw-engine/index.js";
import { loadVectors, type RecordedVector } from "./load-vectors.js";

const hex = E.toHex;
const bytes = (h: string) => E.fromHex(h);

function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return (e as E.DrawError).code ?? "not-a-draw-error";
  }
}

function check(v: RecordedVector): void {
  const { input: i, expected: x } = v;
  switch (v.kind) {
    case "canonical-id":
      if (x.error) expect(codeOf(() => E.canonicalEntityId(i.id))).toBe(x.error);
      else expect(E.canonicalEntityId(i.id)).toBe(x.canonical);
      return;
    case "entity-ticket":
      expect(
        hex(E.concatBytes(E.lp(E.TAGS.entityTicket), E.lp(bytes(i.seed)), E.lp(i.stratum), E.lp(i.id))),
      ).toBe(x.hashInput);
      expect(hex(E.entityTicket(bytes(i.seed), i.stratum, i.id))).toBe(x.ticket);
      expect(hex(E.entityTicketHasher(bytes(i.seed), i.stratum)(i.id))).toBe(x.ticket);
      return;
    case "inspector-ticket":
      expect(hex(E.inspectorTicket(bytes(i.seed), i.entityId, i.inspectorId))).toBe(x.ticket);
      return;
    case "merkle-root": {
      const leaves = (i.leaves as string[]).map(bytes);
      if (x.error) return void expect(codeOf(() => E.merkleRoot(leaves))).toBe(x.error);
      expect(E.sortLeaves(leaves).map(hex)).toEqual(x.sortedLeaves);
      expect(hex(E.merkleRoot(leaves))).toBe(x.root);
      const b = new E.MerkleRootBuilder();
      for (const l of x.sortedLeaves as string[]) b.addLeaf(bytes(l));
      expect(hex(b.root())).toBe(x.root);
      return;
    }
    case "merkle-inclusion": {
      const hs = (i.leafHashes as string[]).map(bytes);
      expect(hex(E.merkleRootFromLeafHashes(hs))).toBe(x.root);
      expect(E.merkleInclusionProof(hs, i.index).map(hex)).toEqual(x.proof);
      const ok = E.verifyMerkleInclusion({
        leafHash: hs[i.index]!,
        index: i.index,
        treeSize: hs.length,
        proof: x.proof.map(bytes),
        root: bytes(x.root),
      });
      expect(ok).toBe(true);
      return;
    }
    case "merkle-consistency": {
      const hs = (i.leafHashes as string[]).map(bytes);
      expect(E.merkleConsistencyProof(hs, i.firstSize).map(hex)).toEqual(x.proof);
      const args = {
        firstSize: i.firstSize,
        secondSize: hs.length,
        firstRoot: bytes(x.firstRoot),
        secondRoot: bytes(x.secondRoot),
        proof: x.proof.map(bytes),
      };
      expect(E.verifyMerkleConsistency(args)).toBe(true);
      return;
    }
    case "eligible-root": {
      const el = E.commitEligible(i.entries);
      expect(el.entries.map((e) => hex(E.eligibleLeaf(e.stratum, e.id)))).toEqual(x.leaves);
      expect(hex(el.root)).toBe(x.root);
      return;
    }
    case "inspector-leaf":
      expect(hex(E.inspectorLeaf(i.inspector))).toBe(x.leaf);
      expect(hex(E.inspectorPoolRoot([i.inspector]))).toBe(x.poolRoot);
      return;
    case "conflict-digest":
      expect(hex(E.conflictDigest(i.inspectorId, i.entityId))).toBe(x.digest);
      return;
    case "contributor-commitment":
      if (x.error) expect(codeOf(() => E.contributorCommitment(bytes(i.nonce)))).toBe(x.error);
      else expect(hex(E.contributorCommitment(bytes(i.nonce)))).toBe(x.commitment);
      return;
    case "seed":
      expect(
        hex(
          E.computeSeed(
            bytes(i.commitmentHash),
            i.nonces.map(bytes),
            i.beaconRandomness ? bytes(i.beaconRandomness) : null,
          ),
        ),
      ).toBe(x.seed);
      return;
    case "sample-size":
      expect(E.sampleSize(i.n, i.rateBp)).toBe(x.k);
      return;
    case "drand-beacon":
      if (x.error) expect(codeOf(() => E.verifyBeacon(i.plan, i.beacon))).toBe(x.error);
      else expect(hex(E.verifyBeacon(i.plan, i.beacon))).toBe(x.randomness);
      return;
    case "draw": {
      if (x.error) return void expect(codeOf(() => E.runDraw(i))).toBe(x.error);
      const r = E.runDraw(i);
      for (const k of [
        "commitmentHash",
        "seed",
        "selections",
        "teams",
        "infeasible",
        "substitutions",
        "finalTeams",
      ] as const) {
        expect(r[k], k).toEqual(x[k]);
      }
      const { proof } = E.createProof(i, bytes(i.signingKey));
      expect(proof).toEqual(x.proof);
      expect(E.verifyProof(x.proof, i.eligible)).toMatchObject({ ok: true });
      return;
    }
    case "tampered-proof": {
      const out = E.verifyProof(i.proof, i.eligible);
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.code, out.message).toBe(x.code);
      return;
    }
    default:
      throw new Error(`unknown vector kind ${v.kind} in ${v.file}`);
  }
}

const vectors = loadVectors();

describe.each([
  ["@noble/hashes", E.nobleSha256Backend],
  ["node:crypto", nodeSha256],
])("vectors with the %s backend", (_name, backend) => {
  afterAll(() => E.setSha256Backend(null));
  it("has at least 50 vectors covering every kind", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(50);
  });
  it.each(vectors.map((v) => [v.file, v] as const))("%s", (_f, v) => {
    E.setSha256Backend(backend);
    check(v);
  });
});
