/**
 * Data for the API load scenario (bench/api.ts), written through the service itself:
 * - a department built by the demo's steps (roster import, revision, checklist, plan, a round
 *   with three contributors committed and revealed, the draw) plus `findings` published
 *   findings (visit, sign-offs, finding, approval: each one a ledger entry);
 * - `assignments` inspector assignments over several extra drawn rounds, inserted in SQL, with
 *   inspector tokens for a handful of the department's real inspectors.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import pino from "pino";
import { createToken } from "../src/auth/tokens.js";
import { type Call, type DemoState, inProcessCall, publishFindings, STEPS } from "../src/cli/demo-seed.js";
import type { Config } from "../src/config.js";
import { queryRows } from "../src/db/rows.js";
import type { Database } from "../src/db/types.js";
import { createDepartment } from "../src/departments/departments.js";
import { rounds } from "../src/draws/schema.js";
import { createApp } from "../src/http/app.js";

export interface PublicSeed {
  departmentId: string;
  departmentCode: string;
  adminToken: string;
  roundId: string;
  /** Credit codes of drawn entities and of some that were not drawn. */
  drawnCodes: string[];
  otherCodes: string[];
  findingIds: string[];
  /** Published names (for `q=` searches). */
  publicNames: string[];
  call: Call;
}

const ok = (r: { status: number; data: unknown }, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.data).slice(0, 300)}`);
  // biome-ignore lint/suspicious/noExplicitAny: a few fields of several response shapes
  return r.data as any;
};

export async function seedPublicDepartment(
  database: Database,
  config: Config,
  size: { entities: number; inspectors: number; findings: number },
  progress: (line: string) => void,
): Promise<PublicSeed> {
  const { app } = createApp({ database, config, log: pino({ level: "silent" }), version: "bench" });
  const call = inProcessCall(app);
  const code = `BENCH-API-${randomUUID().slice(0, 8)}`;
  const dept = await createDepartment(database.db, {
    code,
    name: "基准测试市场监督管理局",
    regionCode: "350102",
  });
  const adminToken = (
    await createToken(database.db, { departmentId: dept.id, role: "admin", label: "bench admin" })
  ).token;
  const state: DemoState = {
    departmentCode: code,
    size: { entities: size.entities, inspectors: size.inspectors },
    adminToken,
    steps: {},
  };
  for (const [name, step] of STEPS) {
    if (name === "findings" || name === "ledger") continue;
    const t = performance.now();
    state.steps[name] = (await step(call, adminToken, state)) ?? true;
    progress(`  seed ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const { roundId } = state.steps.round as { roundId: string };
  let t = performance.now();
  const findingIds = await publishFindings(call, adminToken, roundId, size.findings, 8);
  progress(
    `  seed ${findingIds.length} published findings: ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  t = performance.now();
  ok(await call("POST", "/ledger/sth", { token: adminToken }), "sign tree head");
  // The board is paged (10 000 rows at most per page).
  const drawn = new Set<string>();
  for (let cursor: string | null = ""; cursor !== null; ) {
    const page = ok(
      await call("GET", `/rounds/${roundId}/board?limit=10000${cursor ? `&cursor=${cursor}` : ""}`, {
        token: adminToken,
      }),
      "board",
    );
    for (const b of page.items as { entityId: string }[]) drawn.add(b.entityId);
    cursor = page.nextCursor;
  }
  const listed: { creditCode: string }[] = ok(
    await call("GET", "/entities?limit=200", { token: adminToken }),
    "entities",
  ).items;
  const published = ok(
    await call("GET", `/public/departments/${encodeURIComponent(code)}/findings?limit=200`),
    "findings",
  ).items as { entity: { name: string } }[];
  return {
    departmentId: dept.id,
    departmentCode: code,
    adminToken,
    roundId,
    drawnCodes: [...drawn].slice(0, 200),
    otherCodes: listed.map((e) => e.creditCode).filter((c) => !drawn.has(c)),
    findingIds,
    publicNames: published.map((p) => p.entity.name),
    call,
  };
}

export interface AssignmentSeed {
  tokens: string[];
  perInspector: number[];
  total: number;
}

/**
 * `total` assignments over `roundCount` drawn rounds of the department and `inspectorCount`
 * inspectors (two per team), in SQL. The first `tokenCount` inspectors are real ones of the
 * department, each given an inspector token; the others are ids only (assignments carry no
 * foreign key to the roster).
 */
export async function seedAssignments(
  database: Database,
  seed: PublicSeed,
  opts: { total: number; roundCount: number; inspectorCount: number; tokenCount: number },
): Promise<AssignmentSeed> {
  const db = database.db;
  const real: { id: string }[] = ok(
    await seed.call("GET", `/inspectors?limit=${opts.tokenCount}`, { token: seed.adminToken }),
    "inspectors",
  ).items;
  const tokens: string[] = [];
  for (const i of real)
    tokens.push(
      ok(
        await seed.call("POST", "/tokens", {
          token: seed.adminToken,
          json: { role: "inspector", label: "bench", inspectorId: i.id },
        }),
        "inspector token",
      ).token,
    );
  const ids = [...real.map((i) => i.id)];
  while (ids.length < opts.inspectorCount) ids.push(randomUUID());
  const perRound = Math.ceil(opts.total / opts.roundCount / 2);
  for (let r = 0; r < opts.roundCount; r++) {
    const roundId = randomUUID();
    const month = String(1 + (r % 12)).padStart(2, "0");
    await db.insert(rounds).values({
      id: roundId,
      departmentId: seed.departmentId,
      title: `基准轮次 ${r + 1}`,
      planYear: 2026,
      itemVersionId: randomUUID(),
      teamSize: 2,
      windowFrom: `2026-${month}-01`,
      windowUntil: `2026-${month}-28`,
      revealDeadline: new Date(),
      status: "drawn",
    });
    // Team of entity i: inspectors (2i + r) and (2i + r + 1) modulo the pool — two distinct ones.
    await db.execute(sql`
      insert into assignments (department_id, round_id, entity_id, inspector_id, slot)
      select ${seed.departmentId}, ${roundId}, '91350100' || lpad(i::text, 10, '0'),
             (${`{${ids.join(",")}}`}::uuid[])[1 + ((2 * i + s + ${r}) % ${ids.length})], s
      from generate_series(0, ${perRound - 1}) i, generate_series(0, 1) s`);
  }
  // What autovacuum would have done by the time anyone reads them (it is off on the bench server).
  await db.execute(sql`analyze assignments`);
  const counts = await Promise.all(
    real.map(async (i) => {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from assignments where inspector_id = ${i.id}`,
      );
      return Number(row?.n ?? 0);
    }),
  );
  return { tokens, perInspector: counts, total: perRound * 2 * opts.roundCount };
}
