/**
 * `npm run gen` without --out writes into ./data/gen (it wrote into the working directory,
 * the repo root, without saying so) and prints the absolute path of every file it wrote.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repo = process.cwd();
const cwd = mkdtempSync(join(tmpdir(), "sortes-gen-cwd-"));

function gen(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ["--import", join(repo, "node_modules/tsx/dist/loader.mjs"), join(repo, "src/cli/gen.ts"), ...args],
    { cwd, encoding: "utf8" },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run gen output directory", () => {
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it("defaults to ./data/gen, leaves the working directory clean and names the files written", () => {
    const r = gen(["--entities", "20", "--inspectors", "5", "--seed", "g"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual(["data"]);
    const dir = join(cwd, "data", "gen");
    expect(readdirSync(dir).sort()).toEqual(["entities.csv", "inspectors.csv"]);
    expect(r.stdout).toContain(`wrote ${join(dir, "entities.csv")}: 20 rows`);
    expect(r.stdout).toContain(`wrote ${join(dir, "inspectors.csv")}: 5 rows`);
  });

  it("writes where --out says, printing absolute paths, and --help names the default", () => {
    const r = gen(["--entities", "3", "--inspectors", "1", "--out", "elsewhere"]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(cwd, "elsewhere", "entities.csv"))).toBe(true);
    expect(r.stdout).toContain(`wrote ${join(cwd, "elsewhere", "entities.csv")}`);
    const help = gen(["--help"]);
    expect(help.stdout).toContain("default data/gen");
  });
});
