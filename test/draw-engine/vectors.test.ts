/**
 * Every recorded vector through the engine, under both SHA-256 backends
 * (@noble/hashes and node:crypto): outputs must equal what the files record.
 */
import { afterAll, describe, expect, it } from "vitest";
import { nodeSha256 } from "../../src/cli/node-hash.js";
import * as E from "../../src/draw-engine/index.js";
import { DRAW_RESULT_FIELDS, generatedEntries, loadVectors, type RecordedVector } from "./load-vectors.js";

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
    case "eligible-root-v2":
    case "uniform-below":
    case "select-positions":
    case "staffing-ticket":
    case "inclusion-v2":
      checkV2Unit(v);
      return;
    case "stratum-rule": {
      // §17: strata from roster rows, single department and joint, with and without the rule.
      expect(E.strataFromRosters(i.cases.single, i.rule)).toEqual(x.single);
      expect(E.strataFromRosters(i.cases.joint, i.rule)).toEqual(x.joint);
      expect(E.strataFromRosters(i.cases.single, null)).toEqual(x.withoutRule);
      // Set order (§16.3): the packed set agrees, and no id is in two strata.
      expect(E.eligibleEntries(E.packEligibleSet(x.joint))).toEqual(x.joint);
      expect(new Set(x.joint.map((e: E.EligibleEntry) => e.id)).size).toBe(x.joint.length);
      return;
    }
    case "draw": {
      if (x.error) return void expect(codeOf(() => E.runDraw(i))).toBe(x.error);
      const r = E.runDraw(i);
      for (const k of DRAW_RESULT_FIELDS) {
        expect(r[k], k).toEqual(x[k]);
      }
      const { proof } = E.createProof(i, bytes(i.signingKey));
      expect(proof).toEqual(x.proof);
      expect(E.verifyProof(x.proof, i.eligible)).toMatchObject({ ok: true });
      if (i.commitment.algorithm === E.ALGORITHM_V2) {
        // A v2 verifier may read the published NDJSON file straight into a packed set.
        const ndjson = E.utf8(i.eligible.map((e: E.EligibleEntry) => JSON.stringify(e)).join("\n"));
        const packed = E.runDraw({ ...i, eligible: E.readEligibleNdjson(ndjson) });
        expect(packed.selections).toEqual(x.selections);
        expect(packed.finalTeams).toEqual(x.finalTeams);
      }
      return;
    }
    case "tampered-proof": {
      const out = E.verifyProof(
        i.proof,
        i.eligible,
        i.expectedPublicKey ? { expectedPublicKey: i.expectedPublicKey } : {},
      );
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.code, out.message).toBe(x.code);
      return;
    }
    default:
      throw new Error(`unknown vector kind ${v.kind} in ${v.file}`);
  }
}

function checkChunks(
  entries: E.EligibleEntry[],
  chunkLeafHashes: string[],
  root: string,
): E.PackedEligibleSet {
  const set = E.packEligibleSet(entries);
  expect(chunkLeafHashes.map((_, j) => hex(E.eligibleChunkLeafHash(set, j)))).toEqual(chunkLeafHashes);
  expect(Math.ceil(set.size / E.V2_CHUNK_SIZE)).toBe(chunkLeafHashes.length);
  expect(hex(E.eligibleSetRoot(set))).toBe(root);
  expect(hex(E.merkleRootFromLeafHashes(chunkLeafHashes.map(bytes)))).toBe(root);
  return set;
}

function checkV2Unit(v: RecordedVector): void {
  const { input: i, expected: x } = v;
  switch (v.kind) {
    case "eligible-root-v2": {
      const set = checkChunks(i.entries, x.chunkLeafHashes, x.root);
      expect(E.eligibleEntries(set)).toEqual(x.entries);
      expect(x.chunkLeaves.map((l: string) => hex(E.merkleLeafHash(bytes(l))))).toEqual(x.chunkLeafHashes);
      i.generated.forEach((g: { count: number; strata: string[]; idPrefix: string }, n: number) => {
        const y = x.generated[n];
        const entries = generatedEntries(g);
        const set = checkChunks(
          entries,
          y.chunks.map((c: { leafHash: string }) => c.leafHash),
          y.root,
        );
        expect(set.size).toBe(y.count);
        expect(set.strata).toEqual(y.runs);
        // The same set read from its published file (lines in generator order), then put in set order.
        const file = E.utf8(entries.map((e) => JSON.stringify(e)).join("\n"));
        expect(hex(E.eligibleSetRoot(E.orderedEligibleSet(E.readEligibleNdjson(file))))).toBe(y.root);
      });
      return;
    }
    case "uniform-below":
      i.cases.forEach((c: { m: number; digests: string[] }, n: number) => {
        let t = 0;
        const r = E.uniformBelow(c.m, () => bytes(c.digests[t++]!));
        expect({ result: r, consumed: t }, `case ${n}`).toEqual(x.cases[n]);
      });
      return;
    case "select-positions":
      expect(hex(E.sha256(bytes(x.firstDigestInput)))).toBe(x.firstDigest);
      i.cases.forEach((c: { stratum: string; n: number; k: number }, n: number) => {
        expect(E.drawStratumPositions(bytes(i.seed), c.stratum, c.n, c.k), `case ${n}`).toEqual(
          x.cases[n].positions,
        );
      });
      return;
    case "staffing-ticket":
      i.cases.forEach((c: { stratum: string; id: string }, n: number) => {
        expect(hex(E.sha256(bytes(x.cases[n].hashInput)))).toBe(x.cases[n].ticket);
        expect(hex(E.staffingTicketHasher(bytes(i.seed), c.stratum)(c.id)), `case ${n}`).toBe(
          x.cases[n].ticket,
        );
      });
      return;
    case "inclusion-v2":
      expect(E.eligibleChunkInclusionProof(generatedEntries(i.generated), i.id)).toEqual(x.proof);
      expect(E.verifyEligibleChunkInclusion(x.proof)).toBe(x.valid);
      expect(E.verifyEligibleChunkInclusion(x.tampered.proof)).toBe(x.tampered.valid);
      expect([x.valid, x.tampered.valid]).toEqual([true, false]);
      return;
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
