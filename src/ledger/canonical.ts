/**
 * Byte-exact encodings shared by the service and the `ledger verify` CLI: JCS canonical JSON
 * (RFC 8785, via `canonicalize`), ledger leaves and signed tree heads. Pure: no database.
 */
import canonicalize from "canonicalize";
import { fromHex, toHex, utf8 } from "../draw-engine/bytes.js";
import { sha256 } from "../draw-engine/hash.js";
import { merkleLeafHash } from "../draw-engine/merkle.js";
import { Invalid } from "../errors.js";

export function canonicalJson(value: unknown, what = "content"): string {
  let out: string | undefined;
  try {
    out = canonicalize(value);
  } catch (err) {
    throw new Invalid(`${what} cannot be canonicalised: ${(err as Error).message}`);
  }
  if (out === undefined) throw new Invalid(`${what} is not a JSON value`);
  return out;
}

export const sha256Hex = (s: string): string => toHex(sha256(utf8(s)));

/** What a Merkle leaf commits to. The content itself is covered through its hash. */
export interface LedgerLeaf {
  v: 1;
  /** The log: the department's id. */
  log: string;
  index: number;
  kind: string;
  artefactId: string;
  /** ISO-8601 UTC with milliseconds. */
  loggedAt: string;
  /** Hex SHA-256 of the content's canonical JSON. */
  contentHash: string;
}

/** RFC 9162 leaf hash (SHA-256(0x00 ‖ leaf)) over the leaf's canonical JSON bytes, in hex. */
export function leafHashHex(leafJson: string): string {
  return toHex(merkleLeafHash(utf8(leafJson)));
}

export function buildLeaf(input: Omit<LedgerLeaf, "v" | "contentHash"> & { content: unknown }) {
  const contentJson = canonicalJson(input.content);
  const leaf: LedgerLeaf = {
    v: 1,
    log: input.log,
    index: input.index,
    kind: input.kind,
    artefactId: input.artefactId,
    loggedAt: input.loggedAt,
    contentHash: sha256Hex(contentJson),
  };
  const leafJson = canonicalJson(leaf, "leaf");
  return { leaf, leafJson, leafHash: leafHashHex(leafJson), contentJson };
}

/** The signed part of a tree head. `type` separates these signatures from any other use of the key. */
export interface TreeHead {
  type: "sortes/sth/v1";
  log: string;
  treeSize: number;
  /** Hex Merkle tree hash of the first `treeSize` leaves. */
  rootHash: string;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
  keyId: string;
}

export interface SignedTreeHead {
  sth: TreeHead;
  /** Hex Ed25519 signature over the UTF-8 canonical JSON of `sth`. */
  signature: string;
}

export function treeHeadMessage(sth: TreeHead): Uint8Array {
  return utf8(canonicalJson(sth, "tree head"));
}

export const hexToBytes = (hex: string) => fromHex(hex, 32);
