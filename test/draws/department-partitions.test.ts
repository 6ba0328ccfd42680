/**
 * After a draw, a department's round_selected and assignments rows sit in that department's
 * own partitions (migration 0030, src/db/department-partitions.ts); two departments get two
 * partitions each, the DEFAULT partitions stay empty, and rows written for a department
 * before it had partitions move into them when they are created.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import {
  type DepartmentTable,
  departmentPartitionName,
  ensureDepartmentPartitions,
} from "../../src/db/department-partitions.js";
import { queryRows } from "../../src/db/rows.js";
import type { Db } from "../../src/db/types.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, revealAll, SIGNING_KEY_HEX } from "./helpers.js";

/** The attached partition named after the department, with its bound. */
async function partition(db: Db, table: DepartmentTable, departmentId: string) {
  const name = departmentPartitionName(table, departmentId);
  const rows = await queryRows<{ relname: string; bound: string }>(
    db,
    sql`select c.relname, pg_get_expr(c.relpartbound, c.oid) as bound
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = ${table}::regclass and c.relname = ${name}`,
  );
  return rows[0] ?? null;
}

/** Where the department's rows of `table` are: partition name -> count. */
async function placement(db: Db, table: DepartmentTable, departmentId: string) {
  const rows = await queryRows<{ part: string; n: number }>(
    db,
    sql`select tableoid::regclass::text as part, count(*)::int as n from ${sql.identifier(table)}
        where department_id = ${departmentId} group by 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.part, Number(r.n)]));
}

async function drawnRound(get: () => Parameters<typeof testApp>[0]) {
  const fx = await roundFixture(get().db, { entities: 60 });
  const { call } = testApp(get(), { SIGNING_KEY_HEX });
  const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
  await revealAll(call, contributors);
  const draw = await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
  expect(draw.status, draw.text).toBe(200);
  return { departmentId: fx.department.id as string, roundId };
}

describeEachDriver("per-department partitions of round_selected and assignments", (get) => {
  it("a draw's rows sit in its department's partitions; two departments, two partitions each", async () => {
    const db = get().db;
    const drawn = [await drawnRound(get), await drawnRound(get)];
    for (const { departmentId, roundId } of drawn) {
      for (const table of ["round_selected", "assignments"] as const) {
        const name = departmentPartitionName(table, departmentId);
        expect(await partition(db, table, departmentId)).toEqual({
          relname: name,
          bound: `FOR VALUES IN ('${departmentId}')`,
        });
        const where = await placement(db, table, departmentId);
        expect(Object.keys(where)).toEqual([name]);
        expect(where[name]).toBeGreaterThan(0);
      }
      const [s] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from round_selected where round_id = ${roundId}`,
      );
      expect(Number(s?.n)).toBe(
        (await placement(db, "round_selected", departmentId))[
          departmentPartitionName("round_selected", departmentId)
        ],
      );
    }
    expect(drawn[0]?.departmentId).not.toBe(drawn[1]?.departmentId);
    for (const table of ["round_selected", "assignments"] as const) {
      const [d] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from ${sql.identifier(`${table}_default`)}
            where department_id in (${drawn[0]?.departmentId}, ${drawn[1]?.departmentId})`,
      );
      expect(Number(d?.n)).toBe(0);
    }
  });

  it("rows written before the department had partitions move in when they are created; a second call is a no-op", async () => {
    const db = get().db;
    const fx = await roundFixture(db, { entities: 5 });
    const dept = fx.department.id as string;
    const roundId = randomUUID();
    await db.execute(sql`insert into round_selected (department_id, round_id, stratum, entity_id, rank, ticket)
                         values (${dept}, ${roundId}, 'A', 'E1', 0, 'ab')`);
    await db.execute(sql`insert into assignments (department_id, round_id, entity_id, inspector_id, slot)
                         values (${dept}, ${roundId}, 'E1', ${randomUUID()}, 0)`);
    expect(await placement(db, "round_selected", dept)).toEqual({ round_selected_default: 1 });
    await ensureDepartmentPartitions(db, [dept]);
    await ensureDepartmentPartitions(db, [dept]);
    for (const table of ["round_selected", "assignments"] as const)
      expect(await placement(db, table, dept)).toEqual({ [departmentPartitionName(table, dept)]: 1 });
    // The keys hold in the new partition.
    await expect(
      db.execute(sql`insert into round_selected (department_id, round_id, stratum, entity_id, rank, ticket)
                     values (${dept}, ${roundId}, 'A', 'E1', 1, 'cd')`),
    ).rejects.toThrow();
  });
});
