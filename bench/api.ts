/**
 * API load benchmark (issue 7), autocannon against the real service:
 *   tsx bench/api.ts [--quick] [--only public,me] [--duration S] [--connections 50]
 *                    [--entities N] [--findings N] [--assignments N] [--server-node-args "--cpu-prof"]
 *
 * Creates a fresh database on the PostgreSQL server of DATABASE_URL / BENCH_DATABASE_URL
 * (dropped at the end), seeds it through the service (bench/api-seed.ts), then starts
 * `src/main.ts` in a child process — the production entry point, with its own event loop,
 * pino request logging at `info` into a file, cron off — and loads it with autocannon from
 * this process, one endpoint at a time after a warm-up:
 * - public: the round, its signed proof, an entity's inclusion-proof lookup, findings search;
 * - me: `GET /me/assignments` with several inspector tokens, `--assignments` stored.
 * Prints a table, then the figures as one JSON line.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import postgres from "postgres";
import { parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { seedAssignments, seedPublicDepartment } from "./api-seed.js";
import { type BenchService, startBenchService } from "./service.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string", default: "public,me" },
    duration: { type: "string" },
    connections: { type: "string", default: "50" },
    entities: { type: "string" },
    findings: { type: "string" },
    assignments: { type: "string" },
    "server-node-args": { type: "string", default: "" },
    "log-level": { type: "string", default: "info" },
  },
});
const quick = values.quick ?? false;
const only = new Set((values.only ?? "").split(","));
const duration = Number(values.duration ?? (quick ? 1 : 15));
const warmup = quick ? 1 : 3;
const connections = Number(values.connections);
const size = {
  entities: Number(values.entities ?? (quick ? 2000 : 5000)),
  inspectors: 60,
  findings: Number(values.findings ?? (quick ? 40 : 300)),
};
const assignmentCount = Number(values.assignments ?? 100_000);
const TARGET = { reqPerSec: 5000, p99Ms: 25 };

const baseUrl =
  process.env.DATABASE_URL ?? process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Endpoint {
  name: string;
  part: "public" | "me";
  /** Paths (and headers) cycled through, one per request. */
  requests: { path: string; headers?: Record<string, string> }[];
}

interface Figures {
  name: string;
  example: string;
  reqPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  kbPerResponse: number;
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function cannon(url: string, e: Endpoint, seconds: number): Promise<autocannon.Result> {
  let n = 0;
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "GET",
        setupRequest: (req) => {
          const r = e.requests[n++ % e.requests.length]!;
          return { ...req, path: r.path, headers: { ...req.headers, ...r.headers } };
        },
      },
    ],
  });
}

async function measure(url: string, e: Endpoint): Promise<Figures> {
  for (const r of e.requests.slice(0, 20)) {
    const res = await fetch(url + r.path, { headers: r.headers });
    if (res.status !== 200)
      throw new Error(`${e.name}: GET ${r.path} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
  await cannon(url, e, warmup);
  const r = await cannon(url, e, duration);
  const responses = r.requests.total;
  return {
    name: e.name,
    example: e.requests[0]!.path,
    reqPerSec: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p90Ms: r.latency.p90,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    kbPerResponse: responses ? Math.round(r.throughput.total / responses / 102.4) / 10 : 0,
    responses,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

function table(rows: Figures[]): string {
  const head = ["endpoint", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "KB/resp", "non-2xx", "errors"];
  const body = rows.map((f) => [
    f.name,
    String(f.reqPerSec),
    String(f.p50Ms),
    String(f.p90Ms),
    String(f.p99Ms),
    String(f.maxMs),
    String(f.kbPerResponse),
    String(f.non2xx),
    String(f.errors + f.timeouts),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

async function main() {
  const dbName = `sortes_bench_api_${randomBytes(4).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(join(tmpdir(), "sortes-bench-api-"));
  let service: BenchService | null = null;
  try {
    const config = parseConfig({
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      CRON_ENABLED: "false",
    });
    const database = await openDatabase({ url: url.toString(), max: 8 });
    const log = (s: string) => console.log(s);
    log(
      `api: ${size.entities} entities, ${size.inspectors} inspectors, ${size.findings} findings, ` +
        `${assignmentCount} assignments; ${connections} connections, ${duration} s per endpoint (after ${warmup} s warm-up)`,
    );
    let t = performance.now();
    const seed = await seedPublicDepartment(database, config, size, log);
    const mine = only.has("me")
      ? await seedAssignments(database, seed, {
          total: assignmentCount,
          roundCount: 10,
          inspectorCount: 2000,
          tokenCount: 5,
        })
      : null;
    log(`  seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    if (mine) log(`  assignments per token's inspector: ${mine.perInspector.join(", ")}`);
    await database.close();

    const logFile = join(dataDir, "server.log");
    const nodeArgs = (values["server-node-args"] ?? "").split(" ").filter(Boolean);
    t = performance.now();
    service = await startBenchService({
      databaseUrl: url.toString(),
      dataDir,
      logFile,
      nodeArgs,
      // Notifications stay on here, as in production (the other benches turn them off).
      env: { LOG_LEVEL: values["log-level"] ?? "info", NOTIFY_ENABLED: "true" },
    });
    const { port, child } = service;
    log(
      `  server (src/main.ts, pid ${child.pid}) listening on ${port} after ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const base = `http://127.0.0.1:${port}`;

    const dept = encodeURIComponent(seed.departmentCode);
    const lookups = seed.drawnCodes
      .slice(0, 20)
      .flatMap((c, i) => [c, seed.otherCodes[i] ?? c])
      .map((c) => ({ path: `/public/rounds/${seed.roundId}/entities/${c}` }));
    const names = seed.publicNames.slice(0, 20).map((n) => n.slice(0, 2));
    const searches = [
      { path: `/public/departments/${dept}/findings` },
      ...names.map((n) => ({
        path: `/public/departments/${dept}/findings?q=${encodeURIComponent(n)}&limit=20`,
      })),
      { path: `/public/departments/${dept}/findings?round=${seed.roundId}&offset=50` },
      { path: `/public/departments/${dept}/findings?code=${seed.drawnCodes[0]}` },
    ];
    const endpoints: Endpoint[] = [
      // The floor: every middleware, no database (what no endpoint can beat on this machine).
      { name: "GET /healthz (floor)", part: "public", requests: [{ path: "/healthz" }] },
      // One database round trip and nothing else (full runs only).
      ...(quick ? [] : [{ name: "GET /readyz (select 1)", part: "public", requests: [{ path: "/readyz" }] }]),
      {
        name: "GET /public/rounds/:id",
        part: "public",
        requests: [{ path: `/public/rounds/${seed.roundId}` }],
      },
      {
        name: "GET /public/rounds/:id/proof",
        part: "public",
        requests: [{ path: `/public/rounds/${seed.roundId}/proof` }],
      },
      { name: "GET /public/rounds/:id/entities/:code", part: "public", requests: lookups },
      { name: "GET /public/departments/:code/findings", part: "public", requests: searches },
      {
        name: "GET /me/assignments",
        part: "me",
        requests: (mine?.tokens ?? []).map((tok) => ({
          path: "/me/assignments",
          headers: { authorization: `Bearer ${tok}` },
        })),
      },
    ].filter((e) => only.has(e.part)) as Endpoint[];

    const loadBefore = loadavg();
    const figures: Figures[] = [];
    for (const e of endpoints) {
      const f = await measure(base, e);
      figures.push(f);
      log(`  ${e.name}: ${f.reqPerSec} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms`);
    }
    const loadAfter = loadavg();
    console.log(`\n${table(figures)}`);
    const verdict = figures.map((f) => ({
      name: f.name,
      reqPerSec:
        f.name === "GET /me/assignments" || f.name.includes("floor") ? null : f.reqPerSec >= TARGET.reqPerSec,
      p99: f.p99Ms <= TARGET.p99Ms,
      clean: f.non2xx === 0 && f.errors === 0 && f.timeouts === 0,
    }));
    console.log(
      `targets: ≥ ${TARGET.reqPerSec} req/s (public), p99 ≤ ${TARGET.p99Ms} ms; load average ${loadBefore
        .map((l) => l.toFixed(2))
        .join(" ")} before, ${loadAfter.map((l) => l.toFixed(2)).join(" ")} after`,
    );
    console.log(
      JSON.stringify({
        scenario: "api",
        quick,
        connections,
        durationS: duration,
        seed: { ...size, assignments: mine?.total ?? 0, perInspector: mine?.perInspector ?? [] },
        loadAverage: { before: loadBefore, after: loadAfter },
        figures,
        targets: verdict,
      }),
    );
    if (figures.some((f) => f.non2xx || f.errors || f.timeouts)) process.exitCode = 1;
  } finally {
    await service?.stop();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
    else console.log(`kept ${dataDir}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
