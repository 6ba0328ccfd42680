/**
 * npm run demo — a realistic department on the embedded database, then the
 * service with the URLs to open.
 *
 * Seeds, through the service's own HTTP API: 50 000 entities with valid credit
 * codes, 80 inspectors, five recorded conflicts, a frozen roster revision, a
 * published checklist item and approved plan, one round with three
 * contributors committed and revealed, the draw and its assignments, three
 * published findings and a signed ledger tree head. Progress is kept in
 * DATA_DIR/demo-state.json: a re-run skips finished steps and adds nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pino from "pino";
import { createToken } from "../auth/tokens.js";
import { parseConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { createDepartment, departmentByCode } from "../departments/departments.js";
import { createApp } from "../http/app.js";
import { packageVersion, startServer } from "../server.js";
import { DEMO, type DemoState, inProcessCall, STEPS } from "./demo-seed.js";

const DEPARTMENT = { code: "FZGL-SCJG", name: "福州市鼓楼区市场监督管理局（演示）", regionCode: "350102" };

// --entities / --inspectors shrink the department (tests); --no-serve seeds and exits.
const { values: args } = parseArgs({
  options: {
    entities: { type: "string", default: String(DEMO.entities) },
    inspectors: { type: "string", default: String(DEMO.inspectors) },
    "no-serve": { type: "boolean", default: false },
  },
});
const size = { entities: Number(args.entities), inspectors: Number(args.inspectors) };
if (!(size.entities >= 100 && size.inspectors >= 10))
  throw new Error("need --entities ≥ 100 and --inspectors ≥ 10");

const config = parseConfig({ ...process.env, CRON_ENABLED: process.env.CRON_ENABLED ?? "false" });
if (config.DATABASE_URL) console.log("Note: DATABASE_URL is set, the demo seeds that database.");
mkdirSync(config.DATA_DIR, { recursive: true });
const statePath = join(config.DATA_DIR, "demo-state.json");
const state: DemoState = existsSync(statePath)
  ? JSON.parse(readFileSync(statePath, "utf8"))
  : { departmentCode: DEPARTMENT.code, size, steps: {} };
state.size ??= size;
const save = () => writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`);

async function seed(): Promise<void> {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, "pglite") });
  try {
    const { app } = createApp({
      database,
      config,
      log: pino({ level: "silent" }),
      version: packageVersion(),
    });
    const call = inProcessCall(app);
    if (!state.adminToken) {
      const existing = await departmentByCode(database.db, DEPARTMENT.code).catch(() => null);
      const dept = existing ?? (await createDepartment(database.db, DEPARTMENT));
      state.adminToken = (
        await createToken(database.db, { departmentId: dept.id, role: "admin", label: "demo admin" })
      ).token;
      save();
    }
    for (const [name, step] of STEPS) {
      if (name in state.steps) {
        console.log(`  ✓ ${name} (already done)`);
        continue;
      }
      const started = performance.now();
      state.steps[name] = (await step(call, state.adminToken, state)) ?? true;
      save();
      console.log(`  ✓ ${name} (${Math.round(performance.now() - started)} ms)`);
    }
  } finally {
    await database.close();
  }
}

console.log(`Seeding the demo department ${DEPARTMENT.code} in ${config.DATA_DIR} …`);
await seed();
if (args["no-serve"]) {
  console.log(`Seeded. Round ${(state.steps.round as { roundId: string }).roundId}; state in ${statePath}`);
  process.exit(0);
}
const { port, stop } = await startServer(config, () => {});
const base = `http://localhost:${port}`;
const round = (state.steps.round as { roundId: string }).roundId;
const dept = encodeURIComponent(DEPARTMENT.code);
console.log(`
Sortes demo is running. Open:
  门户首页 / portal          ${base}/            (English: ${base}/en/)
  抽查任务 / the round       ${base}/zh/rounds/${round}   ← “在浏览器中验证 / Verify in browser”
  事项清单 / checklist       ${base}/zh/checklist?dept=${dept}
  抽查计划 / plan            ${base}/zh/plans?dept=${dept}
  抽查结果 / findings        ${base}/zh/results?dept=${dept}
  透明日志 / ledger          ${base}/zh/ledger?dept=${dept}
  API docs                  ${base}/docs
Admin token of the demo department: ${state.adminToken}
Press Ctrl+C to stop.`);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => void stop().then(() => process.exit(0)));
