/**
 * `sortes witness …`: a standalone tlog-witness for parties with no other (a notary office,
 * the discipline inspection team, a neighbouring department).
 *   keygen --name NAME --out KEYFILE     make a cosigning key; prints the verifier key to publish
 *   serve --key KEYFILE --state STATEFILE --port P [--host H] --log [ORIGIN=]VKEY … [--logs FILE]
 *   key --key KEYFILE                    print the verifier key of a key file again
 *   evidence --state STATEFILE           print the kept evidence of log misbehaviour (JSON)
 * Exit codes: 0 done, 2 bad usage or unreadable input.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  generateWitnessKey,
  logsFromArgs,
  readWitnessKey,
  startWitness,
  writeWitnessKeyFile,
} from "../witness/setup.js";
import { readEvidence } from "../witness/state.js";

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const WITNESS_USAGE = `usage: sortes witness <command>
  keygen --name NAME --out KEYFILE
        Makes an Ed25519 cosigning key. KEYFILE (mode 0600) is secret; the printed verifier key
        (NAME+KEYID+BASE64) is what you publish and what verifiers pass to --witness.
        NAME should be a schema-less URL you control, e.g. notary.example.cn/witness.
  serve --key KEYFILE --state STATEFILE --port P [--host 127.0.0.1] --log [ORIGIN=]VKEY … [--logs FILE]
        Runs the witness (c2sp.org/tlog-witness): POST /add-checkpoint, GET /<sha256(origin)>/checkpoint,
        GET /evidence. Each --log names a log it witnesses by the log's note verifier key (the
        verifierKey of GET /public/ledger/log-key?department=D); ORIGIN defaults to the key's name.
        --logs FILE reads more, one [ORIGIN=]VKEY per line (# comments). The state
        file remembers the latest cosigned size per log; evidence of forks is kept in STATEFILE.evidence/.
  key --key KEYFILE         prints the verifier key of KEYFILE
  evidence --state STATEFILE  prints the evidence kept by the witness (JSON)`;

class Usage extends Error {}

function need(v: string | undefined, flag: string): string {
  if (!v) throw new Usage(`${flag} is required`);
  return v;
}

export async function witnessCli(argv: string[], io: CliIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === "help" || argv.includes("--help") || argv.includes("-h")) {
    if (cmd === undefined) {
      io.err(WITNESS_USAGE);
      return 2;
    }
    io.out(WITNESS_USAGE);
    return 0;
  }
  try {
    const { values } = parseArgs({
      args: rest,
      options: {
        name: { type: "string" },
        out: { type: "string" },
        key: { type: "string" },
        state: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        log: { type: "string", multiple: true },
        logs: { type: "string" },
      },
    });
    switch (cmd) {
      case "keygen": {
        const { keyFile, verifierKey } = generateWitnessKey(need(values.name, "--name"));
        const out = need(values.out, "--out");
        try {
          writeWitnessKeyFile(out, keyFile);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === "EEXIST")
            throw new Usage(`${out} exists; not replacing a key`);
          throw e;
        }
        io.out(verifierKey);
        io.err(`secret key written to ${out} (keep it private); publish the verifier key above`);
        return 0;
      }
      case "key":
        io.out(readWitnessKey(need(values.key, "--key")).verifierKey);
        return 0;
      case "evidence": {
        const items = readEvidence(`${need(values.state, "--state")}.evidence`);
        io.out(JSON.stringify({ items }, null, 2));
        io.err(`${items.length} evidence record(s)`);
        return 0;
      }
      case "serve":
        return await serve(values, io);
      default:
        throw new Usage(`unknown witness command ${cmd}`);
    }
  } catch (e) {
    if (
      e instanceof Usage ||
      (e instanceof Error && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      io.err(`error: ${e.message}\n${WITNESS_USAGE}`);
      return 2;
    }
    if (e instanceof Error) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

/** A --logs file: one `[ORIGIN=]VKEY` per line; blank lines and lines starting with # are skipped. */
function readLogList(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

async function serve(
  values: { key?: string; state?: string; port?: string; host?: string; log?: string[]; logs?: string },
  io: CliIo,
): Promise<number> {
  const keyPath = need(values.key, "--key");
  const statePath = need(values.state, "--state");
  const portText = need(values.port, "--port");
  if (!/^\d+$/.test(portText) || Number(portText) > 65535)
    throw new Usage(`--port ${portText} is not a port`);
  const logArgs = [...(values.log ?? []), ...(values.logs ? readLogList(values.logs) : [])];
  if (logArgs.length === 0)
    throw new Usage("give at least one --log [ORIGIN=]VKEY (or --logs FILE) to witness");
  const logs = logsFromArgs(logArgs);
  const key = readWitnessKey(keyPath);
  const w = await startWitness({
    key,
    statePath,
    logs,
    port: Number(portText),
    host: values.host,
    onEvent: (e) => io.err(`${new Date().toISOString()} ${e.level}: ${e.message}`),
  });
  io.out(`witness ${key.name} listening on ${w.url}`);
  io.out(`verifier key: ${key.verifierKey}`);
  for (const origin of logs.keys()) {
    io.out(`witnessing ${origin} (cosigned size: ${w.store.get(origin)?.size ?? "none yet"})`);
  }
  const stop = () => {
    void w.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return 0;
}
