/**
 * `sortes verify PROOF --eligible FILE --url URL --witness NAME+KEY … [--quorum N] [--log-key KEY]`
 *
 * First the offline verification (verify.ts: the draw re-run from the proof and the eligible
 * set). Then the proof is pinned to the ledger a quorum of witnesses cosigned: its
 * `round.proof` entry (leaf and content recomputed) must pin this proof's SHA-256 and
 * signature, the newest checkpoint holding that entry must carry valid cosignatures of at
 * least N of the given witnesses, and the entry's inclusion proof must lead to the cosigned
 * root. A service showing the public one history and the witnesses another fails here.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type ProofBundle, setSha256Backend } from "../draw-engine/index.js";
import { canonicalJson, type LedgerLeaf, leafHashHex, sha256Hex } from "../ledger/canonical.js";
import { nodeSha256, nodeSha256Stream } from "./node-hash.js";
import { cmdVerify, type Io } from "./verify.js";
import { InputError } from "./verify-io.js";
import { quorumPolicy, WitnessFailure, WitnessUsageError } from "./witness-quorum.js";
import {
  describeWitnessed,
  type Fetch,
  includedInCheckpoint,
  witnessedCheckpoint,
} from "./witnessed-checkpoint.js";

export const VERIFY_WITNESS_FLAGS = ["--url", "--witness", "--quorum", "--log-key"];

interface ProofEntry {
  index: number;
  leafHash: string;
  leaf: LedgerLeaf;
  content: { version: number; sha256: string; signature: string; publicKey: string } | null;
}

/** Splits off the witnessing flags (repeatable --witness); the rest goes to the offline verifier. */
function splitArgs(argv: string[]) {
  const rest: string[] = [];
  const witnesses: string[] = [];
  const one: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!VERIFY_WITNESS_FLAGS.includes(a)) {
      rest.push(a);
      continue;
    }
    const v = argv[++i];
    if (v === undefined) throw new InputError(`${a} needs a value`);
    if (a === "--witness") witnesses.push(v);
    else one[a.slice(2)] = v;
  }
  return { rest, witnesses, url: one.url, quorum: one.quorum, logKey: one["log-key"] };
}

/**
 * The proof file and a test of a pinned digest: the ledger pins the SHA-256 of the proof's
 * RFC 8785 text, which is the file itself when saved as served; a reformatted copy is
 * canonicalised (only then: a 100 MB proof costs seconds to canonicalise).
 */
function readPinnable(path: string) {
  const bytes = readFileSync(path);
  const raw = createHash("sha256").update(bytes).digest("hex");
  const proof = JSON.parse(bytes.toString("utf8")) as ProofBundle;
  let canonical: string | undefined;
  const digest = () => (canonical ??= sha256Hex(canonicalJson(proof, "proof")));
  return { proof, pins: (sha: string) => sha === raw || sha === digest(), digest };
}

/** The round.proof entry pinning this proof, its leaf and content recomputed. */
async function proofEntry(
  fetchFn: Fetch,
  base: string,
  department: string,
  file: ReturnType<typeof readPinnable>,
) {
  const { proof } = file;
  const roundId = proof.commitment.roundId;
  const url = `${base}/public/ledger/entries?department=${encodeURIComponent(department)}&kind=round.proof&artefactId=${roundId}`;
  const res = await fetchFn(url);
  if (!res.ok) throw new WitnessFailure(`GET ${url} answered ${res.status}`);
  const { items } = (await res.json()) as { items: ProofEntry[] };
  for (const e of items) {
    const at = `ledger entry ${e.index}`;
    if (leafHashHex(canonicalJson(e.leaf, "leaf")) !== e.leafHash)
      throw new WitnessFailure(`${at}: the leaf does not hash to the listed leaf hash ${e.leafHash}`);
    if (e.leaf.index !== e.index || e.leaf.kind !== "round.proof" || e.leaf.artefactId !== roundId)
      throw new WitnessFailure(
        `${at}: the leaf is ${e.leaf.kind} ${e.leaf.artefactId} index ${e.leaf.index}`,
      );
    if (e.content !== null && sha256Hex(canonicalJson(e.content)) !== e.leaf.contentHash)
      throw new WitnessFailure(`${at}: shown content does not match the leaf's content hash`);
  }
  const entry = items.find((e) => e.content !== null && file.pins(e.content.sha256));
  if (!entry)
    throw new WitnessFailure(
      `the ledger has no round.proof entry for this proof (SHA-256 ${file.digest()}); it pins ${items.map((e) => `version ${e.content?.version} → ${e.content?.sha256}`).join(", ") || "nothing"}`,
    );
  if (entry.content!.signature !== proof.signature)
    throw new WitnessFailure(`ledger entry ${entry.index}: the pinned signature is not the proof's`);
  return entry;
}

export async function cmdVerifyWitnessed(argv: string[], io: Io & { fetch?: Fetch }): Promise<number> {
  setSha256Backend(nodeSha256, nodeSha256Stream);
  const { rest, witnesses, url, quorum, logKey } = splitArgs(argv);
  if (!url)
    throw new InputError(
      "--witness and --quorum need --url URL (the service whose ledger the witnesses cosign)",
    );
  let policy: ReturnType<typeof quorumPolicy>;
  try {
    policy = quorumPolicy(witnesses, quorum);
  } catch (e) {
    if (e instanceof WitnessUsageError) throw new InputError(e.message);
    throw e;
  }
  const offline: string[] = [];
  const code = cmdVerify(rest, { out: (l) => offline.push(l), err: io.err });
  if (code !== 0) {
    for (const l of offline) io.out(l);
    return code;
  }
  for (const l of offline) io.out(l.startsWith("PASS ") ? `ok   draw ${l.slice(5)}` : l);
  const fetchFn: Fetch = io.fetch ?? ((u) => fetch(u));
  const base = url.replace(/\/+$/, "");
  try {
    const file = readPinnable(rest[0]!);
    const roundId = file.proof.commitment.roundId;
    const roundRes = await fetchFn(`${base}/public/rounds/${roundId}`);
    if (!roundRes.ok)
      throw new WitnessFailure(`GET ${base}/public/rounds/${roundId} answered ${roundRes.status}`);
    const department = ((await roundRes.json()) as { departmentId: string }).departmentId;
    const entry = await proofEntry(fetchFn, base, department, file);
    io.out(
      `ok   ledger entry ${entry.index} (round.proof version ${entry.content!.version}) pins this proof's SHA-256 and signature`,
    );
    const cp = await witnessedCheckpoint(fetchFn, base, {
      department,
      policy,
      minSize: entry.index + 1,
      what: `ledger entry ${entry.index}`,
      logKey,
    });
    io.out(describeWitnessed(cp));
    await includedInCheckpoint(fetchFn, base, department, entry, cp);
    io.out(`ok   ledger entry ${entry.index} is in the witnessed tree of size ${cp.size}`);
    io.out(
      `PASS ${roundId}: the draw verifies and its proof is in a ledger state cosigned by ${cp.verdict.count} of the ${policy.witnesses.length} witnesses given`,
    );
    return 0;
  } catch (e) {
    if (e instanceof WitnessUsageError) throw new InputError(e.message);
    if (!(e instanceof WitnessFailure)) throw e;
    io.out(`FAIL ${e.message}`);
    return 1;
  }
}
