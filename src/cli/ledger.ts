/**
 * `sortes ledger …`: checks a department's transparency log from the outside.
 *   verify --sth SAVED.json (--url URL | --dump DUMP.json) [--leaf HASH] [--key HEX]
 *       SAVED.json is a signed tree head saved earlier (GET /public/ledger/sth). Checks both
 *       heads' signatures, that the current log is an append-only extension of the saved one
 *       (RFC 9162 consistency proof) and, with --leaf, that the leaf is in the current tree.
 *   verify (--sth SAVED.json | --department D) --url URL --witness NAME+KEY … [--quorum N] [--leaf HASH]
 *       also requires a checkpoint cosigned by N of the witnesses (ledger-witnessed.ts).
 *   dump --url URL --department ID_OR_CODE --out DUMP.json
 *       saves the current signed head and every entry, to verify later without the server.
 * --key pins the expected public key (hex); without it the key is fetched from /public/keys.
 * Exit codes: 0 pass, 1 verification failed, 2 bad usage or unreadable input.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { fromHex, toHex } from "../draw-engine/bytes.js";
import {
  merkleConsistencyProof,
  merkleInclusionProof,
  merkleRootFromLeafHashes,
  verifyMerkleConsistency,
  verifyMerkleInclusion,
} from "../draw-engine/merkle.js";
import { canonicalJson, leafHashHex, type SignedTreeHead, treeHeadMessage } from "../ledger/canonical.js";
import { keyIdOf, verifySignature } from "../ledger/keys.js";

type Fetch = (url: string) => Promise<Response>;

export interface LedgerDump {
  sth: SignedTreeHead;
  entries: { index: number; leafHash: string; leaf: unknown }[];
}

export interface LedgerVerifyOptions {
  /** The saved signed tree head (parsed JSON). */
  saved: SignedTreeHead;
  url?: string;
  dump?: LedgerDump;
  leaf?: string;
  publicKey?: string;
  fetch?: Fetch;
}

export interface LedgerVerifyResult {
  ok: boolean;
  lines: string[];
  current?: SignedTreeHead;
}

class Failure extends Error {}

const h32 = (hex: string) => fromHex(hex, 32);

async function getJson<T>(fetchFn: Fetch, url: string): Promise<T> {
  const res = await fetchFn(url);
  if (!res.ok) throw new Failure(`GET ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Recomputes every leaf hash of a dump and checks the dump's head root against them. */
function dumpLeafHashes(dump: LedgerDump): Uint8Array[] {
  const hashes = dump.entries.map((e, i) => {
    if (e.index !== i) throw new Failure(`dump entry ${i} has index ${e.index}`);
    if (leafHashHex(canonicalJson(e.leaf, "leaf")) !== e.leafHash)
      throw new Failure(`dump entry ${i}: leaf hash mismatch`);
    return h32(e.leafHash);
  });
  const head = hashes.slice(0, dump.sth.sth.treeSize);
  if (
    head.length !== dump.sth.sth.treeSize ||
    toHex(merkleRootFromLeafHashes(head)) !== dump.sth.sth.rootHash
  ) {
    throw new Failure("dump entries do not produce the dump's signed root");
  }
  return head;
}

export async function ledgerVerify(opts: LedgerVerifyOptions): Promise<LedgerVerifyResult> {
  const lines: string[] = [];
  const fetchFn: Fetch = opts.fetch ?? ((u) => fetch(u));
  const base = opts.url?.replace(/\/+$/, "");
  const { saved } = opts;
  const log = saved.sth.log;
  const q = `department=${encodeURIComponent(log)}`;
  try {
    let keys: { keyId: string; publicKey: string }[] = [];
    if (opts.publicKey)
      keys = [
        {
          keyId: keyIdOf(fromHex(opts.publicKey.toLowerCase(), 32)),
          publicKey: opts.publicKey.toLowerCase(),
        },
      ];
    else if (base) keys = (await getJson<{ keys: typeof keys }>(fetchFn, `${base}/public/keys`)).keys;
    else throw new Failure("without --url, pass the expected public key with --key");
    const checkSig = (head: SignedTreeHead, what: string) => {
      const key = keys.find((k) => k.keyId === head.sth.keyId);
      if (!key)
        throw new Failure(
          `${what}: signing key ${head.sth.keyId} is not ${opts.publicKey ? "the pinned key" : "published"}`,
        );
      if (keyIdOf(h32(key.publicKey)) !== key.keyId)
        throw new Failure(`${what}: published key does not match its id`);
      if (!verifySignature(h32(key.publicKey), treeHeadMessage(head.sth), head.signature))
        throw new Failure(`${what}: bad signature`);
      lines.push(`ok   ${what}: size ${head.sth.treeSize}, root ${head.sth.rootHash}, signature valid`);
    };
    checkSig(saved, "saved tree head");

    let hashes: Uint8Array[] | null = null;
    let current: SignedTreeHead;
    if (opts.dump) {
      current = opts.dump.sth;
      hashes = dumpLeafHashes(opts.dump);
    } else if (base) {
      current = await getJson<SignedTreeHead>(fetchFn, `${base}/public/ledger/sth?${q}`);
    } else throw new Failure("pass --url or --dump");
    checkSig(current, "current tree head");
    if (current.sth.log !== log)
      throw new Failure(`current head is for log ${current.sth.log}, saved one for ${log}`);
    const from = saved.sth.treeSize;
    const to = current.sth.treeSize;
    if (from > to) throw new Failure(`the log shrank: saved size ${from} > current size ${to}`);

    const consistency = hashes
      ? merkleConsistencyProof(hashes, from).map(toHex)
      : (
          await getJson<{ proof: string[] }>(
            fetchFn,
            `${base}/public/ledger/proof/consistency?${q}&from=${from}&to=${to}`,
          )
        ).proof;
    const consistent = verifyMerkleConsistency({
      firstSize: from,
      secondSize: to,
      firstRoot: h32(saved.sth.rootHash),
      secondRoot: h32(current.sth.rootHash),
      proof: consistency.map(h32),
    });
    if (!consistent) throw new Failure(`consistency proof ${from} → ${to} FAILED: the log was rewritten`);
    lines.push(`ok   consistency ${from} → ${to}: the current log extends the saved one`);

    if (opts.leaf) {
      const leaf = opts.leaf.toLowerCase();
      let index: number;
      let path: string[];
      if (hashes) {
        index = hashes.findIndex((x) => toHex(x) === leaf);
        if (index < 0) throw new Failure(`leaf ${leaf} is not in the dump`);
        path = merkleInclusionProof(hashes, index).map(toHex);
      } else {
        const p = await getJson<{ index: number; proof: string[] }>(
          fetchFn,
          `${base}/public/ledger/proof/inclusion?${q}&leaf=${leaf}&size=${to}`,
        );
        index = p.index;
        path = p.proof;
      }
      const included = verifyMerkleInclusion({
        leafHash: h32(leaf),
        index,
        treeSize: to,
        proof: path.map(h32),
        root: h32(current.sth.rootHash),
      });
      if (!included) throw new Failure(`inclusion proof for leaf ${leaf} FAILED`);
      lines.push(`ok   leaf ${leaf} is entry ${index} of the tree of size ${to}`);
    }
    return { ok: true, lines, current };
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    lines.push(`FAIL ${e.message}`);
    return { ok: false, lines };
  }
}

/** Fetches the current head and every entry it covers. */
export async function ledgerDump(
  url: string,
  department: string,
  fetchFn: Fetch = (u) => fetch(u),
): Promise<LedgerDump> {
  const base = url.replace(/\/+$/, "");
  const q = `department=${encodeURIComponent(department)}`;
  const sth = await getJson<SignedTreeHead>(fetchFn, `${base}/public/ledger/sth?${q}`);
  const entries: LedgerDump["entries"] = [];
  while (entries.length < sth.sth.treeSize) {
    const page = await getJson<{ items: LedgerDump["entries"] }>(
      fetchFn,
      `${base}/public/ledger/entries?${q}&from=${entries.length}&limit=1000`,
    );
    if (page.items.length === 0) break;
    for (const e of page.items) entries.push({ index: e.index, leafHash: e.leafHash, leaf: e.leaf });
  }
  return { sth, entries: entries.slice(0, sth.sth.treeSize) };
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  fetch?: Fetch;
}

const USAGE = `usage: sortes ledger verify --sth SAVED.json (--url URL | --dump DUMP.json) [--leaf HASH] [--key HEX]
       sortes ledger verify (--sth SAVED.json | --department ID_OR_CODE) --url URL
                            --witness NAME+KEY … [--quorum N] [--leaf HASH] [--key HEX]
       sortes ledger dump --url URL --department ID_OR_CODE --out DUMP.json
--witness (repeatable) is a witness's cosignature verifier key; --quorum N (default: all given)
of them must have cosigned a checkpoint holding the saved head and the leaf, and the saved
head's consistency and the leaf's inclusion are proven against that cosigned root.`;

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** Entry point for the dispatcher: `argv` starts after "ledger". */
export async function ledgerCli(argv: string[], io: CliIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === "help" || argv.includes("--help") || argv.includes("-h")) {
    io.out(USAGE);
    return 0;
  }
  let values: Record<string, string | undefined>;
  let witnesses: string[] = [];
  try {
    const parsed = parseArgs({
      args: rest,
      options: {
        sth: { type: "string" },
        url: { type: "string" },
        dump: { type: "string" },
        leaf: { type: "string" },
        key: { type: "string" },
        department: { type: "string" },
        out: { type: "string" },
        witness: { type: "string", multiple: true },
        quorum: { type: "string" },
      },
    });
    witnesses = parsed.values.witness ?? [];
    values = { ...parsed.values, witness: undefined } as Record<string, string | undefined>;
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    if (cmd === "verify" && (witnesses.length > 0 || values.quorum !== undefined))
      return await (await import("./ledger-witnessed.js")).witnessedCli(values, witnesses, io, USAGE);
    if (cmd === "verify" && values.sth && (values.url || values.dump)) {
      const r = await ledgerVerify({
        saved: readJson<SignedTreeHead>(values.sth),
        url: values.url,
        dump: values.dump ? readJson<LedgerDump>(values.dump) : undefined,
        leaf: values.leaf,
        publicKey: values.key,
        fetch: io.fetch,
      });
      for (const l of r.lines) io.out(l);
      io.out(r.ok ? "PASS" : "FAIL");
      return r.ok ? 0 : 1;
    }
    if (cmd === "dump" && values.url && values.department && values.out) {
      const dump = await ledgerDump(values.url, values.department, io.fetch);
      writeFileSync(values.out, `${JSON.stringify(dump, null, 2)}\n`);
      io.out(
        `saved tree head of size ${dump.sth.sth.treeSize} and ${dump.entries.length} entries to ${values.out}`,
      );
      return 0;
    }
  } catch (e) {
    io.err(`error: ${(e as Error).message}`);
    return 2;
  }
  io.err(USAGE);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await ledgerCli(process.argv.slice(2), {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
  });
  process.exit(code);
}
