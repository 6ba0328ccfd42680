/**
 * HTTP front of a witness (node:http, keep-alive on by default):
 *   POST /add-checkpoint              tlog-witness submission API
 *   GET  /<sha256(origin) hex>/checkpoint   tlog-witness monitoring API: latest cosigned checkpoint
 *   GET  /evidence                    JSON list of kept evidence (forks, inconsistent checkpoints)
 *   GET  /                            JSON: name, verifier key, known origins
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { originHash } from "../ledger/c2sp/index.js";
import type { WitnessStore } from "./state.js";
import type { Witness } from "./witness.js";

/** Larger than any honest request: 63 proof lines and a note with 100 signatures stay under 16 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

class TooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    // An oversized body is read to its end and dropped (not kept in memory), so the 413 answer
    // still reaches the client on its connection.
    req.on("data", (c: Buffer) => {
      n += c.length;
      if (n <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on("end", () =>
      n > MAX_BODY_BYTES ? reject(new TooLarge()) : resolve(Buffer.concat(chunks).toString("utf8")),
    );
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export function createWitnessServer(witness: Witness, store: WitnessStore): Server {
  const byHash = new Map(witness.knownOrigins().map((o) => [originHash(o), o]));
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/add-checkpoint") {
      if (req.method !== "POST") return send(res, 405, "text/plain; charset=utf-8", "use POST\n");
      let body: string;
      try {
        body = await readBody(req);
      } catch (e) {
        if (e instanceof TooLarge) return send(res, 413, "text/plain; charset=utf-8", "request too large\n");
        throw e;
      }
      const r = await witness.addCheckpoint(body);
      return send(res, r.status, r.contentType, r.body);
    }
    if (req.method !== "GET" && req.method !== "HEAD")
      return send(res, 405, "text/plain; charset=utf-8", "use GET\n");
    const m = /^\/([0-9a-f]{64})\/checkpoint$/.exec(path);
    if (m) {
      const origin = byHash.get(m[1] as string);
      const rec = origin === undefined ? undefined : witness.latest(origin);
      if (!rec)
        return send(res, 404, "text/plain; charset=utf-8", "no checkpoint cosigned for this origin\n");
      return send(res, 200, "text/plain; charset=utf-8", rec.note);
    }
    if (path === "/evidence") {
      return send(
        res,
        200,
        "application/json",
        `${JSON.stringify({ items: store.listEvidence() }, null, 2)}\n`,
      );
    }
    if (path === "/") {
      const info = {
        name: witness.name,
        verifierKey: witness.verifierKey,
        logs: witness.knownOrigins().map((origin) => ({
          origin,
          originHash: originHash(origin),
          size: witness.latest(origin)?.size ?? null,
        })),
      };
      return send(res, 200, "application/json", `${JSON.stringify(info, null, 2)}\n`);
    }
    return send(res, 404, "text/plain; charset=utf-8", "not found\n");
  };
  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A failed state write lands here: no cosignature is sent when the state is not on disk.
      process.stderr.write(`witness: ${e instanceof Error ? e.message : String(e)}\n`);
      if (!res.headersSent)
        send(res, 500, "text/plain; charset=utf-8", "internal error; nothing was cosigned\n");
      else res.destroy();
    });
  });
}

/** Listens and resolves with the bound port (port 0 picks a free one). */
export function listen(server: Server, port: number, host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
