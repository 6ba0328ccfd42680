/**
 * Cosigning latency with three local witnesses, and what cosignatures add to a checkpoint.
 *
 *   npx tsx bench/witness.ts [--checkpoints 200] [--per 10] [--warmup 5] [--mode process|inprocess] [--out FILE]
 *
 * Starts three witnesses (`sortes witness serve` child processes by default, each with its own
 * key and state file; `--mode inprocess` runs W1's server in this process), then grows one log
 * by `--per` entries per checkpoint and, for each checkpoint, submits it with its consistency
 * proof to all three at once over tlog-witness add-checkpoint, the way the service does. Per
 * checkpoint it times the submission until the last witness answered (each witness fsyncs its
 * state before answering) and each witness's own round trip, and checks every returned
 * cosignature. Prints p50/p99 and writes a JSON result (default bench/results/witness-<time>.json).
 * Log-side work (Merkle root, consistency proof, note signature) is done before the clock starts;
 * the first `--warmup` checkpoints (JIT, first connections) are submitted but not timed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ed25519 } from "@noble/curves/ed25519.js";
import { utf8 } from "../src/draw-engine/bytes.js";
import {
  merkleConsistencyProof,
  merkleLeafHash,
  merkleRootFromLeafHashes,
} from "../src/draw-engine/merkle.js";
import {
  addSignatureLines,
  formatAddCheckpointRequest,
  formatVerifierKey,
  parseCosignatureResponse,
  parseVerifierKey,
  signCheckpoint,
  verifyCosignature,
} from "../src/ledger/c2sp/index.js";
import { generateWitnessKey, parseWitnessKey, startWitness } from "../src/witness/setup.js";

const { values } = parseArgs({
  options: {
    checkpoints: { type: "string", default: "200" },
    per: { type: "string", default: "10" },
    warmup: { type: "string", default: "5" },
    mode: { type: "string", default: "process" },
    out: { type: "string" },
  },
});
const CHECKPOINTS = Number(values.checkpoints);
const PER = Number(values.per);
const WARMUP = Number(values.warmup);
const MODE = values.mode === "inprocess" ? "inprocess" : "process";
const ORIGIN = "bench.sortes.example/sortes/BENCH";
const NAMES = ["jiwei.example/w1", "notary.example/w1", "neighbour.example/w1"];

const logSecret = ed25519.utils.randomSecretKey();
const logVkey = formatVerifierKey(ORIGIN, ed25519.getPublicKey(logSecret));
const dir = mkdtempSync(join(tmpdir(), "sortes-bench-witness-"));

interface Bench {
  name: string;
  verifierKey: string;
  url: string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** `sortes witness serve` as a child process; resolves once it prints that it listens. */
async function childWitness(name: string, i: number): Promise<Bench> {
  const { keyFile, verifierKey } = generateWitnessKey(name);
  const keyPath = join(dir, `w${i}.key`);
  writeFileSync(keyPath, keyFile, { mode: 0o600 });
  const port = await freePort();
  const bin = join(import.meta.dirname, "..", "bin", "sortes.mjs");
  const args = ["witness", "serve", "--key", keyPath, "--state", join(dir, `w${i}.state.json`)];
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, ...args, "--port", String(port), "--log", logVkey],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stdout!.on("data", (d: Buffer) => {
      seen += d.toString();
      if (seen.includes("listening on")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`witness ${name} exited (${code}): ${seen}`)));
  });
  return {
    name,
    verifierKey,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function inProcessWitness(name: string, i: number): Promise<Bench> {
  const key = parseWitnessKey(generateWitnessKey(name).keyFile);
  const logs = new Map([[ORIGIN, [parseVerifierKey(logVkey)]]]);
  const w = await startWitness({ key, statePath: join(dir, `w${i}.state.json`), logs });
  return { name, verifierKey: key.verifierKey, url: w.url, close: () => w.close() };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const ms = (x: number) => Math.round(x * 100) / 100;
const stats = (xs: number[]) => ({
  p50: ms(quantile(xs, 0.5)),
  p99: ms(quantile(xs, 0.99)),
  max: ms(Math.max(...xs)),
  mean: ms(xs.reduce((a, b) => a + b, 0) / xs.length),
});

const witnesses = await Promise.all(
  NAMES.map((n, i) => (MODE === "process" ? childWitness(n, i) : inProcessWitness(n, i))),
);
const leaves: Uint8Array[] = [];
let cosignedSize = 0;
const all: number[] = [];
const each: number[][] = witnesses.map(() => []);
const verifyMs: number[] = [];
let sizes: { bare: number; cosigned: number; lineBytes: number[] } | null = null;
try {
  for (let c = -WARMUP; c < CHECKPOINTS; c++) {
    for (let i = 0; i < PER; i++) leaves.push(merkleLeafHash(utf8(`entry ${leaves.length}`)));
    const size = leaves.length;
    const note = signCheckpoint(
      { origin: ORIGIN, size, rootHash: merkleRootFromLeafHashes(leaves) },
      { secretKey: logSecret },
    );
    const proof = cosignedSize === 0 ? [] : merkleConsistencyProof(leaves, cosignedSize);
    const body = formatAddCheckpointRequest({
      oldSize: cosignedSize,
      consistencyProof: proof,
      checkpointNote: note,
    });
    const t0 = performance.now();
    const answers = await Promise.all(
      witnesses.map(async (w, i) => {
        const res = await fetch(`${w.url}/add-checkpoint`, { method: "POST", body });
        const text = await res.text();
        if (c >= 0) each[i]!.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`${w.name} answered ${res.status}: ${text}`);
        return parseCosignatureResponse(text);
      }),
    );
    if (c >= 0) all.push(performance.now() - t0);
    const v0 = performance.now();
    const text = note.slice(0, note.indexOf("\n\n") + 1);
    answers.forEach((lines, i) => {
      if (!verifyCosignature(text, lines[0]!, witnesses[i]!.verifierKey).ok)
        throw new Error(`${witnesses[i]!.name}: cosignature does not verify`);
    });
    if (c >= 0) verifyMs.push(performance.now() - v0);
    cosignedSize = size;
    const lines = answers.map((a) => a[0]!);
    sizes = {
      bare: Buffer.byteLength(note),
      cosigned: Buffer.byteLength(addSignatureLines(note, lines)),
      lineBytes: lines.map((l) => Buffer.byteLength(l)),
    };
  }
} finally {
  await Promise.all(witnesses.map((w) => w.close()));
}

const result = {
  scenario: "witness",
  mode: MODE,
  checkpoints: CHECKPOINTS,
  warmupCheckpoints: WARMUP,
  entriesPerCheckpoint: PER,
  finalTreeSize: leaves.length,
  allThreeCosignedMs: stats(all),
  perWitnessMs: Object.fromEntries(witnesses.map((w, i) => [w.name, stats(each[i]!)])),
  verifyThreeCosignaturesMs: stats(verifyMs),
  checkpointBytes: sizes && {
    withoutCosignatures: sizes.bare,
    withThreeCosignatures: sizes.cosigned,
    added: sizes.cosigned - sizes.bare,
    perCosignatureLine: sizes.lineBytes,
  },
  machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAverage: loadavg() },
  at: new Date().toISOString(),
};
console.log(
  `witness (${MODE}): ${CHECKPOINTS} checkpoints, +${PER} entries each (final size ${leaves.length}), 3 witnesses`,
);
console.log(
  `  all three cosigned: p50 ${result.allThreeCosignedMs.p50} ms, p99 ${result.allThreeCosignedMs.p99} ms, max ${result.allThreeCosignedMs.max} ms`,
);
for (const [name, s] of Object.entries(result.perWitnessMs))
  console.log(`  ${name}: p50 ${s.p50} ms, p99 ${s.p99} ms`);
console.log(`  verifying the three cosignatures: p50 ${result.verifyThreeCosignaturesMs.p50} ms`);
if (sizes)
  console.log(
    `  checkpoint note: ${sizes.bare} bytes signed by the log, ${sizes.cosigned} bytes with 3 cosignatures (+${sizes.cosigned - sizes.bare} bytes; lines of ${sizes.lineBytes.join(", ")} bytes)`,
  );
const out =
  values.out ?? join("bench", "results", `witness-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
mkdirSync(join(out, ".."), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${out}`);
