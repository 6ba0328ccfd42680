/**
 * `sortes witness` as a notary office runs it: keygen, then serve as its own process. The
 * process is stopped and started again on the same state file and still refuses to go back.
 * `sortes witness evidence` prints what a fork left behind.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { formatAddCheckpointRequest, verifyCosignature } from "../../src/ledger/c2sp/index.js";
import { post, TestLog } from "./log-fixture.js";

const BIN = join(import.meta.dirname, "../../bin/sortes.mjs");
const dir = mkdtempSync(join(tmpdir(), "sortes-witness-cli-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function sortes(args: string[]): string {
  return execFileSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
}

/** Starts `sortes witness serve` on a free port; resolves with its URL once it listens. */
function serve(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, "witness", "serve", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1] as string, child });
    });
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("exit", (code) => reject(new Error(`witness exited ${code}: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

describe("sortes witness keygen / serve / evidence", () => {
  test("two commands run a witness; a new process on the same state keeps its size", async () => {
    const keyFile = join(dir, "notary.key");
    const state = join(dir, "notary-state.json");
    const vkey = sortes([
      "witness",
      "keygen",
      "--name",
      "notary.example.cn/witness",
      "--out",
      keyFile,
    ]).trim();
    expect(vkey).toMatch(/^notary\.example\.cn\/witness\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(sortes(["witness", "key", "--key", keyFile]).trim()).toBe(vkey);
    // keygen never replaces a key.
    expect(() => sortes(["witness", "keygen", "--name", "x", "--out", keyFile])).toThrow();

    const log = TestLog.create("sortes.example.cn/sortes/CLI").append(30);
    const first = await serve(["--key", keyFile, "--state", state, "--log", log.verifierKey]);
    const r = await post(first.url, log.request(0));
    expect(r.status).toBe(200);
    expect(verifyCosignature(log.checkpoint(), r.body, vkey).ok).toBe(true);
    await stop(first.child);

    // Second start: the log from a --logs file (ORIGIN=VKEY form, a comment line).
    const list = join(dir, "logs.txt");
    writeFileSync(list, `# departments witnessed\n${log.origin}=${log.verifierKey}\n\n`);
    const second = await serve(["--key", keyFile, "--state", state, "--logs", list]);
    try {
      expect(await post(second.url, log.request(0, 10))).toMatchObject({ status: 409, body: "30\n" });
      const smaller = formatAddCheckpointRequest({
        oldSize: 30,
        consistencyProof: [],
        checkpointNote: log.checkpoint(10),
      });
      expect((await post(second.url, smaller)).status).toBe(400);
      // A fork at the remembered size, then the evidence through the CLI.
      const fork = log.fork(29).append(1);
      expect((await post(second.url, fork.request(30, 30))).status).toBe(422);
      log.append(5);
      expect((await post(second.url, log.request(30))).status).toBe(200);
    } finally {
      await stop(second.child);
    }
    const evidence = JSON.parse(sortes(["witness", "evidence", "--state", state])) as {
      items: { kind: string; origin: string; remembered: { size: number } }[];
    };
    expect(evidence.items.map((e) => [e.kind, e.origin, e.remembered.size])).toEqual([
      ["fork", log.origin, 30],
    ]);
  });

  test("bad usage exits 2 with a message", () => {
    const run = (args: string[]) => {
      try {
        execFileSync(process.execPath, [BIN, ...args], { encoding: "utf8", stdio: "pipe" });
        return { code: 0, err: "" };
      } catch (e) {
        const x = e as { status: number; stderr: string };
        return { code: x.status, err: x.stderr };
      }
    };
    expect(
      run([
        "witness",
        "serve",
        "--key",
        join(dir, "missing.key"),
        "--state",
        "s",
        "--port",
        "0",
        "--log",
        "a",
      ]),
    ).toMatchObject({ code: 2 });
    const noLog = run([
      "witness",
      "serve",
      "--key",
      join(dir, "any.key"),
      "--state",
      join(dir, "s.json"),
      "--port",
      "0",
    ]);
    expect(noLog.code).toBe(2);
    expect(noLog.err).toMatch(/--log/);
    expect(run(["witness", "keygen", "--out", join(dir, "k2")]).err).toMatch(/--name is required/);
  });
});
