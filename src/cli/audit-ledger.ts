/**
 * The ledger half of `sortes audit`: downloads a department's whole log as the public API
 * serves it and authenticates every entry against the current signed tree head — each leaf
 * hash recomputed from the leaf's canonical JSON, each shown content against its leaf's
 * content hash, and the Merkle root of all leaves against the head's signed root. What the
 * audit then reads from the ledger (proof digests, published documents) is as signed.
 */
import { fromHex, toHex } from "../draw-engine/bytes.js";
import { merkleRootFromLeafHashes } from "../draw-engine/merkle.js";
import {
  canonicalJson,
  type LedgerLeaf,
  leafHashHex,
  type SignedTreeHead,
  sha256Hex,
  treeHeadMessage,
} from "../ledger/canonical.js";
import { keyIdOf, verifySignature } from "../ledger/keys.js";

export type Fetch = (url: string) => Promise<Response>;

/** A verdict of the audit: the first difference, in plain words. */
export class AuditFailure extends Error {}

export interface LoggedEntry {
  index: number;
  leafHash: string;
  leaf: LedgerLeaf;
  content: unknown;
  takenDown: { at: string; byIndex: number | null } | null;
}

export interface PublicKeyInfo {
  keyId: string;
  publicKey: string;
}

export async function getJson<T>(fetchFn: Fetch, url: string): Promise<T> {
  const res = await fetchFn(url);
  const text = await res.text();
  if (!res.ok) {
    let detail = text;
    try {
      detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
    } catch {
      // not a problem document
    }
    throw new AuditFailure(`GET ${url} answered ${res.status}: ${detail}`);
  }
  return JSON.parse(text) as T;
}

export function checkHeadSignature(head: SignedTreeHead, keys: PublicKeyInfo[], what: string) {
  const key = keys.find((k) => k.keyId === head.sth.keyId);
  if (!key) throw new AuditFailure(`${what}: signing key ${head.sth.keyId} is not among the trusted keys`);
  if (keyIdOf(fromHex(key.publicKey, 32)) !== key.keyId)
    throw new AuditFailure(`${what}: published key does not match its id`);
  if (!verifySignature(fromHex(key.publicKey, 32), treeHeadMessage(head.sth), head.signature))
    throw new AuditFailure(`${what}: bad signature`);
}

/** Every entry of the log up to the head's size, each checked; throws on the first bad one. */
export async function authenticatedLog(
  fetchFn: Fetch,
  base: string,
  head: SignedTreeHead,
): Promise<LoggedEntry[]> {
  const log = head.sth.log;
  const size = head.sth.treeSize;
  const entries: LoggedEntry[] = [];
  while (entries.length < size) {
    const page = await getJson<{ items: LoggedEntry[] }>(
      fetchFn,
      `${base}/public/ledger/entries?department=${log}&from=${entries.length}&limit=${Math.min(1000, size - entries.length)}`,
    );
    if (page.items.length === 0) break;
    entries.push(...page.items);
  }
  const logged = entries.slice(0, size);
  if (logged.length !== size)
    throw new AuditFailure(`ledger: the head covers ${size} entries, the service lists ${logged.length}`);
  logged.forEach((e, i) => {
    const at = `ledger entry ${i}`;
    if (e.index !== i) throw new AuditFailure(`${at}: listed with index ${e.index}`);
    const leafHash = leafHashHex(canonicalJson(e.leaf, "leaf"));
    if (leafHash !== e.leafHash)
      throw new AuditFailure(`${at}: leaf hash is ${e.leafHash}, its leaf hashes to ${leafHash}`);
    if (e.leaf.log !== log || e.leaf.index !== i)
      throw new AuditFailure(`${at}: the leaf names log ${e.leaf.log} index ${e.leaf.index}`);
    if (e.content !== null && sha256Hex(canonicalJson(e.content)) !== e.leaf.contentHash)
      throw new AuditFailure(
        `${at} (${e.leaf.kind} ${e.leaf.artefactId}): shown content does not match the leaf's content hash`,
      );
  });
  const root = toHex(merkleRootFromLeafHashes(logged.map((e) => fromHex(e.leafHash, 32))));
  if (root !== head.sth.rootHash)
    throw new AuditFailure(
      `ledger: the ${size} listed leaves give root ${root}, the signed head says ${head.sth.rootHash}`,
    );
  return logged;
}
