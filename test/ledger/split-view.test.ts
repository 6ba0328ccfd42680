/**
 * Issue #16, "split view caught". One log key and origin, two histories: the honest one,
 * submitted to two witnesses (W1's `src/witness`, real HTTP, state files on disk), and a fork
 * that rewrites entries 8… (the kind of rewrite that swaps a round's proof entry) shown to
 * one reader. The fork is refused by each witness it is shown to, which keeps both signed
 * checkpoints as evidence; a server showing the fork fails `sortes ledger verify --witness …`
 * (the CLI as a subprocess) with the refusing witness in the quorum, with a clear message,
 * and the honest server passes when the quorum is met.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ed25519 } from "@noble/curves/ed25519.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerCli } from "../../src/cli/ledger.js";
import { toHex, utf8 } from "../../src/draw-engine/bytes.js";
import {
  merkleConsistencyProof,
  merkleInclusionProof,
  merkleLeafHash,
  merkleRootFromLeafHashes,
} from "../../src/draw-engine/merkle.js";
import {
  addSignatureLines,
  formatAddCheckpointRequest,
  formatVerifierKey,
  openCheckpoint,
  parseCosignatureResponse,
  parseNote,
  parseVerifierKey,
  signCheckpoint,
} from "../../src/ledger/c2sp/index.js";
import {
  generateWitnessKey,
  parseWitnessKey,
  type RunningWitness,
  startWitness,
} from "../../src/witness/setup.js";
import { listen, type Served } from "../browser/serve.js";

const ORIGIN = "sortes.test.example/sortes/SPLIT";
const logSecret = ed25519.utils.randomSecretKey();
const logPublic = ed25519.getPublicKey(logSecret);
const logVkey = formatVerifierKey(ORIGIN, logPublic);

const leaf = (s: string) => merkleLeafHash(utf8(s));
const honest = Array.from({ length: 12 }, (_, i) => leaf(`entry ${i}`));
// Same first eight entries, then a rewritten history (e.g. another round.proof digest).
const forked = [...honest.slice(0, 8), ...Array.from({ length: 6 }, (_, i) => leaf(`forged entry ${8 + i}`))];

const checkpoint = (leaves: Uint8Array[], size: number) =>
  signCheckpoint(
    { origin: ORIGIN, size, rootHash: merkleRootFromLeafHashes(leaves.slice(0, size)) },
    { secretKey: logSecret },
  );

async function submit(w: RunningWitness, leaves: Uint8Array[], oldSize: number, size: number) {
  const note = checkpoint(leaves, size);
  const consistencyProof = oldSize === 0 ? [] : merkleConsistencyProof(leaves.slice(0, size), oldSize);
  const res = await fetch(`${w.url}/add-checkpoint`, {
    method: "POST",
    body: formatAddCheckpointRequest({ oldSize, consistencyProof, checkpointNote: note }),
  });
  const body = await res.text();
  return { status: res.status, body, note, lines: res.status === 200 ? parseCosignatureResponse(body) : [] };
}

/** The public ledger routes the CLI reads, for one history and its (cosigned) checkpoints. */
function logServer(leaves: Uint8Array[], notes: Map<number, string>): Promise<Served> {
  const json = (v: unknown) => Response.json(v);
  return listen((req) => {
    const url = new URL(req.url);
    const q = url.searchParams;
    const newest = Math.max(...notes.keys());
    const hex = (hs: Uint8Array[]) => hs.map(toHex);
    switch (url.pathname) {
      case "/public/keys":
        return json({ keys: [{ publicKey: toHex(logPublic) }] });
      case "/public/ledger/log-key":
        return json({ origin: ORIGIN, verifierKey: logVkey, publicKey: toHex(logPublic) });
      case "/public/ledger/sth":
        return json({ sth: { treeSize: newest } });
      case "/public/ledger/checkpoints":
        return json({
          items: [...notes.keys()]
            .sort((a, b) => b - a)
            .map((size) => ({
              size,
              cosigners: parseNote(notes.get(size)!)
                .signatures.filter((s) => s.name !== ORIGIN)
                .map((s) => ({ name: s.name })),
            })),
          nextBefore: null,
        });
      case "/public/ledger/checkpoint": {
        const note = notes.get(Number(q.get("size") ?? newest));
        return note ? new Response(note) : new Response("no such checkpoint", { status: 404 });
      }
      case "/public/ledger/proof/inclusion": {
        const size = Number(q.get("size"));
        const index = leaves.slice(0, size).findIndex((h) => toHex(h) === q.get("leaf"));
        if (index < 0) return new Response("not found", { status: 404 });
        return json({ index, proof: hex(merkleInclusionProof(leaves.slice(0, size), index)) });
      }
      case "/public/ledger/proof/consistency": {
        const to = Number(q.get("to"));
        return json({ proof: hex(merkleConsistencyProof(leaves.slice(0, to), Number(q.get("from")))) });
      }
      default:
        return new Response("not found", { status: 404 });
    }
  });
}

describe("split view caught by witnesses", () => {
  const witnesses: RunningWitness[] = [];
  const servers: Served[] = [];
  const vkey: Record<string, string> = {};
  let jiwei: RunningWitness;
  let notary: RunningWitness;
  let captive: RunningWitness;

  async function witness(name: string) {
    const key = parseWitnessKey(generateWitnessKey(name).keyFile);
    const dir = mkdtempSync(join(tmpdir(), "sortes-split-"));
    const logs = new Map([[ORIGIN, [parseVerifierKey(logVkey)]]]);
    const w = await startWitness({ key, statePath: join(dir, "state.json"), logs });
    witnesses.push(w);
    vkey[name] = key.verifierKey;
    return w;
  }

  beforeAll(async () => {
    jiwei = await witness("jiwei.example/w1");
    notary = await witness("notary.example/w1");
    // Shown only the fork, from the start: it has nothing to compare with.
    captive = await witness("captive.example/w1");
  });
  afterAll(async () => {
    await Promise.all([...witnesses, ...servers].map((x) => x.close()));
  });

  const honestNotes = new Map<number, string>();

  it("both witnesses cosign the honest log as it grows", async () => {
    for (const [old, size] of [
      [0, 8],
      [8, 12],
    ] as const) {
      const a = await submit(jiwei, honest, old, size);
      const b = await submit(notary, honest, old, size);
      expect([a.status, b.status], a.body + b.body).toEqual([200, 200]);
      honestNotes.set(size, addSignatureLines(a.note, [...a.lines, ...b.lines]));
    }
  });

  it("a fork of the same size is refused and both signed checkpoints are kept as evidence", async () => {
    const fork = await submit(notary, forked, 12, 12);
    expect(fork.status, fork.body).toBe(422);
    const { items } = (await (await fetch(`${notary.url}/evidence`)).json()) as {
      items: { kind: string; remembered: { note: string }; submitted: { note: string } }[];
    };
    expect(items).toHaveLength(1);
    expect(items[0]!.kind).toBe("fork");
    const remembered = openCheckpoint(items[0]!.remembered.note, [logVkey]).checkpoint;
    const submitted = openCheckpoint(items[0]!.submitted.note, [logVkey]).checkpoint;
    // Two trees of one size, both signed by the log: a fork nobody can deny.
    expect(remembered.size).toBe(12);
    expect(submitted.size).toBe(12);
    expect(toHex(remembered.rootHash)).toBe(toHex(merkleRootFromLeafHashes(honest)));
    expect(toHex(submitted.rootHash)).toBe(toHex(merkleRootFromLeafHashes(forked.slice(0, 12))));
    // The witness still stands by the honest tree.
    expect(notary.witness.latest(ORIGIN)?.size).toBe(12);
  });

  it("a larger forked tree without a valid consistency proof is refused and recorded", async () => {
    const bigger = await submit(jiwei, forked, 12, 14);
    expect(bigger.status, bigger.body).toBe(422);
    const { items } = (await (await fetch(`${jiwei.url}/evidence`)).json()) as { items: { kind: string }[] };
    expect(items.map((e) => e.kind)).toEqual(["inconsistent"]);
    expect(jiwei.witness.latest(ORIGIN)?.size).toBe(12);
  });

  it("the CLI fails on the forked view with the refusing witness in its quorum and passes on the honest one", async () => {
    const captiveLines = (await submit(captive, forked, 0, 12)).lines;
    expect(captiveLines).toHaveLength(1);
    const forkNote = checkpoint(forked, 12);
    // The lying server copies the honest cosignatures onto its fork…
    const copied = parseNote(honestNotes.get(12)!).signatures.filter((s) => s.name !== ORIGIN);
    const lying = await logServer(
      forked,
      new Map([[12, addSignatureLines(forkNote, [...copied.map((s) => s.line), ...captiveLines])]]),
    );
    // …or shows only the cosignature it could get.
    const bare = await logServer(forked, new Map([[12, addSignatureLines(forkNote, captiveLines)]]));
    const honestServer = await logServer(honest, honestNotes);
    servers.push(lying, bare, honestServer);

    const entry9 = { honest: toHex(honest[9]!), forged: toHex(forked[9]!) };
    const bin = join(import.meta.dirname, "..", "..", "bin", "sortes.mjs");
    const sortes = (args: string[]) =>
      promisify(execFile)(process.execPath, [bin, "ledger", "verify", "--department", "SPLIT", ...args])
        .then((r) => ({ code: 0, stdout: r.stdout }))
        .catch((e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }));
    const w = (...names: string[]) => names.flatMap((n) => ["--witness", vkey[n]!]);

    const caught = await sortes(["--url", lying.origin, "--leaf", entry9.forged, ...w("notary.example/w1")]);
    expect(caught.code, caught.stdout).toBe(1);
    expect(caught.stdout).toMatch(
      /^FAIL witness notary\.example\/w1: cosignature does not verify \(checkpoint .* size 12\)/m,
    );

    const passed = await sortes([
      "--url",
      honestServer.origin,
      "--leaf",
      entry9.honest,
      ...w("jiwei.example/w1", "notary.example/w1"),
    ]);
    expect(passed.code, passed.stdout).toBe(0);
    expect(passed.stdout).toMatch(
      /cosigned by jiwei\.example\/w1 at .*, notary\.example\/w1 at .* \(2 of 2 required\)/,
    );
    expect(passed.stdout).toMatch(/leaf [0-9a-f]{64} is entry 9 of the witnessed tree of size 12\nPASS\n$/);

    // The quorum cases, in process (same code path as the subprocess).
    const run = async (url: string, leafHash: string, args: string[]) => {
      const out: string[] = [];
      const code = await ledgerCli(
        ["verify", "--department", "SPLIT", "--url", url, "--leaf", leafHash, ...args],
        {
          out: (l) => out.push(l),
          err: (l) => out.push(l),
        },
      );
      return { code, text: out.join("\n") };
    };
    const missing = await run(bare.origin, entry9.forged, w("jiwei.example/w1", "captive.example/w1"));
    expect(missing.code).toBe(1);
    expect(missing.text).toMatch(
      /FAIL witnesses: 1 of 2 required cosignatures \(jiwei\.example\/w1: missing; captive\.example\/w1: ok\)/,
    );
    // Trusting only the captive witness is what the quorum is for: it alone is fooled.
    expect((await run(bare.origin, entry9.forged, w("captive.example/w1"))).code).toBe(0);
    const all3 = w("jiwei.example/w1", "notary.example/w1", "captive.example/w1");
    expect((await run(honestServer.origin, entry9.honest, [...all3, "--quorum", "2"])).code).toBe(0);
    const three = await run(honestServer.origin, entry9.honest, all3);
    expect(three.code).toBe(1);
    expect(three.text).toMatch(/2 of 3 required cosignatures \(.*captive\.example\/w1: missing\)/);
    const forkedQuorum = await run(bare.origin, entry9.forged, [...all3, "--quorum", "2"]);
    expect(forkedQuorum.text).toMatch(/FAIL witnesses: 1 of 2 required cosignatures/);
    // The forged entry is not in the honest tree the witnesses cosigned.
    const notThere = await run(
      honestServer.origin,
      entry9.forged,
      w("jiwei.example/w1", "notary.example/w1"),
    );
    expect(notThere.code).toBe(1);
    expect(notThere.text).toMatch(/FAIL leaf [0-9a-f]{64} is not in the log/);
  });
});
