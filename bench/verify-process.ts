/**
 * `sortes verify` as whole processes (issue 15 item 4: start, read, verify ≤ 1 s at 1 000 000
 * entities). Not a test. Uses the round bench/verify.ts builds and caches (building it first
 * when missing), makes sure the compiled CLI is current (bin/build-cli.mjs), then runs
 * `node bin/sortes.mjs verify PROOF --eligible NDJSON` --repeat times, each a fresh process
 * (cold: nothing compiled or cached in memory), and, for comparison, the same command through
 * tsx from the TypeScript sources (how bin/sortes.mjs ran before). Wall time per process and,
 * through /usr/bin/time when present, its CPU time (user + system), which a loaded shared
 * machine inflates far less than wall time; the load average beside each run.
 *
 * Prints the median wall and CPU time of each variant. With --baseline DIR (another checkout
 * with its CLI built, e.g. a `git worktree` of an older commit) the runs of this checkout's
 * compiled CLI and the baseline's alternate, so both see the same machine load.
 *
 *   npx tsx bench/verify-process.ts [--entities 1000000] [--inspectors 500] [--repeat 5] [--tsx-repeat 2]
 *                                   [--baseline /tmp/v-old]
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CURRENT_ALGORITHM } from "../src/draw-engine/index.js";

const { values } = parseArgs({
  options: {
    entities: { type: "string", default: "1000000" },
    inspectors: { type: "string", default: "500" },
    repeat: { type: "string", default: "5" },
    "tsx-repeat": { type: "string", default: "2" },
    baseline: { type: "string" },
  },
});
const N = values.entities;
const base = join(
  tmpdir(),
  `sortes-bench-verify-${CURRENT_ALGORITHM.replace("/", "-")}-${N}-${values.inspectors}`,
);
const proofPath = `${base}.proof.json`;
const eligiblePath = `${base}.ndjson`;

const TIME = "/usr/bin/time";
const CPU_MARK = "CPU-SECONDS";

function run(
  cmd: string,
  args: string[],
): { ms: number; cpuMs: number | null; stdout: string; status: number | null } {
  const timed = existsSync(TIME);
  const t0 = performance.now();
  const r = timed
    ? spawnSync(TIME, ["-f", `${CPU_MARK} %U %S`, cmd, ...args], {
        encoding: "utf8",
        maxBuffer: 16 * 1024 * 1024,
      })
    : spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  const ms = performance.now() - t0;
  const m = timed ? new RegExp(`${CPU_MARK} ([\\d.]+) ([\\d.]+)`).exec(r.stderr) : null;
  const cpuMs = m ? Math.round((Number(m[1]) + Number(m[2])) * 1000) : null;
  if (r.status !== 0) process.stderr.write(r.stderr);
  return { ms, cpuMs, stdout: r.stdout, status: r.status };
}

if (!existsSync(proofPath) || !existsSync(eligiblePath)) {
  const built = run(process.execPath, [
    "--import",
    "tsx",
    "bench/verify.ts",
    "--entities",
    N,
    "--inspectors",
    values.inspectors,
    "--repeat",
    "0",
  ]);
  if (built.status !== 0) throw new Error("could not build the round (bench/verify.ts)");
}
const build = run(process.execPath, ["bin/build-cli.mjs"]);
if (build.status !== 0) throw new Error("could not compile the CLI");

const verifyArgs = ["verify", proofPath, "--eligible", eligiblePath];
type Run = { ms: number; cpuMs: number | null; load: number };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? null;
const summary = (runs: Run[]) => {
  const cpu = runs.flatMap((r) => (r.cpuMs === null ? [] : [r.cpuMs]));
  return {
    runs,
    medianMs: median(runs.map((r) => r.ms)),
    bestMs: runs.length ? Math.min(...runs.map((r) => r.ms)) : null,
    medianCpuMs: cpu.length ? median(cpu) : null,
  };
};
/** One fresh process per run; variants take turns run by run (same load for each). */
const measure = (variants: { label: string; args: string[]; times: number }[]) => {
  const runs = variants.map(() => [] as Run[]);
  const most = Math.max(...variants.map((v) => v.times));
  for (let i = 0; i < most; i++) {
    for (const [k, v] of variants.entries()) {
      if (i >= v.times) continue;
      const r = run(process.execPath, v.args);
      if (r.status !== 0 || !r.stdout.includes("PASS")) throw new Error(`${v.label}: verify did not pass`);
      const load = Number(loadavg()[0]?.toFixed(1));
      runs[k]!.push({ ms: Math.round(r.ms), cpuMs: r.cpuMs, load });
      console.log(
        `${v.label} run ${i + 1}: ${Math.round(r.ms)} ms wall, ${r.cpuMs ?? "?"} ms CPU (load ${load})`,
      );
    }
  }
  return runs.map((r, k) => {
    const s = summary(r);
    console.log(
      `${variants[k]!.label}: median ${s.medianMs} ms wall, ${s.medianCpuMs ?? "?"} ms CPU (${r.length} runs)`,
    );
    return s;
  });
};

console.log(`sortes verify as whole processes, ${N} eligible, ${values.inspectors} inspectors`);
const baseline = values.baseline;
if (baseline) {
  const b = run(process.execPath, [join(baseline, "bin/build-cli.mjs")]);
  if (b.status !== 0) throw new Error(`could not compile the baseline's CLI in ${baseline}`);
}
const [compiled, baseRuns] = measure([
  {
    label: "compiled (node bin/sortes.mjs)",
    args: ["bin/sortes.mjs", ...verifyArgs],
    times: Number(values.repeat),
  },
  ...(baseline
    ? [
        {
          label: `baseline (${baseline})`,
          args: [join(baseline, "bin/sortes.mjs"), ...verifyArgs],
          times: Number(values.repeat),
        },
      ]
    : []),
]);
const [viaTsx] = measure([
  {
    label: "tsx (src/cli/main.ts)",
    args: ["--import", "tsx", "src/cli/main.ts", ...verifyArgs],
    times: Number(values["tsx-repeat"]),
  },
]);
console.log(
  `RESULT ${JSON.stringify({ scenario: "verify-process", entities: Number(N), compiled, tsx: viaTsx, ...(baseRuns ? { baseline: { dir: baseline, ...baseRuns } } : {}), targetMs: 1000 })}`,
);
