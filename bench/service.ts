/**
 * The service as the benches run it: `src/main.ts` in a child process, as `npm start` starts it
 * (`--max-old-space-size=1024`, see README), on a free port, its output in a log file; resolves
 * once it says it listens. One helper for every bench that measures the real entry point.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { openSync, readFileSync } from "node:fs";

/** What `npm start` gives node (package.json "start"); extra `nodeArgs` come after and may override. */
export const SERVICE_NODE_ARGS = ["--max-old-space-size=1024"];

export interface BenchServiceOptions {
  databaseUrl: string;
  dataDir: string;
  /** Where the server's stdout and stderr go (appended). */
  logFile: string;
  /** More environment (e.g. DATABASE_REPLICA_URLS, LOG_LEVEL); wins over the defaults. */
  env?: Record<string, string>;
  /** More node flags, after SERVICE_NODE_ARGS. */
  nodeArgs?: string[];
}

export interface BenchService {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:port */
  base: string;
  /** SIGTERM, resolved when it has exited. */
  stop(): Promise<void>;
}

export async function startBenchService(o: BenchServiceOptions): Promise<BenchService> {
  const out = openSync(o.logFile, "a");
  const child = spawn(
    process.execPath,
    [...SERVICE_NODE_ARGS, ...(o.nodeArgs ?? []), "--import", "tsx", "src/main.ts"],
    {
      env: {
        ...process.env,
        DATABASE_URL: o.databaseUrl,
        DATA_DIR: o.dataDir,
        PORT: "0",
        HOST: "127.0.0.1",
        CRON_ENABLED: "false",
        NOTIFY_ENABLED: "false",
        LOG_LEVEL: "warn",
        ...o.env,
      },
      stdio: ["ignore", out, out],
    },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    const port = await waitForListening(o.logFile, child);
    return { child, port, base: `http://127.0.0.1:${port}`, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function waitForListening(logFile: string, child: ChildProcess): Promise<number> {
  const started = Date.now();
  for (;;) {
    const log = readFileSync(logFile, "utf8");
    const m = /Sortes listening on http:\/\/[^\s:]+:(\d+)/.exec(log);
    if (m) return Number(m[1]);
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log.slice(-3000)}`);
    if (Date.now() - started > 60_000) throw new Error(`server did not start in 60 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
