/**
 * A small tlog-witness for the checkpoint tests, over real HTTP (node:http), built on the C2SP
 * library: it knows one or more logs by origin and verifier key, keeps its state in memory,
 * checks the log's signature and the consistency proof and cosigns. Just enough of
 * c2sp.org/tlog-witness to exercise the service's client side (200, 409, 422, 403, 404).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ed25519 } from "@noble/curves/ed25519.js";
import { merkleEmptyRoot, verifyMerkleConsistency } from "../../src/draw-engine/merkle.js";
import {
  conflictResponse,
  cosignCheckpoint,
  cosignedResponse,
  errorResponse,
  formatCosignatureVerifierKey,
  openCheckpoint,
  parseAddCheckpointRequest,
  parseNote,
  WitnessProtocolError,
  type WitnessResponse,
} from "../../src/ledger/c2sp/index.js";

export interface TestWitness {
  name: string;
  verifierKey: string;
  url: string;
  /** WITNESSES entry: `vkey@url`. */
  entry: string;
  state: Map<string, { size: number; root: Uint8Array }>;
  requests: number;
  trust(origin: string, logVerifierKey: string): void;
  close(): Promise<void>;
  /** Starts answering again on the same port after close(). */
  reopen(): Promise<void>;
}

export async function startTestWitness(name: string, port = 0): Promise<TestWitness> {
  const secretKey = ed25519.utils.randomSecretKey();
  const verifierKey = formatCosignatureVerifierKey(name, ed25519.getPublicKey(secretKey));
  const logs = new Map<string, string>();
  const state = new Map<string, { size: number; root: Uint8Array }>();

  function addCheckpoint(body: string): WitnessResponse {
    const req = parseAddCheckpointRequest(body);
    const { text } = parseNote(req.checkpointNote);
    const origin = text.slice(0, text.indexOf("\n"));
    const logKey = logs.get(origin);
    if (!logKey) return errorResponse(404, `unknown origin ${origin}`);
    let cp: ReturnType<typeof openCheckpoint>["checkpoint"];
    try {
      cp = openCheckpoint(req.checkpointNote, [logKey]).checkpoint;
    } catch (err) {
      return errorResponse(403, (err as Error).message);
    }
    if (req.oldSize > cp.size) return errorResponse(400, "old size exceeds the checkpoint size");
    const known = state.get(origin) ?? { size: 0, root: merkleEmptyRoot() };
    if (req.oldSize !== known.size) return conflictResponse(known.size);
    if (req.oldSize === 0 && req.consistencyProof.length > 0) return errorResponse(422, "proof from size 0");
    const consistent =
      req.oldSize === 0 ||
      verifyMerkleConsistency({
        firstSize: known.size,
        secondSize: cp.size,
        firstRoot: known.root,
        secondRoot: cp.rootHash,
        proof: req.consistencyProof,
      });
    if (!consistent) return errorResponse(422, "consistency proof does not verify");
    state.set(origin, { size: cp.size, root: cp.rootHash });
    const now = Math.floor(Date.now() / 1000);
    return cosignedResponse([cosignCheckpoint(text, { name, secretKey }, now)]);
  }

  const w: TestWitness = {
    name,
    verifierKey,
    url: "",
    entry: "",
    state,
    requests: 0,
    trust: (origin, logVerifierKey) => void logs.set(origin, logVerifierKey),
    close: () => new Promise((resolve) => server.close(() => resolve())),
    reopen: () => listen(w.url ? Number(new URL(w.url).port) : port),
  };

  let server: Server;
  function listen(p: number) {
    server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => {
        w.requests++;
        let out: WitnessResponse;
        if (req.method !== "POST" || req.url !== "/add-checkpoint") out = errorResponse(404, "no such path");
        else {
          try {
            out = addCheckpoint(body);
          } catch (err) {
            out = errorResponse(
              err instanceof WitnessProtocolError ? err.status : 400,
              (err as Error).message,
            );
          }
        }
        res.writeHead(out.status, { "content-type": out.contentType });
        res.end(out.body);
      });
    });
    // Keep-alive sockets would hold close() open after the test.
    server.keepAliveTimeout = 1;
    return new Promise<void>((resolve) => {
      server.listen(p, "127.0.0.1", () => {
        const { port: bound } = server.address() as AddressInfo;
        w.url = `http://127.0.0.1:${bound}`;
        w.entry = `${verifierKey}@${w.url}`;
        resolve();
      });
    });
  }
  await listen(port);
  return w;
}
