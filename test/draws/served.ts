/**
 * A listening server, a `Call` over real sockets and `sortes verify` as a subprocess: what the
 * end-to-end tests over HTTP share (real-size-e2e, joint-round-e2e).
 */
import { spawnSync } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { type Call, callOver } from "../../src/cli/demo-seed.js";

const CLI = join(import.meta.dirname, "../../bin/sortes.mjs");

export interface Served {
  origin: string;
  close(): Promise<void>;
}

/**
 * The app on a free local port. PGlite runs in this process, so a long statement (the
 * import, the draw) blocks the event loop; with Node's default 5 s keep-alive timeout the
 * server then drops an idle socket just as the client reuses it (ECONNRESET). Idle sockets
 * are kept for 2 minutes instead, and closed when the suite ends.
 */
export function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as Server).closeAllConnections();
          }),
      });
    }) as Server;
    server.keepAliveTimeout = 120_000;
  });
}

/** The demo's `Call`, over a real socket. */
export function httpCall(origin: string): Call & { raw: (path: string) => Promise<Response> } {
  const call = callOver((path, init) => fetch(origin + path, init));
  return Object.assign(call, { raw: (path: string) => fetch(origin + path) });
}

/** `sortes verify` in its own process, as an outside verifier runs it. */
export function verifyWithCli(proofFile: string, eligibleFile: string) {
  return spawnSync(process.execPath, [CLI, "verify", proofFile, "--eligible", eligibleFile], {
    encoding: "utf8",
    timeout: 120_000,
  });
}

/** A stopwatch: `timed(name, f)` runs f and records its wall time in ms under `name` in `times`. */
export function stopwatch(times: Record<string, number>) {
  return async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      times[name] = Math.round(performance.now() - t0);
    }
  };
}
