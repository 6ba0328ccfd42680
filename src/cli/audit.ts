/**
 * `sortes audit`: checks what a Sortes service shows the public against what it signed and
 * ledgered, using only the public API (issue #11, item 5).
 *   audit --url URL (--round ID | --department ID_OR_CODE) [--sth SAVED.json] [--key HEX] [--lookups N]
 * 1. The department's log: every entry authenticated against the current signed tree head
 *    (and, with --sth, that head checked to extend the saved one).
 * 2. Each round with a proof in the log (or the one named): the newest proof version's text
 *    against the digest its `round.proof` entry pins, and its signature; the public drawn list
 *    (`/public/rounds/{id}/drawn`) row by row against the proof's selections and final teams;
 *    the entity lookups of the drawn entities (up to --lookups, default 2000, evenly spread)
 *    against the proof, with their eligible-set inclusion proofs against the committed root.
 * 3. Every logged publication (of the round, with --round): the served document, its ledger
 *    index and leaf hash against the log; the department's public search lists no other.
 * Prints `ok …` lines and PASS, or the first difference (round or finding, table, key, field,
 * expected vs found) and FAIL. Exit codes: 0 pass, 1 a difference, 2 bad usage or unreachable.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type ProofBundle, verifyAnyEligibleInclusion, verifyProofSignature } from "../draw-engine/index.js";
import { indexOf, type Mismatch, type SignedDraw } from "../draws/signed-index.js";
import type { SignedTreeHead } from "../ledger/canonical.js";
import { keyIdOf } from "../ledger/keys.js";
import { auditFindings } from "./audit-findings.js";
import {
  AuditFailure,
  authenticatedLog,
  checkHeadSignature,
  type Fetch,
  getJson,
  type LoggedEntry,
  type PublicKeyInfo,
} from "./audit-ledger.js";
import { ledgerVerify } from "./ledger.js";

export interface AuditOptions {
  url: string;
  round?: string;
  department?: string;
  saved?: SignedTreeHead;
  publicKey?: string;
  lookups?: number;
  fetch?: Fetch;
}

export interface AuditResult {
  ok: boolean;
  lines: string[];
}

const say = (m: Mismatch, version: number) =>
  new AuditFailure(
    `round ${m.roundId}, ${m.table}, ${m.key}: ${m.field} — signed proof version ${version} says ${m.expected}, the service shows ${m.found}`,
  );

/** The newest proof version of a round as pinned in the log, downloaded, checked and indexed. */
async function signedRound(fetchFn: Fetch, base: string, roundId: string, log: LoggedEntry[]) {
  const pins = log
    .filter((e) => e.leaf.kind === "round.proof" && e.leaf.artefactId === roundId && e.content !== null)
    .map((e) => e.content as { version: number; sha256: string; signature: string; publicKey: string });
  if (pins.length === 0)
    throw new AuditFailure(`round ${roundId}: no round.proof entry under the signed tree head`);
  const pin = pins.reduce((a, b) => (b.version > a.version ? b : a));
  const res = await fetchFn(`${base}/public/rounds/${roundId}/proof?version=${pin.version}`);
  if (!res.ok)
    throw new AuditFailure(`round ${roundId}: proof version ${pin.version} answered ${res.status}`);
  const text = await res.text();
  const digest = createHash("sha256").update(text, "utf8").digest("hex");
  if (digest !== pin.sha256)
    throw new AuditFailure(
      `round ${roundId}, proof version ${pin.version}: text SHA-256 ${digest}, the ledger pins ${pin.sha256}`,
    );
  const at = `round ${roundId}, proof version ${pin.version}`;
  let proof: ProofBundle;
  try {
    proof = JSON.parse(text) as ProofBundle;
  } catch {
    throw new AuditFailure(`${at}: the text is not valid JSON`);
  }
  if (proof.signature !== pin.signature || proof.publicKey !== pin.publicKey)
    throw new AuditFailure(`${at}: signature or public key differs from the ledgered ones`);
  if (!verifyProofSignature(proof)) throw new AuditFailure(`${at}: the signature does not verify`);
  return { signed: indexOf(roundId, { version: pin.version, sha256: digest }, proof), proof };
}

async function auditDrawnList(fetchFn: Fetch, base: string, signed: SignedDraw) {
  const { roundId, version } = signed;
  let offset = 0;
  for (;;) {
    const page = await getJson<{
      proofVersion: number | null;
      total: number;
      items: { entityId: string; stratum: string; rank: number; ticket: string; inspectors: string[] }[];
    }>(fetchFn, `${base}/public/rounds/${roundId}/drawn?offset=${offset}&limit=5000`);
    const list = (key: string, field: string, expected: string, found: string) =>
      say({ roundId, table: "drawn list", key, field, expected, found }, version);
    if (page.proofVersion !== version)
      throw list("header", "proofVersion", String(version), String(page.proofVersion));
    if (page.total !== signed.order.length)
      throw list("header", "total", String(signed.order.length), String(page.total));
    for (const [i, item] of page.items.entries()) {
      const pos = offset + i;
      const id = signed.order[pos];
      const key = `position ${pos}`;
      if (item.entityId !== id) throw list(key, "entityId", String(id), item.entityId);
      const exp = signed.selected.get(id)!;
      // The served rank is 1-based (draw-spec §7); the signed index holds the 0-based list position.
      const want = { ...exp, rank: exp.rank + 1 };
      for (const f of ["stratum", "rank", "ticket"] as const)
        if (item[f] !== want[f]) throw list(`${key} (entity ${id})`, f, String(want[f]), String(item[f]));
      const team = (signed.teams.get(id) ?? []).join(", ") || "none";
      const shown = item.inspectors.join(", ") || "none";
      if (team !== shown) throw list(`${key} (entity ${id})`, "inspectors", team, shown);
    }
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  if (offset !== signed.order.length)
    throw say(
      {
        roundId,
        table: "drawn list",
        key: "pages",
        field: "rows",
        expected: String(signed.order.length),
        found: String(offset),
      },
      version,
    );
}

async function auditLookups(
  fetchFn: Fetch,
  base: string,
  signed: SignedDraw,
  eligibleRoot: string,
  max: number,
): Promise<number> {
  const { order, roundId, version } = signed;
  const step = order.length <= max ? 1 : order.length / max;
  const ids: string[] = [];
  for (let x = 0; Math.floor(x) < order.length && ids.length < max; x += step)
    ids.push(order[Math.floor(x)]!);
  const check = async (id: string) => {
    const l = await getJson<{
      drawn: boolean;
      stratum: string | null;
      rank: number | null;
      ticket: string | null;
      inclusion: ({ root: string } & Parameters<typeof verifyAnyEligibleInclusion>[0]) | null;
    }>(fetchFn, `${base}/public/rounds/${roundId}/entities/${encodeURIComponent(id)}`);
    const exp = signed.selected.get(id)!;
    const at = (field: string, expected: string, found: string) =>
      say({ roundId, table: "entity lookup", key: `entity ${id}`, field, expected, found }, version);
    if (!l.drawn) throw at("drawn", "true", String(l.drawn));
    const want = { ...exp, rank: exp.rank + 1 };
    for (const f of ["stratum", "rank", "ticket"] as const)
      if (l[f] !== want[f]) throw at(f, String(want[f]), String(l[f]));
    if (!l.inclusion || l.inclusion.root !== eligibleRoot)
      throw at("inclusion.root", eligibleRoot, String(l.inclusion?.root));
    if (!verifyAnyEligibleInclusion(l.inclusion))
      throw at("inclusion", "a path to the committed eligible root", "a path that does not verify");
  };
  // A few requests in flight: the checks are independent; the first failure in order is reported.
  for (let i = 0; i < ids.length; i += 8) {
    const batch = ids.slice(i, i + 8).map((id) =>
      check(id).then(
        () => null,
        (e: unknown) => e,
      ),
    );
    for (const e of await Promise.all(batch)) if (e) throw e;
  }
  return ids.length;
}

export async function audit(opts: AuditOptions): Promise<AuditResult> {
  const lines: string[] = [];
  const fetchFn: Fetch = opts.fetch ?? ((u) => fetch(u));
  const base = opts.url.replace(/\/+$/, "");
  try {
    let department = opts.department;
    if (opts.round) {
      const round = await getJson<{ departmentId: string }>(fetchFn, `${base}/public/rounds/${opts.round}`);
      department = round.departmentId;
    }
    if (!department) throw new AuditFailure("pass --round or --department");
    const keys: PublicKeyInfo[] = opts.publicKey
      ? [{ keyId: keyIdOf(Buffer.from(opts.publicKey, "hex")), publicKey: opts.publicKey.toLowerCase() }]
      : (await getJson<{ keys: PublicKeyInfo[] }>(fetchFn, `${base}/public/keys`)).keys;
    const head = await getJson<SignedTreeHead>(
      fetchFn,
      `${base}/public/ledger/sth?department=${encodeURIComponent(department)}`,
    );
    checkHeadSignature(head, keys, "current tree head");
    if (opts.saved) {
      const v = await ledgerVerify({
        saved: opts.saved,
        url: base,
        publicKey: opts.publicKey,
        fetch: fetchFn,
      });
      if (!v.ok) throw new AuditFailure(v.lines.at(-1)?.replace(/^FAIL /, "") ?? "saved head check failed");
      lines.push(`ok   the log extends the saved tree head of size ${opts.saved.sth.treeSize}`);
    }
    const log = await authenticatedLog(fetchFn, base, head);
    lines.push(`ok   ledger: ${log.length} entries hash to the signed root ${head.sth.rootHash}`);

    const roundIds = opts.round
      ? [opts.round]
      : [...new Set(log.filter((e) => e.leaf.kind === "round.proof").map((e) => e.leaf.artefactId))];
    for (const roundId of roundIds) {
      const { signed, proof } = await signedRound(fetchFn, base, roundId, log);
      lines.push(
        `ok   round ${roundId}: proof version ${signed.version} matches its ledger pin and signature (${signed.order.length} drawn)`,
      );
      await auditDrawnList(fetchFn, base, signed);
      lines.push(
        `ok   round ${roundId}: drawn list (${signed.order.length} rows, teams) equals the signed proof`,
      );
      const n = await auditLookups(
        fetchFn,
        base,
        signed,
        proof.commitment.eligible.root,
        opts.lookups ?? 2000,
      );
      lines.push(
        `ok   round ${roundId}: ${n} entity lookups equal the signed proof; inclusion proofs verify`,
      );
    }
    const published = await auditFindings(fetchFn, base, log, opts.round);
    lines.push(`ok   findings: ${published} published documents equal their ledger entries`);
    return { ok: true, lines };
  } catch (e) {
    if (!(e instanceof AuditFailure)) throw e;
    lines.push(`FAIL ${e.message}`);
    return { ok: false, lines };
  }
}

const USAGE =
  "usage: sortes audit --url URL (--round ID | --department ID_OR_CODE) [--sth SAVED.json] [--key HEX] [--lookups N]";

export async function auditCli(
  argv: string[],
  io: { out(l: string): void; err(l: string): void; fetch?: Fetch },
): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.out(USAGE);
    return 0;
  }
  let v: Record<string, string | undefined>;
  try {
    v = parseArgs({
      args: argv,
      options: {
        url: { type: "string" },
        round: { type: "string" },
        department: { type: "string" },
        sth: { type: "string" },
        key: { type: "string" },
        lookups: { type: "string" },
      },
    }).values as Record<string, string | undefined>;
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!v.url || !(v.round || v.department) || (v.lookups && !/^\d+$/.test(v.lookups))) {
    io.err(USAGE);
    return 2;
  }
  try {
    const r = await audit({
      url: v.url,
      round: v.round,
      department: v.department,
      saved: v.sth ? (JSON.parse(readFileSync(v.sth, "utf8")) as SignedTreeHead) : undefined,
      publicKey: v.key,
      lookups: v.lookups ? Number(v.lookups) : undefined,
      fetch: io.fetch,
    });
    for (const l of r.lines) io.out(l);
    io.out(r.ok ? "PASS" : "FAIL");
    return r.ok ? 0 : 1;
  } catch (e) {
    io.err(`error: ${(e as Error).message}`);
    return 2;
  }
}
