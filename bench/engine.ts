/**
 * Draw-engine benchmark (npm run bench:engine). Not a test: it prints figures.
 *
 * For N = 1 000 000 and 10 000 000 synthetic ids in one stratum at 300 bp it
 * measures entity tickets per second and the time of the whole streaming
 * selection (k smallest tickets), single-threaded and split over two
 * worker_threads whose partial top-k heaps are merged. Ids are generated on
 * the fly, never held in memory, so memory is bounded by k, not N; the heap
 * growth is printed. Entity tickets use the engine's SHA-256 midstate path (pure JS,
 * faster than one node:crypto call per ticket); other hashes use node:crypto.
 *
 * Then the same sizes under sortes-draw/v2, which draws k positions instead of ranking N tickets.
 *
 *   npm run bench:engine [-- --sizes 1000000,10000000 --workers 2]
 */
import { availableParallelism, loadavg } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { installNodeSha256 } from "../src/cli/node-hash.js";
import {
  drawStratumPositions,
  fromHex,
  StratumSelector,
  sampleSize,
  sha256,
  staffingTicketHasher,
  toHex,
  utf8,
} from "../src/draw-engine/index.js";

installNodeSha256();

// A callable gc() without --expose-gc on the command line, to measure retained heap.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const RATE_BP = 300;
const STRATUM = "bench";
const SEED_HEX = toHex(sha256(utf8("sortes bench seed")));

/** Writes id number i as UTF-8 "E00000042" into `b` (the selector copies the bytes it keeps). */
function writeId(b: Uint8Array, i: number): Uint8Array {
  b[0] = 0x45; // "E"
  for (let p = 8, v = i; p >= 1; p--, v = Math.floor(v / 10)) b[p] = 0x30 + (v % 10);
  return b;
}

interface Job {
  from: number;
  to: number;
  k: number;
}

/** Kept pairs packed as (32-byte ticket ‖ 9-byte id) records: one transferable buffer, not k objects. */
const REC = 32 + 9;

interface Partial {
  packed: Uint8Array;
  ms: number;
  /** CPU time of the process while this range ran (meaningful for the single-thread run). */
  cpuMs: number;
  /** Heap + ArrayBuffer bytes held by the live selector after the run (after GC). */
  selectorBytes: number;
}

function runRange(job: Job): Partial {
  const mem = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const m0 = mem();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const sel = new StratumSelector(fromHex(SEED_HEX), STRATUM, job.k);
  const id = new Uint8Array(9);
  for (let i = job.from; i < job.to; i++) sel.push(writeId(id, i));
  const c = process.cpuUsage(c0);
  const ms = performance.now() - t0;
  const selectorBytes = mem() - m0;
  const items = sel.items();
  const packed = new Uint8Array(items.length * REC);
  items.forEach((it, j) => {
    packed.set(it.ticket, j * REC);
    packed.set(it.idBytes, j * REC + 32);
  });
  return { packed, ms, cpuMs: (c.user + c.system) / 1000, selectorBytes };
}

function offerPacked(sel: StratumSelector, p: Partial): void {
  for (let o = 0; o < p.packed.length; o += REC)
    sel.offer(p.packed.subarray(o, o + 32), p.packed.subarray(o + 32, o + REC));
}

function runWorker(job: Job): Promise<Partial> {
  return new Promise((resolve, reject) => {
    // Workers do not inherit tsx's loader: bootstrap this same file through tsx's API.
    const boot = `import("tsx/esm/api").then((m) => m.tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)}))`;
    const w = new Worker(boot, { eval: true, workerData: job });
    w.once("message", (m: Partial) => {
      resolve(m);
      void w.terminate();
    });
    w.once("error", reject);
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const mb = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const arg = (name: string, dflt: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1]! : dflt;
  };
  const sizes = arg("sizes", "1000000,10000000").split(",").map(Number);
  const workers = Number(arg("workers", "2"));
  console.log(
    `sortes draw-engine benchmark — node ${process.version}, ${availableParallelism()} cores, tickets via SHA-256 midstate, rate ${RATE_BP} bp`,
  );
  for (const n of sizes) {
    const k = sampleSize(n, RATE_BP);
    const single = runRange({ from: 0, to: n, k });
    console.log(
      `N=${fmt(n)} k=${fmt(k)}  1 thread : selection ${(single.ms / 1000).toFixed(2)} s, ${fmt(n / (single.ms / 1000))} tickets/s (${fmt(n / (single.cpuMs / 1000))} per CPU-second), selector memory after GC ≈ ${mb(single.selectorBytes)} (O(k), independent of N)`,
    );

    const t0 = performance.now();
    const chunk = Math.ceil(n / workers);
    const parts = await Promise.all(
      Array.from({ length: workers }, (_, w) =>
        runWorker({ from: w * chunk, to: Math.min(n, (w + 1) * chunk), k }),
      ),
    );
    const merged = new StratumSelector(fromHex(SEED_HEX), STRATUM, k);
    for (const p of parts) offerPacked(merged, p);
    const ms = performance.now() - t0;
    const same = JSON.stringify(merged.result()) === JSON.stringify(resultOf(single, k));
    console.log(
      `N=${fmt(n)} k=${fmt(k)}  ${workers} workers: selection ${(ms / 1000).toFixed(2)} s, ${fmt(n / (ms / 1000))} tickets/s (incl. worker start-up and merge); same selection as 1 thread: ${same ? "yes" : "NO"}`,
    );
  }
  for (const n of sizes) {
    // sortes-draw/v2 (spec §16.5): the k positions of a stratum of n, then their staffing tickets —
    // O(k) hashes whatever n is; compared with the v1 selection above in the same run.
    const k = sampleSize(n, RATE_BP);
    const seed = fromHex(SEED_HEX);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const positions = drawStratumPositions(seed, STRATUM, n, k);
    const ticketOf = staffingTicketHasher(seed, STRATUM);
    const id = new Uint8Array(9);
    for (const p of positions) ticketOf(new TextDecoder().decode(writeId(id, p)));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    console.log(
      `N=${fmt(n)} k=${fmt(k)}  sortes-draw/v2: positions + staffing tickets ${ms.toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms) — O(k), no per-entity ticket`,
    );
  }
  console.log(
    `rss at end ${mb(process.memoryUsage().rss)}; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} (figures are lower on a busy machine)`,
  );
}

function resultOf(p: Partial, k: number) {
  const s = new StratumSelector(fromHex(SEED_HEX), STRATUM, k);
  offerPacked(s, p);
  return s.result();
}

// Dispatch last, so every const above is initialised (worker threads re-run this file).
if (!isMainThread) {
  const r = runRange(workerData as Job);
  parentPort!.postMessage(r, [r.packed.buffer as ArrayBuffer]);
} else {
  await main();
}
