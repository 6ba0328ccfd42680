/**
 * `sortes <command> --help` prints that command's help and exits 0, for every command;
 * `sortes commit --help` printed a fresh nonce instead.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

function sortes(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: "/nonexistent-sortes-help" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const NONCE_JSON = /"nonce"\s*:/;

describe("sortes --help", () => {
  it("commit --help and -h print help, never a nonce; commit with an argument is refused", () => {
    for (const flag of ["--help", "-h"]) {
      const r = sortes(["commit", flag]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^usage: sortes commit/);
      expect(r.stdout).not.toMatch(NONCE_JSON);
      expect(r.stdout).not.toMatch(/[0-9a-f]{64}/);
    }
    const wrong = sortes(["commit", "--nonce"]);
    expect(wrong.status).toBe(2);
    expect(wrong.stdout).toBe("");
    expect(wrong.stderr).toContain("takes no arguments");
    // Plain `commit` still makes a nonce and its commitment.
    const made = sortes(["commit"]);
    expect(made.status).toBe(0);
    expect(JSON.parse(made.stdout)).toEqual({
      nonce: expect.stringMatching(/^[0-9a-f]{64}$/),
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it.each([
    [["verify", "--help"], /^usage: sortes verify PROOF/],
    [["verify-inclusion", "--help"], /^usage: sortes verify-inclusion/],
    [["prove-inclusion", "-h"], /^usage: sortes prove-inclusion/],
    [["ledger", "--help"], /^usage: sortes ledger verify/],
    [["ledger", "verify", "--help"], /^usage: sortes ledger verify/],
    [["audit", "--help"], /^usage: sortes audit/],
    [["witness", "--help"], /^usage: sortes witness/],
    [["witness", "serve", "--help"], /^usage: sortes witness/],
    [["token", "--help"], /token create/],
    [["department", "--help"], /department create/],
    [["--help"], /^usage: sortes <command>/],
  ])("%j prints its help on stdout and exits 0", (args, usage) => {
    const r = sortes(args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(usage);
  });
});
