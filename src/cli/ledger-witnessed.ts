/**
 * `sortes ledger verify … --witness NAME+KEY … [--quorum N]`: after the plain checks of
 * ledger.ts (the saved head's signature and its consistency with the current head), the
 * newest checkpoint that holds the saved head (and the --leaf) and is cosigned by the quorum
 * is found, and the saved head's consistency with it, and the leaf's inclusion in it, are
 * proven against the cosigned root. Without --sth, only the witnessing is checked.
 */
import type { SignedTreeHead } from "../ledger/canonical.js";
import { type CliIo, ledgerVerify, readJson } from "./ledger.js";
import { type QuorumPolicy, quorumPolicy, WitnessFailure, WitnessUsageError } from "./witness-quorum.js";
import {
  consistentWithCheckpoint,
  describeWitnessed,
  type Fetch,
  includedInCheckpoint,
  witnessedCheckpoint,
} from "./witnessed-checkpoint.js";

export interface WitnessedLedgerOptions {
  url: string;
  department: string;
  policy: QuorumPolicy;
  saved?: SignedTreeHead;
  leaf?: string;
  /** Pinned log key (hex Ed25519 or a C2SP verifier key). */
  logKey?: string;
  fetch?: Fetch;
}

export async function ledgerVerifyWitnessed(
  o: WitnessedLedgerOptions,
): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  const fetchFn: Fetch = o.fetch ?? ((u) => fetch(u));
  const base = o.url.replace(/\/+$/, "");
  const q = `department=${encodeURIComponent(o.department)}`;
  try {
    let minSize = o.saved?.sth.treeSize ?? 1;
    let what = o.saved ? `the saved tree head (size ${minSize})` : "any entry";
    const leaf = o.leaf?.toLowerCase();
    if (leaf) {
      // Where the service says the leaf is; proven below against the cosigned root.
      const res = await fetchFn(`${base}/public/ledger/sth?${q}`);
      if (!res.ok) throw new WitnessFailure(`GET ${base}/public/ledger/sth answered ${res.status}`);
      const size = ((await res.json()) as SignedTreeHead).sth.treeSize;
      const p = await fetchFn(`${base}/public/ledger/proof/inclusion?${q}&leaf=${leaf}&size=${size}`);
      if (!p.ok)
        throw new WitnessFailure(`leaf ${leaf} is not in the log (the service answered ${p.status})`);
      const index = ((await p.json()) as { index: number }).index;
      if (index + 1 > minSize) {
        minSize = index + 1;
        what = `ledger entry ${index} (leaf ${leaf})`;
      }
    }
    const cp = await witnessedCheckpoint(fetchFn, base, {
      department: o.department,
      policy: o.policy,
      minSize,
      what,
      logKey: o.logKey,
    });
    lines.push(describeWitnessed(cp));
    if (o.saved) {
      const { treeSize: size, rootHash } = o.saved.sth;
      await consistentWithCheckpoint(fetchFn, base, o.department, { size, rootHash }, cp);
      lines.push(
        `ok   consistency ${o.saved.sth.treeSize} → ${cp.size}: the witnessed log extends the saved head`,
      );
    }
    if (leaf) {
      const index = await includedInCheckpoint(fetchFn, base, o.department, { leafHash: leaf }, cp);
      lines.push(`ok   leaf ${leaf} is entry ${index} of the witnessed tree of size ${cp.size}`);
    }
    return { ok: true, lines };
  } catch (e) {
    if (!(e instanceof WitnessFailure)) throw e;
    lines.push(`FAIL ${e.message}`);
    return { ok: false, lines };
  }
}

/** `ledger verify` with --witness: the plain checks (with --sth), then the quorum's. */
export async function witnessedCli(
  values: Record<string, string | undefined>,
  witnesses: string[],
  io: CliIo,
  USAGE: string,
): Promise<number> {
  const usage = (m: string) => {
    io.err(`${m}\n${USAGE}`);
    return 2;
  };
  let policy: QuorumPolicy;
  try {
    policy = quorumPolicy(witnesses, values.quorum);
  } catch (e) {
    if (e instanceof WitnessUsageError) return usage(e.message);
    throw e;
  }
  if (!values.url) return usage("--witness needs --url (the service whose checkpoints the witnesses cosign)");
  const saved = values.sth ? readJson<SignedTreeHead>(values.sth) : undefined;
  const department = saved?.sth.log ?? values.department;
  if (!department) return usage("--witness needs --sth SAVED.json or --department ID_OR_CODE");
  if (saved) {
    const r = await ledgerVerify({
      saved,
      url: values.url,
      leaf: values.leaf,
      publicKey: values.key,
      fetch: io.fetch,
    });
    for (const l of r.lines) io.out(l);
    if (!r.ok) {
      io.out("FAIL");
      return 1;
    }
  }
  const w = await ledgerVerifyWitnessed({
    url: values.url,
    department,
    policy,
    saved,
    leaf: values.leaf,
    logKey: values.key,
    fetch: io.fetch,
  });
  for (const l of w.lines) io.out(l);
  io.out(w.ok ? "PASS" : "FAIL");
  return w.ok ? 0 : 1;
}
