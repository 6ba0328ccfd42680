/**
 * Building a running witness from its files: the key file (`PRIVATE+KEY+name+keyid+base64(0x04 ‖ seed)`,
 * the signed-note signer-key form with the cosignature type byte), the state file and the
 * list of logs it witnesses. Used by `sortes witness serve` and by tests and benchmarks that
 * run witnesses in-process.
 */

import { readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { ed25519 } from "@noble/curves/ed25519.js";
import {
  formatCosignatureVerifierKey,
  formatSignerKey,
  parseSignerKey,
  parseVerifierKey,
  SIG_TYPE_COSIGNATURE_V1,
  type VerifierKey,
} from "../ledger/c2sp/index.js";
import { createWitnessServer, listen } from "./server.js";
import { WitnessStore } from "./state.js";
import { Witness, type WitnessOptions } from "./witness.js";

export interface WitnessKey {
  name: string;
  secretKey: Uint8Array;
  /** The cosignature verifier key to publish (`name+keyid+base64(0x04 ‖ public key)`). */
  verifierKey: string;
}

/** A fresh witness key: the key-file text (secret) and the verifier key to publish. */
export function generateWitnessKey(name: string): { keyFile: string; verifierKey: string } {
  const seed = ed25519.utils.randomSecretKey();
  return {
    keyFile: `${formatSignerKey(name, seed, SIG_TYPE_COSIGNATURE_V1)}\n`,
    verifierKey: formatCosignatureVerifierKey(name, ed25519.getPublicKey(seed)),
  };
}

export function parseWitnessKey(text: string): WitnessKey {
  const k = parseSignerKey(text.trim());
  if (k.alg !== SIG_TYPE_COSIGNATURE_V1) {
    throw new Error(
      "the witness key file must hold a cosignature key (type 0x04); make one with sortes witness keygen",
    );
  }
  return {
    name: k.name,
    secretKey: k.secretKey,
    verifierKey: formatCosignatureVerifierKey(k.name, k.publicKey),
  };
}

export function readWitnessKey(path: string): WitnessKey {
  return parseWitnessKey(readFileSync(path, "utf8"));
}

/** Writes a key file readable by its owner only; refuses to replace an existing one. */
export function writeWitnessKeyFile(path: string, keyFile: string): void {
  writeFileSync(path, keyFile, { mode: 0o600, flag: "wx" });
}

/**
 * `ORIGIN=VKEY`, or just `VKEY` when the log's key name is its origin (what the checkpoint
 * spec recommends and what Sortes does). The first '=' separates only when it comes before
 * the first '+' (a vkey's base64 may end in '=', an origin never holds '+' in practice).
 */
export function parseLogArg(arg: string): { origin: string; key: VerifierKey } {
  const eq = arg.indexOf("=");
  const plus = arg.indexOf("+");
  const [origin, vkey] =
    eq >= 0 && (plus < 0 || eq < plus) ? [arg.slice(0, eq), arg.slice(eq + 1)] : [null, arg];
  const key = parseVerifierKey(vkey);
  if (key.alg !== 0x01) throw new Error(`log key ${key.name} must be an Ed25519 note key (type 0x01)`);
  if (origin === "") throw new Error(`empty origin in --log ${arg}`);
  return { origin: origin ?? key.name, key };
}

export function logsFromArgs(args: readonly string[]): Map<string, VerifierKey[]> {
  const logs = new Map<string, VerifierKey[]>();
  for (const a of args) {
    const { origin, key } = parseLogArg(a);
    logs.set(origin, [...(logs.get(origin) ?? []), key]);
  }
  return logs;
}

export interface RunningWitness {
  witness: Witness;
  store: WitnessStore;
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startWitness(o: {
  key: WitnessKey;
  statePath: string;
  logs: Map<string, VerifierKey[]>;
  port?: number;
  host?: string;
  now?: () => number;
  onEvent?: WitnessOptions["onEvent"];
}): Promise<RunningWitness> {
  const store = new WitnessStore(o.statePath);
  const witness = new Witness({
    name: o.key.name,
    secretKey: o.key.secretKey,
    logs: o.logs,
    store,
    now: o.now,
    onEvent: o.onEvent,
  });
  const server = createWitnessServer(witness, store);
  const host = o.host ?? "127.0.0.1";
  const port = await listen(server, o.port ?? 0, host);
  // Requests in flight finish (their state is written and their cosignature sent); idle
  // keep-alive connections close at once, and anything still open after 2 s is cut.
  const close = () =>
    new Promise<void>((resolve, reject) => {
      const force = setTimeout(() => server.closeAllConnections(), 2000);
      server.close((e) => {
        clearTimeout(force);
        if (e) reject(e);
        else resolve();
      });
      server.closeIdleConnections();
    });
  return {
    witness,
    store,
    server,
    port,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close,
  };
}
