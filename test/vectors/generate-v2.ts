/**
 * Single-rule vectors of sortes-draw/v2 (docs/draw-spec.md §16): chunked
 * eligible root, U(m), selected positions, staffing tickets, chunk inclusion.
 * Numbered 092–096 by generate.ts (after all v1 vectors).
 */
import * as E from "../../src/draw-engine/index.js";
import { type GeneratedSetRule, generatedEntries } from "../draw-engine/load-vectors.js";
import { SEED_HEX, type Vector } from "./generate-units.js";

const hex = E.toHex;
const seed = E.fromHex(SEED_HEX);

/** A set too large to record verbatim, described by a rule that the vector states in words. */
const generatedSet = (count: number): GeneratedSetRule & { rule: string } => ({
  count,
  strata: ["Z", "AA", "餐饮"],
  idPrefix: "E",
  rule: "entry i (i = 0 … count − 1) is {stratum: strata[i mod 3], id: idPrefix + i in decimal}; listed in that (unsorted) order",
});

const entryBytes = (e: E.EligibleEntry): Uint8Array => E.concatBytes(E.lp(e.stratum), E.lp(e.id));

function chunkedRoot(entries: readonly E.EligibleEntry[]) {
  const set = E.packEligibleSet(entries);
  const sorted = E.eligibleEntries(set);
  const chunks = Math.ceil(set.size / E.V2_CHUNK_SIZE);
  const chunkLeafHashes = Array.from({ length: chunks }, (_, j) => hex(E.eligibleChunkLeafHash(set, j)));
  const leaves = Array.from({ length: chunks }, (_, j) =>
    E.concatBytes(
      E.lp(E.TAGS_V2.eligibleChunk),
      ...sorted.slice(j * E.V2_CHUNK_SIZE, (j + 1) * E.V2_CHUNK_SIZE).map(entryBytes),
    ),
  );
  // The recorded leaf bytes and the engine's leaf hashes must describe the same chunks.
  leaves.forEach((l, j) => {
    if (hex(E.merkleLeafHash(l)) !== chunkLeafHashes[j]) throw new Error(`chunk ${j}: leaf bytes disagree`);
  });
  return { set, sorted, leaves, chunkLeafHashes, root: hex(E.eligibleSetRoot(set)) };
}

function eligibleRootVector(): Vector {
  const entries = [
    { stratum: "B", id: "x" },
    { stratum: "A", id: "91350100m000100y43" },
    { stratum: "A", id: "007" },
  ];
  const three = chunkedRoot(entries);
  const generated = [1024, 1025, 2049].map(generatedSet);
  return {
    kind: "eligible-root-v2",
    name: "chunked",
    description:
      "v2 eligible root: entries lp(stratum) ‖ lp(id) in byte order, chunks of 1024 entries, chunk leaf lp(tag) ‖ entries…, RFC 6962 tree over the chunk leaves in chunk order",
    input: { entries, generated },
    expected: {
      entries: three.sorted,
      chunkLeaves: three.leaves.map(hex),
      chunkLeafHashes: three.chunkLeafHashes,
      root: three.root,
      generated: generated.map((g) => {
        const r = chunkedRoot(generatedEntries(g));
        return {
          count: g.count,
          runs: r.set.strata,
          chunks: r.chunkLeafHashes.map((leafHash, j) => {
            const inChunk = r.sorted.slice(j * E.V2_CHUNK_SIZE, (j + 1) * E.V2_CHUNK_SIZE);
            return { size: inChunk.length, first: inChunk[0], last: inChunk.at(-1), leafHash };
          }),
          root: r.root,
        };
      }),
    },
  };
}

/** A digest whose first 8 bytes are x (the rest from a hash, so the tail is arbitrary). */
const digestStartingWith = (x: bigint, label: string): Uint8Array =>
  E.concatBytes(E.u64be(x), E.sha256(E.utf8(label)).subarray(8));
const threshold = (m: number): bigint => 2n ** 64n - (2n ** 64n % BigInt(m));

function uniformBelowVector(): Vector {
  const d = (label: string): Uint8Array => E.sha256(E.utf8(`uniform-below/${label}`));
  const FF = 2n ** 64n - 1n;
  const largePrime = 4294967291; // the largest prime below 2^32
  const cases: [string, number, Uint8Array[]][] = [
    ["m = 1 (always 0, one digest read)", 1, [d("a0"), d("a1")]],
    ["m = 3", 3, [d("b0"), d("b1")]],
    ["m = 3, first digest rejected (x = 2^64 − 1 ≥ 2^64 − 1)", 3, [digestStartingWith(FF, "c0"), d("c1")]],
    [
      "m = 3, two digests rejected",
      3,
      [digestStartingWith(FF, "d0"), digestStartingWith(FF, "d1"), d("d2"), d("d3")],
    ],
    ["m = 1000", 1000, [d("e0")]],
    ["m = 10, x = 0", 10, [digestStartingWith(0n, "f0")]],
    ["m = 2^31 (a power of two: nothing is rejected)", 2 ** 31, [digestStartingWith(FF, "g0")]],
    ["m = 2^32 − 1", 2 ** 32 - 1, [d("h0"), d("h1")]],
    ["m = 2^32 − 1, x = 2^64 − 1 rejected", 2 ** 32 - 1, [digestStartingWith(FF, "i0"), d("i1")]],
    [
      "large m = 4294967291: x = 2^64 − (2^64 mod m) rejected, x − 1 accepted (r = m − 1)",
      largePrime,
      [
        digestStartingWith(threshold(largePrime), "j0"),
        digestStartingWith(threshold(largePrime) - 1n, "j1"),
        d("j2"),
      ],
    ],
    ["large m = 4294967291", largePrime, [d("k0")]],
  ];
  return {
    kind: "uniform-below",
    name: "digest-streams",
    description:
      "U(m, d0, d1, …): x = u64be(first 8 bytes of d_t); accept when x < 2^64 − (2^64 mod m), returning x mod m; `consumed` counts the digests read",
    input: { cases: cases.map(([description, m, ds]) => ({ description, m, digests: ds.map(hex) })) },
    expected: {
      cases: cases.map(([, m, ds]) => {
        let t = 0;
        const result = E.uniformBelow(m, () => {
          const x = ds[t++];
          if (!x) throw new Error(`uniform-below m=${m}: digest stream exhausted`);
          return x;
        });
        return { result, consumed: t };
      }),
    },
  };
}

function selectPositionsVector(): Vector {
  const cases: [string, number, number][] = [
    ["A", 10, 3],
    ["A", 10, 0],
    ["A", 10, 10],
    ["A", 1, 1],
    ["B", 2, 1],
    ["risk-D", 5, 5],
    ["餐饮", 1000, 5],
    ["x", 1000000, 8],
  ];
  const firstInput = E.concatBytes(
    E.lp(E.TAGS_V2.select),
    E.lp(seed),
    E.lp("A"),
    E.lp(E.u32be(0)),
    E.lp(E.u32be(0)),
  );
  return {
    kind: "select-positions",
    name: "partial-fisher-yates",
    description:
      "positions of the k selected entities of a stratum of n, in draw order: partial Fisher–Yates with j = i + U(n − i, H(T_select, seed, stratum, u32be(i), u32be(t)), …)",
    input: { seed: SEED_HEX, cases: cases.map(([stratum, n, k]) => ({ stratum, n, k })) },
    expected: {
      firstDigestInput: hex(firstInput),
      firstDigest: hex(E.sha256(firstInput)),
      cases: cases.map(([stratum, n, k]) => ({ positions: E.drawStratumPositions(seed, stratum, n, k) })),
    },
  };
}

function staffingTicketVector(): Vector {
  const cases: [string, string][] = [
    ["A", "ENT-0001"],
    ["餐饮", "杭州西湖餐馆"],
    ["企业", "91350100M000100Y43"],
  ];
  return {
    kind: "staffing-ticket",
    name: "three-entities",
    description: "staffing ticket = SHA-256(lp(T_staffing) ‖ lp(seed) ‖ lp(stratum) ‖ lp(id))",
    input: { seed: SEED_HEX, cases: cases.map(([stratum, id]) => ({ stratum, id })) },
    expected: {
      cases: cases.map(([stratum, id]) => ({
        hashInput: hex(E.concatBytes(E.lp(E.TAGS_V2.staffingTicket), E.lp(seed), E.lp(stratum), E.lp(id))),
        ticket: hex(E.staffingTicketHasher(seed, stratum)(id)),
      })),
    },
  };
}

function inclusionVector(): Vector {
  const g = generatedSet(2049);
  const entries = generatedEntries(g);
  const index = 1500; // chunk 1 of 0, 1, 2
  const id = E.eligibleEntries(E.packEligibleSet(entries))[index]!.id;
  const proof = E.eligibleChunkInclusionProof(entries, id);
  if (proof.index !== index || !E.verifyEligibleChunkInclusion(proof))
    throw new Error("inclusion-v2: bad proof");
  const tampered = structuredClone(proof);
  tampered.chunk[3] = { ...tampered.chunk[3]!, id: `${tampered.chunk[3]!.id}0` };
  return {
    kind: "inclusion-v2",
    name: "middle-chunk-of-2049",
    description:
      "v2 inclusion proof of an entity in chunk 1 of 3: the chunk's entries and the RFC 6962 path of its leaf; a copy with another entry of the chunk changed must fail",
    input: { generated: g, id },
    expected: {
      proof,
      valid: true,
      tampered: {
        change: "entry 3 of the chunk has another id",
        proof: tampered,
        valid: E.verifyEligibleChunkInclusion(tampered),
      },
    },
  };
}

export function v2UnitVectors(): Vector[] {
  return [
    eligibleRootVector(),
    uniformBelowVector(),
    selectPositionsVector(),
    staffingTicketVector(),
    inclusionVector(),
  ];
}
