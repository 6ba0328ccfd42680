/**
 * Web Worker: downloads a round's signed proof and eligible set and re-runs the
 * draw engine step by step, posting progress and per-step results to the page.
 * Also checks a per-entity inclusion proof ("Was I drawn?").
 */
/// <reference lib="webworker" />
import {
  ALGORITHM_V2,
  canonicalEntityId,
  entityTicket,
  fromHex,
  jsSha256,
  type PackedEligibleSet,
  type ProofBundle,
  readEligibleNdjson,
  setSha256Backend,
  staffingTicketHasher,
  toHex,
  verifyAnyEligibleInclusion,
} from "../../draw-engine/index.js";

import type { InclusionRequest, Phase, VerifyRequest, WorkerMessage, WorkerRequest } from "./protocol.js";
import { verifySteps } from "./verify-steps.js";

declare const self: DedicatedWorkerGlobalScope;

// Identical bytes to the engine's default (tested); several times faster on short messages.
setSha256Backend(jsSha256);

const post = (m: WorkerMessage): void => self.postMessage(m);
const progress = (phase: Phase, done: number, total: number): void =>
  post({ type: "progress", phase, done, total });

const proofs = new Map<string, Promise<ProofBundle>>();

function loadProof(url: string): Promise<ProofBundle> {
  let p = proofs.get(url);
  if (!p) {
    p = (async () => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
      return (await res.json()) as ProofBundle;
    })();
    proofs.set(url, p);
    p.catch(() => proofs.delete(url));
  }
  return p;
}

async function readProof(src: string | Blob): Promise<ProofBundle> {
  if (typeof src === "string") return loadProof(src);
  try {
    return JSON.parse(await src.text()) as ProofBundle;
  } catch {
    throw new Error("the proof file is not JSON");
  }
}

/**
 * Downloads the NDJSON eligible set (URL or picked file) into one byte buffer, reporting
 * bytes read, and parses it with the engine's byte-level reader into a packed set (no
 * object per entity).
 */
async function loadEligible(src: string | Blob): Promise<PackedEligibleSet> {
  let body: ReadableStream<Uint8Array>;
  let total: number;
  if (typeof src === "string") {
    const res = await fetch(src);
    if (!res.ok || !res.body) throw new Error(`GET ${src}: HTTP ${res.status}`);
    body = res.body;
    total = Number(res.headers.get("content-length") ?? 0);
  } else {
    body = src.stream();
    total = src.size;
  }
  const reader = body.getReader();
  let buf = new Uint8Array(Math.max(total, 1 << 16));
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes + value.length > buf.length) {
      const bigger = new Uint8Array(Math.max(buf.length * 2, bytes + value.length));
      bigger.set(buf.subarray(0, bytes));
      buf = bigger;
    }
    buf.set(value, bytes);
    bytes += value.length;
    progress("download-eligible", bytes, total);
  }
  let set: PackedEligibleSet;
  try {
    set = readEligibleNdjson(buf.subarray(0, bytes));
  } catch (e) {
    throw new Error(`eligible set ${(e as Error).message}`);
  }
  // The chunk leaf hashes (the bulk of the root, ~27 MB for a million entities) with the
  // browser's native SHA-256; the engine hashes synchronously in JS, ~10× slower on bulk data.
  const hashes: Uint8Array[] = [];
  for (let j = 0; j + 1 < set.chunkOff.length; j++) {
    const chunk = set.buf.subarray(set.chunkOff[j]!, set.chunkOff[j + 1]!);
    hashes.push(new Uint8Array(await crypto.subtle.digest("SHA-256", chunk as Uint8Array<ArrayBuffer>)));
  }
  set.chunkLeafHashes = hashes;
  return set;
}

async function verify(req: VerifyRequest): Promise<void> {
  const started = performance.now();
  progress("download-proof", 0, 1);
  const [proof, eligible] = await Promise.all([readProof(req.proof), loadEligible(req.eligible)]);
  const downloaded = performance.now();
  progress("download-proof", 1, 1);
  // Per-step timings are shown on the page (and read by bench/browser-verify.ts).
  let stepStarted = performance.now();
  post({ type: "progress", phase: "parse", done: eligible.size, total: eligible.size });
  const results = verifySteps(
    proof,
    eligible,
    {
      onStart: (step) => {
        stepStarted = performance.now();
        progress(step, 0, 1);
      },
      onStep: (result) => post({ type: "step", result, ms: Math.round(performance.now() - stepStarted) }),
      onSelectionProgress: (done, total) => progress("selection", done, total),
    },
    req.expectedPublicKey ? { expectedPublicKey: req.expectedPublicKey } : {},
  );
  const failed = results.filter((r) => r.status === "fail");
  post({
    type: "done",
    ok: failed.length === 0,
    ms: Math.round(performance.now() - started),
    downloadMs: Math.round(downloaded - started),
    entities: eligible.size,
    summary: failed.length === 0 ? `seed ${proof.seed}` : failed.map((f) => f.step).join(", "),
  });
}

async function inclusion(req: InclusionRequest): Promise<void> {
  const proof = await loadProof(req.proofUrl);
  const id = canonicalEntityId(req.code);
  const root = proof.commitment.eligible.root;
  // Checked against the root in the signed proof's commitment, never against a root the lookup claims.
  const base = {
    root,
    treeSize: req.treeSize,
    index: req.leafIndex,
    stratum: req.stratum,
    id,
    path: req.path,
  };
  const v2 = proof.algorithm === ALGORITHM_V2;
  const included = verifyAnyEligibleInclusion(
    v2 ? { ...base, algorithm: ALGORITHM_V2, chunk: req.chunk ?? [] } : base,
  );
  const sel = proof.selections.find((s) => s.stratum === req.stratum);
  const idx = sel ? sel.selected.findIndex((x) => x.id === id) : -1;
  const drawn = idx >= 0;
  const seed = fromHex(proof.seed, 32);
  // v1: every entity has a ticket; v2: only drawn entities get one (their staffing ticket).
  const ticket = v2
    ? drawn
      ? toHex(staffingTicketHasher(seed, req.stratum)(id))
      : null
    : toHex(entityTicket(seed, req.stratum, id));
  const team = proof.finalTeams.find((t) => t.entityId === id)?.members ?? null;
  post({
    type: "inclusion",
    entityId: id,
    included,
    root,
    ticket,
    ticketMatches: req.ticket === null ? null : req.ticket === ticket,
    drawn,
    drawnMatches: req.drawn === null ? null : req.drawn === drawn,
    rank: drawn ? idx + 1 : null,
    team,
  });
}

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  const job = req.type === "verify" ? verify(req) : inclusion(req);
  job.catch((err: unknown) => post({ type: "error", message: (err as Error).message ?? String(err) }));
};
