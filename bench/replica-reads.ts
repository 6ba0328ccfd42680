/**
 * Public reads served by a streaming replica vs by the primary (issue 15, item 3):
 *   tsx bench/replica-reads.ts [--quick] [--duration S] [--connections 20]
 *
 * Starts its own throwaway primary + hot standby (test/helpers/pg-pair.ts; PostgreSQL binaries
 * under /usr/lib/postgresql, run as the postgres OS user when root), seeds a department through
 * the service (bench/api-seed.ts), then runs `src/main.ts` twice on the primary — once alone,
 * once with DATABASE_REPLICA_URLS naming the standby — and loads each with autocannon on the
 * public reads the response cache does not absorb: the round list, one published finding, the
 * streamed eligible set. For each: req/s, p50/p99, and the transactions each cluster ran during
 * the run (pg_stat_database), which shows where the reads went. Both clusters and the service
 * share this machine's cores, so the figures compare routing, not added hardware.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import postgres from "postgres";
import { parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { startPgPair } from "../test/helpers/pg-pair.js";
import { seedPublicDepartment } from "./api-seed.js";
import { type BenchService, startBenchService } from "./service.js";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    duration: { type: "string" },
    connections: { type: "string", default: "20" },
  },
});
const quick = values.quick ?? false;
const duration = Number(values.duration ?? (quick ? 2 : 10));
const connections = Number(values.connections);

async function transactions(sql: postgres.Sql): Promise<number> {
  const [r] = await sql<{ n: string }[]>`select (xact_commit + xact_rollback)::text as n from pg_stat_database
                                          where datname = current_database()`;
  // The statistics collector publishes at most every PGSTAT_MIN_INTERVAL; read what it has.
  return Number(r!.n);
}

async function main() {
  const pair = await startPgPair();
  const dir = mkdtempSync(join(tmpdir(), "sortes-bench-replica-"));
  const children: BenchService[] = [];
  const primarySql = postgres(pair.primaryUrl, { max: 1, onnotice: () => {} });
  const standbySql = postgres(pair.standbyUrl, { max: 1, onnotice: () => {} });
  try {
    const config = parseConfig({
      DATABASE_URL: pair.primaryUrl,
      DATA_DIR: dir,
      LOG_LEVEL: "silent",
      CRON_ENABLED: "false",
    });
    const database = await openDatabase({ url: pair.primaryUrl, max: 8 });
    const size = { entities: quick ? 2000 : 5000, inspectors: 60, findings: quick ? 40 : 200 };
    const seed = await seedPublicDepartment(database, config, size, () => {});
    await database.close();
    const start = async (name: string, env: Record<string, string>) => {
      const service = await startBenchService({
        databaseUrl: pair.primaryUrl,
        dataDir: dir,
        logFile: join(dir, `${name}.log`),
        env,
      });
      children.push(service);
      return service.base;
    };
    const servers = {
      primary: await start("primary", {}),
      replica: await start("replica", { DATABASE_REPLICA_URLS: pair.standbyUrl }),
    };
    // Wait until the replica-backed server reads from the standby.
    for (let i = 0; ; i++) {
      const r = await fetch(`${servers.replica}/public/rounds`);
      await r.arrayBuffer();
      if (r.headers.get("x-sortes-read")?.startsWith("replica")) break;
      if (i > 200) throw new Error("the standby never came into rotation");
      await new Promise((res) => setTimeout(res, 100));
    }
    const endpoints = [
      {
        name: "GET /public/rounds?departmentId=",
        paths: [`/public/rounds?departmentId=${seed.departmentId}`],
      },
      {
        name: "GET /public/findings/:id",
        paths: seed.findingIds.slice(0, 50).map((id) => `/public/findings/${id}`),
      },
      {
        name: "GET /public/rounds/:id/eligible.ndjson",
        paths: [`/public/rounds/${seed.roundId}/eligible.ndjson`],
      },
    ];
    const figures = [];
    for (const e of endpoints) {
      for (const [via, base] of Object.entries(servers)) {
        for (const p of e.paths.slice(0, 5)) {
          const r = await fetch(base + p);
          if (r.status !== 200) throw new Error(`${via} ${p}: ${r.status} ${await r.text()}`);
          await r.arrayBuffer();
        }
        const before = { primary: await transactions(primarySql), standby: await transactions(standbySql) };
        let n = 0;
        const r = await autocannon({
          url: base,
          connections,
          duration,
          requests: [
            { method: "GET", setupRequest: (req) => ({ ...req, path: e.paths[n++ % e.paths.length]! }) },
          ],
        });
        await new Promise((res) => setTimeout(res, 600)); // let the statistics collector catch up
        const after = { primary: await transactions(primarySql), standby: await transactions(standbySql) };
        const f = {
          endpoint: e.name,
          servedBy: via,
          reqPerSec: Math.round(r.requests.average),
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
          primaryTransactions: after.primary - before.primary,
          standbyTransactions: after.standby - before.standby,
        };
        figures.push(f);
        console.log(
          `  ${e.name} via ${via}: ${f.reqPerSec} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms; ` +
            `transactions on the primary ${f.primaryTransactions}, on the standby ${f.standbyTransactions}`,
        );
      }
    }
    console.log(
      JSON.stringify({
        scenario: "replica-reads",
        quick,
        connections,
        durationS: duration,
        seed: size,
        loadAverage: loadavg(),
        figures,
      }),
    );
    if (figures.some((f) => f.non2xx || f.errors)) process.exitCode = 1;
  } finally {
    for (const service of children) await service.stop();
    await primarySql.end({ timeout: 1 });
    await standbySql.end({ timeout: 1 });
    pair.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
