/** Small, single-rule vectors: identifiers, tickets, merkle, leaves, seed, drand. */
import { readFileSync } from "node:fs";
import * as E from "../../src/draw-engine/index.js";

export interface Vector {
  kind: string;
  name: string;
  description: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
}

const hex = E.toHex;
const errorOf = (f: () => unknown): { code: string; message: string } | null => {
  try {
    f();
    return null;
  } catch (e) {
    return { code: (e as E.DrawError).code, message: (e as Error).message };
  }
};

/** Flips the lowest bit of the hex digit at `pos` (one byte changes). */
export const flipHexDigit = (s: string, pos: number): string =>
  s.slice(0, pos) + (Number.parseInt(s[pos]!, 16) ^ 1).toString(16) + s.slice(pos + 1);

export const SEED_HEX = hex(E.sha256(E.utf8("sortes test vector seed")));
export const drandFile = JSON.parse(
  readFileSync(new URL("../../../shared/vectors/drand-quicknet.json", import.meta.url), "utf8"),
) as {
  beacons: E.Beacon[];
};

export function unitVectors(): Vector[] {
  const v: Vector[] = [];
  const ids: [string, string, string][] = [
    ["credit-code-lowercase", "91350100m000100y43", "an 18-char credit code is upper-cased"],
    ["credit-code-bad-checksum", "91350100M000100Y44", "a pilot code failing the checksum is kept as is"],
    [
      "eighteen-letters-not-credit-code",
      "abcdefghijklmnopqr",
      "18 letters containing I/O/S/V/Z are not a credit code and keep their case",
    ],
    ["nfd-to-nfc", "Cafe\u0301", "NFD input is normalised to NFC"],
    ["leading-zeros", "007", "numeric-looking ids stay strings"],
    ["chinese", "杭州市西湖区某某餐馆", "CJK ids are kept verbatim"],
    ["leading-space", " 007", "surrounding white space is rejected, never trimmed"],
    ["ideographic-space", "某某餐馆\u3000", "U+3000 at the end is white space: rejected"],
    ["control-char", "E\u00071", "control characters are rejected"],
    ["empty", "", "the empty string is rejected"],
  ];
  for (const [name, id, description] of ids) {
    const err = errorOf(() => E.canonicalEntityId(id));
    v.push({
      kind: "canonical-id",
      name,
      description,
      input: { id },
      expected: err ? { error: err.code } : { canonical: E.canonicalEntityId(id) },
    });
  }
  const seed = E.fromHex(SEED_HEX);
  const tickets: [string, string, string][] = [
    ["ascii", "A", "ENT-0001"],
    ["credit-code", "企业", "91350100M000100Y43"],
    ["chinese-stratum-and-id", "餐饮", "杭州西湖餐馆"],
    ["leading-zeros", "N", "007"],
    ["empty-like-short", "s", "7"],
  ];
  for (const [name, stratum, id] of tickets) {
    const hashInput = E.concatBytes(E.lp(E.TAGS.entityTicket), E.lp(seed), E.lp(stratum), E.lp(id));
    v.push({
      kind: "entity-ticket",
      name,
      description: "entity ticket = SHA-256(lp(tag) ‖ lp(seed) ‖ lp(stratum) ‖ lp(id))",
      input: { seed: SEED_HEX, stratum, id },
      expected: { hashInput: hex(hashInput), ticket: hex(E.entityTicket(seed, stratum, id)) },
    });
  }
  for (const [name, entityId, inspectorId] of [
    ["ascii", "ENT-0001", "INS-001"],
    ["chinese", "杭州西湖餐馆", "执法-042"],
  ] as const) {
    v.push({
      kind: "inspector-ticket",
      name,
      description: "inspector ticket = SHA-256(lp(tag) ‖ lp(seed) ‖ lp(entity id) ‖ lp(inspector id))",
      input: { seed: SEED_HEX, entityId, inspectorId },
      expected: { ticket: hex(E.inspectorTicket(seed, entityId, inspectorId)) },
    });
  }
  for (const n of [0, 1, 2, 3, 5, 8]) {
    const leaves = Array.from({ length: n }, (_, i) => hex(E.utf8(`leaf ${n - i}`)));
    const sorted = E.sortLeaves(leaves.map((l) => E.fromHex(l))).map(hex);
    v.push({
      kind: "merkle-root",
      name: `set-of-${n}`,
      description: "set root: leaves sorted by bytes, RFC 6962 tree",
      input: { leaves },
      expected: { sortedLeaves: sorted, root: hex(E.merkleRoot(leaves.map((l) => E.fromHex(l)))) },
    });
  }
  v.push({
    kind: "merkle-root",
    name: "duplicate-leaf",
    description: "duplicate leaves are rejected",
    input: { leaves: ["61", "62", "61"] },
    expected: { error: "duplicate-leaf" },
  });
  const seven = Array.from({ length: 7 }, (_, i) => E.merkleLeafHash(E.utf8(`leaf ${i}`)));
  for (const index of [0, 4, 6]) {
    v.push({
      kind: "merkle-inclusion",
      name: `seven-leaves-index-${index}`,
      description: "RFC 6962 PATH over leaf hashes in the given order",
      input: { leafHashes: seven.map(hex), index },
      expected: {
        root: hex(E.merkleRootFromLeafHashes(seven)),
        proof: E.merkleInclusionProof(seven, index).map(hex),
      },
    });
  }
  for (const m of [1, 3, 4]) {
    v.push({
      kind: "merkle-consistency",
      name: `seven-from-${m}`,
      description: "RFC 6962 PROOF(m, D[7])",
      input: { leafHashes: seven.map(hex), firstSize: m },
      expected: {
        firstRoot: hex(E.merkleRootFromLeafHashes(seven.slice(0, m))),
        secondRoot: hex(E.merkleRootFromLeafHashes(seven)),
        proof: E.merkleConsistencyProof(seven, m).map(hex),
      },
    });
  }
  const entries = [
    { stratum: "B", id: "x" },
    { stratum: "A", id: "91350100m000100y43" },
    { stratum: "A", id: "007" },
  ];
  const el = E.commitEligible(entries);
  v.push({
    kind: "eligible-root",
    name: "three-entities",
    description: "eligible leaves lp(tag) ‖ lp(stratum) ‖ lp(id), canonical ids, sorted by leaf bytes",
    input: { entries },
    expected: { leaves: el.entries.map((e) => hex(E.eligibleLeaf(e.stratum, e.id))), root: hex(el.root) },
  });
  const insp: E.InspectorRecord = {
    id: "执法-042",
    department: "SCJ",
    qualifications: ["licensing", "food-safety"],
    validFrom: "2024-01-01",
    validUntil: "2026-12-31",
  };
  v.push({
    kind: "inspector-leaf",
    name: "two-qualifications",
    description: "qualifications sorted by bytes, count as u32",
    input: { inspector: insp },
    expected: { leaf: hex(E.inspectorLeaf(insp)), poolRoot: hex(E.inspectorPoolRoot([insp])) },
  });
  v.push({
    kind: "conflict-digest",
    name: "one-pair",
    description: "conflict digest = H(tag, inspector id, entity id)",
    input: { inspectorId: "执法-042", entityId: "91350100M000100Y43" },
    expected: { digest: hex(E.conflictDigest("执法-042", "91350100M000100Y43")) },
  });
  const nonce = E.sha256(E.utf8("contributor nonce"));
  v.push({
    kind: "contributor-commitment",
    name: "32-byte-nonce",
    description: "H(tag, nonce)",
    input: { nonce: hex(nonce) },
    expected: { commitment: hex(E.contributorCommitment(nonce)) },
  });
  v.push({
    kind: "contributor-commitment",
    name: "short-nonce",
    description: "nonces shorter than 32 bytes are rejected",
    input: { nonce: "00".repeat(31) },
    expected: { error: "short-nonce" },
  });
  const ch = E.sha256(E.utf8("commitment"));
  const rnd = E.fromHex(drandFile.beacons[3]!.randomness);
  v.push({
    kind: "seed",
    name: "two-nonces-and-beacon",
    description: "seed = H(tag, commitment hash, nonces…, beacon randomness)",
    input: {
      commitmentHash: hex(ch),
      nonces: [hex(nonce), hex(E.sha256(nonce))],
      beaconRandomness: hex(rnd),
    },
    expected: { seed: hex(E.computeSeed(ch, [nonce, E.sha256(nonce)], rnd)) },
  });
  v.push({
    kind: "seed",
    name: "beacon-only",
    description: "no contributor nonces",
    input: { commitmentHash: hex(ch), nonces: [], beaconRandomness: hex(rnd) },
    expected: { seed: hex(E.computeSeed(ch, [], rnd)) },
  });
  for (const [n, rateBp] of [
    [0, 300],
    [1, 300],
    [33, 300],
    [34, 300],
    [100, 10000],
    [9999999, 1],
  ] as const) {
    v.push({
      kind: "sample-size",
      name: `n${n}-r${rateBp}`,
      description: "k = ceil(n × rate_bp / 10000)",
      input: { n, rateBp },
      expected: { k: E.sampleSize(n, rateBp) },
    });
  }
  const plan: E.BeaconPlan = { network: "drand", scheme: E.DRAND_SCHEME, ...E.DRAND_QUICKNET, round: 1000 };
  const good = drandFile.beacons.find((b) => b.round === 1000)!;
  const flipped = { ...good, signature: flipHexDigit(good.signature, 40) };
  for (const [name, beacon] of [
    ["round-1000", good],
    ["flipped-signature-byte", flipped],
  ] as const) {
    const err = errorOf(() => E.verifyBeacon(plan, beacon));
    v.push({
      kind: "drand-beacon",
      name,
      description: "quicknet BLS verification",
      input: { plan, beacon },
      expected: err ? { error: err.code } : { randomness: hex(E.verifyBeacon(plan, beacon)) },
    });
  }
  return v;
}
