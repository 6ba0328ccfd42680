/**
 * A throwaway PostgreSQL primary and hot standby under a temporary folder, for the read-replica
 * tests: initdb, a `host replication` line in the cluster's pg_hba.conf, `pg_basebackup -R`
 * (the standby follows the primary by streaming replication), `pg_ctl start` on two free ports.
 * PostgreSQL refuses to run as root, so when the tests run as root every command runs as the
 * `postgres` OS user (runuser). `destroy()` stops both and removes the folder.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function postgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "pg_basebackup")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}

/** Why a pair cannot be started here, or null when it can. */
export function pgPairUnavailable(): string | null {
  if (!postgresBin()) return "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin";
  if (process.getuid?.() === 0) {
    try {
      execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
    } catch {
      return "running as root without a postgres OS user";
    }
  }
  return null;
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

export interface PgPair {
  primaryUrl: string;
  standbyUrl: string;
  /** Stops the standby at once (`-m immediate`: connections cut, as in a crash). */
  stopStandby(): void;
  startStandby(): void;
  destroy(): void;
}

export async function startPgPair(): Promise<PgPair> {
  const bin = postgresBin();
  if (!bin) throw new Error("no PostgreSQL binaries");
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(
      asRoot ? "runuser" : join(bin, cmd),
      asRoot ? ["-u", "postgres", "--", join(bin, cmd), ...args] : args,
      {
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 30_000,
      },
    );
  const dir = mkdtempSync(join(tmpdir(), "sortes-pg-pair-"));
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(dir, uid, gid);
  }
  const primary = join(dir, "primary");
  const standby = join(dir, "standby");
  const [p1, p2] = [await freePort(), await freePort()];
  const started: string[] = [];
  const ctl = (data: string, action: "start" | "stop", extra: string[] = []) =>
    run("pg_ctl", ["-D", data, "-l", `${data}.log`, "-w", "-t", "30", ...extra, action]);
  try {
    run("initdb", ["-D", primary, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
    appendFileSync(join(primary, "pg_hba.conf"), "\nhost replication all 127.0.0.1/32 trust\n");
    // Throwaway: no fsync; small buffers; a standby that answers reads (hot_standby is on by default).
    appendFileSync(
      join(primary, "postgresql.conf"),
      `\nlisten_addresses = '127.0.0.1'\nport = ${p1}\nunix_socket_directories = '${dir}'\n` +
        "fsync = off\nfull_page_writes = off\nshared_buffers = 32MB\nwal_level = replica\nmax_wal_senders = 4\n",
    );
    ctl(primary, "start");
    started.push(primary);
    run("pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(p1),
      "-U",
      "postgres",
      "-D",
      standby,
      "-R",
      "-X",
      "stream",
      "--no-sync",
    ]);
    appendFileSync(join(standby, "postgresql.conf"), `\nport = ${p2}\nhot_standby = on\n`);
    ctl(standby, "start");
    started.push(standby);
  } catch (err) {
    for (const d of started.reverse()) {
      try {
        ctl(d, "stop", ["-m", "immediate"]);
      } catch {}
    }
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`could not start the primary/standby pair: ${e.stderr?.toString() ?? e.message}`);
  }
  const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    primaryUrl: url(p1),
    standbyUrl: url(p2),
    stopStandby: () => ctl(standby, "stop", ["-m", "immediate"]),
    startStandby: () => ctl(standby, "start"),
    destroy: () => {
      for (const d of [standby, primary]) {
        try {
          ctl(d, "stop", ["-m", "immediate"]);
        } catch {
          // already stopped
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
