/**
 * Finds, on a running service, the newest C2SP checkpoint of a department's log that holds a
 * given tree size and is cosigned by a quorum of the witnesses the verifier trusts; then
 * proves an entry's inclusion in it, or a saved head's consistency with it, against the
 * cosigned root. Everything the service says is checked here: the log's note signature (the
 * key pinned with --key, else every key of /public/keys under the checkpoint's origin), each
 * cosignature (witness-quorum.ts) and the Merkle proofs. The JSON list of checkpoints only
 * says which sizes to fetch; a lie in it can make a check fail, never pass.
 */
import { fromHex, toHex } from "../draw-engine/bytes.js";
import { verifyMerkleConsistency, verifyMerkleInclusion } from "../draw-engine/merkle.js";
import {
  formatVerifierKey,
  NoteError,
  openCheckpoint,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  SIG_TYPE_ED25519,
  type VerifierKey,
} from "../ledger/c2sp/index.js";
import {
  checkQuorum,
  describeQuorum,
  forgedCosignature,
  type QuorumPolicy,
  type QuorumVerdict,
  WitnessFailure,
  WitnessUsageError,
} from "./witness-quorum.js";

export type Fetch = (url: string) => Promise<Response>;

export interface WitnessedCheckpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  note: string;
  verdict: QuorumVerdict;
}

interface ListedCheckpoint {
  size: number;
  cosigners?: { name: string }[];
}

/** How many checkpoints below the newest covering one are tried before giving up. */
const MAX_CANDIDATES = 50;

async function get(fetchFn: Fetch, url: string): Promise<string> {
  const res = await fetchFn(url);
  const text = await res.text();
  if (!res.ok) {
    let detail = text;
    try {
      detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
    } catch {
      // not a problem document
    }
    throw new WitnessFailure(`GET ${url} answered ${res.status}: ${detail.slice(0, 300)}`);
  }
  return text;
}

const getJson = async <T>(fetchFn: Fetch, url: string): Promise<T> =>
  JSON.parse(await get(fetchFn, url)) as T;

/**
 * The log's note verifier keys for `origin`: `pinned` as a vkey (name+hash+base64) or a hex
 * Ed25519 key (named after the origin, as the service signs), else the department's
 * /public/ledger/log-key and every key of /public/keys (older checkpoints may be signed by a
 * key that is no longer current).
 */
async function logKeys(
  fetchFn: Fetch,
  base: string,
  q: string,
  origin: string,
  pinned?: string,
): Promise<VerifierKey[]> {
  const asKey = (hex: string) => parseVerifierKey(formatVerifierKey(origin, fromHex(hex.toLowerCase(), 32)));
  if (pinned) {
    if (/^[0-9a-fA-F]{64}$/.test(pinned)) return [asKey(pinned)];
    let key: VerifierKey;
    try {
      key = parseVerifierKey(pinned);
    } catch (e) {
      if (!(e instanceof NoteError)) throw e;
      throw new WitnessUsageError(`--key: ${e.message}`);
    }
    if (key.alg !== SIG_TYPE_ED25519)
      throw new WitnessUsageError("--key: not a note-signing key (type 0x01)");
    return [key];
  }
  const current = await getJson<{ verifierKey: string }>(fetchFn, `${base}/public/ledger/log-key?${q}`);
  const published = await getJson<{ keys: { publicKey: string }[] }>(fetchFn, `${base}/public/keys`);
  const keys = published.keys
    .filter((k) => /^[0-9a-f]{64}$/i.test(k.publicKey))
    .map((k) => asKey(k.publicKey));
  if (current.verifierKey.startsWith(`${origin}+`)) keys.push(parseVerifierKey(current.verifierKey));
  return keys.filter((k, i) => keys.findIndex((x) => x.vkey === k.vkey) === i);
}

/** The checkpoints the service lists for the log, newest first (every page). */
async function listCheckpoints(fetchFn: Fetch, base: string, q: string): Promise<ListedCheckpoint[]> {
  const out: ListedCheckpoint[] = [];
  let before: number | null | undefined;
  for (let page = 0; before !== null && page < 1000; page++) {
    const url = `${base}/public/ledger/checkpoints?${q}&limit=1000${before === undefined ? "" : `&before=${before}`}`;
    const body = await getJson<{ items: ListedCheckpoint[]; nextBefore: number | null }>(fetchFn, url);
    out.push(...body.items);
    before = body.items.length === 0 ? null : (body.nextBefore ?? null);
  }
  return out;
}

/** One served checkpoint, its log signature checked and its size the one asked for. */
async function servedCheckpoint(
  fetchFn: Fetch,
  base: string,
  q: string,
  size: number,
  keysOf: (origin: string) => Promise<VerifierKey[]>,
) {
  const note = await get(fetchFn, `${base}/public/ledger/checkpoint?${q}&size=${size}`);
  try {
    const origin = parseCheckpoint(parseNote(note).text).origin;
    const opened = openCheckpoint(note, await keysOf(origin));
    const cp = opened.checkpoint;
    if (cp.size !== size)
      throw new WitnessFailure(`asked for the checkpoint of size ${size}, got size ${cp.size}`);
    return { note, origin, size, rootHash: cp.rootHash };
  } catch (e) {
    if (!(e instanceof NoteError)) throw e;
    throw new WitnessFailure(`checkpoint of size ${size}: ${e.message}`);
  }
}

export interface QuorumSearch {
  department: string;
  policy: QuorumPolicy;
  /** The checkpoint must hold at least this many entries. */
  minSize: number;
  /** What must be covered, for messages ("ledger entry 12"). */
  what: string;
  /** Pinned log key (hex Ed25519 or a C2SP vkey). */
  logKey?: string;
}

/** The newest checkpoint of size ≥ minSize cosigned by the quorum; WitnessFailure otherwise. */
export async function witnessedCheckpoint(
  fetchFn: Fetch,
  base: string,
  s: QuorumSearch,
): Promise<WitnessedCheckpoint> {
  const q = `department=${encodeURIComponent(s.department)}`;
  const listed = await listCheckpoints(fetchFn, base, q);
  const covering = listed.filter((c) => c.size >= s.minSize).sort((a, b) => b.size - a.size);
  if (covering.length === 0) {
    const newest = listed.reduce((m, c) => Math.max(m, c.size), 0);
    throw new WitnessFailure(
      `witnesses: no checkpoint holds ${s.what} yet (the newest checkpoint has size ${newest}); the entry is not witnessed`,
    );
  }
  const trusted = new Set(s.policy.witnesses.map((w) => w.name));
  const promising = (c: ListedCheckpoint) =>
    (c.cosigners ?? []).filter((x) => trusted.has(x.name)).length >= s.policy.quorum;
  // Always the newest (its verdict is the one reported); older ones only where the list
  // promises a quorum.
  const candidates = [covering[0]!, ...covering.slice(1).filter(promising)].slice(0, MAX_CANDIDATES);
  let first: { size: number; verdict: QuorumVerdict } | undefined;
  const keys = new Map<string, Promise<VerifierKey[]>>();
  const keysOf = (origin: string) => {
    if (!keys.has(origin)) keys.set(origin, logKeys(fetchFn, base, q, origin, s.logKey));
    return keys.get(origin)!;
  };
  for (const c of candidates) {
    const cp = await servedCheckpoint(fetchFn, base, q, c.size, keysOf);
    const verdict = checkQuorum(cp.note, s.policy);
    const forged = forgedCosignature(verdict);
    if (forged)
      throw new WitnessFailure(
        `witness ${forged}: cosignature does not verify (checkpoint ${cp.origin} size ${cp.size}) — the service shows a tree this witness did not cosign`,
      );
    if (verdict.met) return { ...cp, verdict };
    first ??= { size: cp.size, verdict };
  }
  throw new WitnessFailure(
    `witnesses: ${describeQuorum(first!.verdict)} — on the newest checkpoint holding ${s.what} (size ${first!.size})`,
  );
}

/** Checks that leaf `leafHash` is entry `index` of the cosigned tree. */
export async function includedInCheckpoint(
  fetchFn: Fetch,
  base: string,
  department: string,
  leaf: { leafHash: string; index?: number },
  cp: WitnessedCheckpoint,
): Promise<number> {
  const q = `department=${encodeURIComponent(department)}`;
  const p = await getJson<{ index: number; proof: string[] }>(
    fetchFn,
    `${base}/public/ledger/proof/inclusion?${q}&leaf=${leaf.leafHash}&size=${cp.size}`,
  );
  if (leaf.index !== undefined && p.index !== leaf.index)
    throw new WitnessFailure(
      `the service proves leaf ${leaf.leafHash} at index ${p.index}, the entry is ${leaf.index}`,
    );
  const ok = verifyMerkleInclusion({
    leafHash: fromHex(leaf.leafHash, 32),
    index: p.index,
    treeSize: cp.size,
    proof: p.proof.map((h) => fromHex(h, 32)),
    root: cp.rootHash,
  });
  if (!ok)
    throw new WitnessFailure(
      `inclusion of entry ${p.index} in the witnessed checkpoint (size ${cp.size}) FAILED: the cosigned tree does not hold it`,
    );
  return p.index;
}

/** Checks that the cosigned tree extends a tree of `from` leaves with root `fromRoot` (hex). */
export async function consistentWithCheckpoint(
  fetchFn: Fetch,
  base: string,
  department: string,
  saved: { size: number; rootHash: string },
  cp: WitnessedCheckpoint,
): Promise<void> {
  const q = `department=${encodeURIComponent(department)}`;
  const proof =
    saved.size === cp.size || saved.size === 0
      ? []
      : (
          await getJson<{ proof: string[] }>(
            fetchFn,
            `${base}/public/ledger/proof/consistency?${q}&from=${saved.size}&to=${cp.size}`,
          )
        ).proof;
  if (saved.size > cp.size)
    throw new WitnessFailure(
      `the saved head (size ${saved.size}) is larger than the witnessed checkpoint (size ${cp.size})`,
    );
  const ok =
    saved.size === 0 ||
    (saved.size === cp.size
      ? saved.rootHash === toHex(cp.rootHash)
      : verifyMerkleConsistency({
          firstSize: saved.size,
          secondSize: cp.size,
          firstRoot: fromHex(saved.rootHash, 32),
          secondRoot: cp.rootHash,
          proof: proof.map((h) => fromHex(h, 32)),
        }));
  if (!ok)
    throw new WitnessFailure(
      `consistency ${saved.size} → ${cp.size} with the witnessed checkpoint FAILED: the saved head is not in the history the witnesses cosigned`,
    );
}

/** `ok   witnessed: checkpoint … cosigned by a, b (2 of 2 required)` */
export function describeWitnessed(cp: WitnessedCheckpoint): string {
  const ok = cp.verdict.witnesses.filter((w) => w.status === "ok");
  const names = ok.map(
    (w) => `${w.name} at ${w.status === "ok" ? new Date(w.timestamp * 1000).toISOString() : ""}`,
  );
  return `ok   witnessed: checkpoint ${cp.origin} size ${cp.size} root ${toHex(cp.rootHash)} cosigned by ${names.join(", ")} (${cp.verdict.count} of ${cp.verdict.required} required)`;
}
