/**
 * Web Worker: downloads a round's signed proof and eligible set and re-runs the
 * draw engine step by step, posting progress and per-step results to the page.
 * Also checks a per-entity inclusion proof ("Was I drawn?").
 */
/// <reference lib="webworker" />
import {
  canonicalEntityId,
  type EligibleEntry,
  entityTicket,
  fromHex,
  jsSha256,
  type ProofBundle,
  setSha256Backend,
  toHex,
  verifyEligibleInclusion,
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

/** One NDJSON row of the published eligible set; the id field name is accepted in its known spellings. */
function eligibleRow(line: string, n: number): EligibleEntry {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line);
  } catch {
    throw new Error(`eligible set line ${n} is not JSON`);
  }
  const id = o.id ?? o.entityId ?? o.creditCode;
  if (typeof o.stratum !== "string" || typeof id !== "string")
    throw new Error(`eligible set line ${n} has no stratum and id`);
  return { stratum: o.stratum, id };
}

async function readProof(src: string | Blob): Promise<ProofBundle> {
  if (typeof src === "string") return loadProof(src);
  try {
    return JSON.parse(await src.text()) as ProofBundle;
  } catch {
    throw new Error("the proof file is not JSON");
  }
}

/** Streams the NDJSON eligible set (URL or picked file), reporting bytes read. */
async function loadEligible(src: string | Blob): Promise<EligibleEntry[]> {
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
  const decoder = new TextDecoder();
  const rows: EligibleEntry[] = [];
  let carry = "";
  let bytes = 0;
  let lineNo = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    progress("download-eligible", bytes, total);
    const text = carry + decoder.decode(value, { stream: true });
    const lines = text.split("\n");
    carry = lines.pop() ?? "";
    for (const line of lines) {
      lineNo++;
      if (line.trim()) rows.push(eligibleRow(line, lineNo));
    }
  }
  carry += decoder.decode();
  if (carry.trim()) rows.push(eligibleRow(carry, lineNo + 1));
  return rows;
}

async function verify(req: VerifyRequest): Promise<void> {
  const started = performance.now();
  progress("download-proof", 0, 1);
  const [proof, eligible] = await Promise.all([readProof(req.proof), loadEligible(req.eligible)]);
  const downloaded = performance.now();
  progress("download-proof", 1, 1);
  // Per-step timings are shown on the page (and read by bench/browser-verify.ts).
  let stepStarted = performance.now();
  post({ type: "progress", phase: "parse", done: eligible.length, total: eligible.length });
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
    entities: eligible.length,
    summary: failed.length === 0 ? `seed ${proof.seed}` : failed.map((f) => f.step).join(", "),
  });
}

async function inclusion(req: InclusionRequest): Promise<void> {
  const proof = await loadProof(req.proofUrl);
  const id = canonicalEntityId(req.code);
  const root = proof.commitment.eligible.root;
  // Checked against the root in the signed proof's commitment, never against a root the lookup claims.
  const included = verifyEligibleInclusion({
    root,
    treeSize: req.treeSize,
    index: req.leafIndex,
    stratum: req.stratum,
    id,
    path: req.path,
  });
  const ticket = toHex(entityTicket(fromHex(proof.seed, 32), req.stratum, id));
  const sel = proof.selections.find((s) => s.stratum === req.stratum);
  const idx = sel ? sel.selected.findIndex((x) => x.id === id) : -1;
  const drawn = idx >= 0;
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
