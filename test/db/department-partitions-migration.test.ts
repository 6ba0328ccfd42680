/**
 * Migration 0030 moves existing assignments and selections into per-department partitions:
 * a database migrated up to 0029 with two departments' rows (round_selected without a
 * department: it is taken from the round) is migrated on, and each department's rows come
 * out in partitions of their own, keys intact, the DEFAULT partitions empty.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { describeMigration, type Query } from "./migration-case.js";

const DEPTS = [randomUUID(), randomUUID()];
const ROUNDS = [randomUUID(), randomUUID()];
const hex = (id: string) => id.replaceAll("-", "");

/** Two departments' rounds with rows written before 0030 (foreign keys and triggers off). */
async function seed(q: Query) {
  await q("set session_replication_role = replica");
  for (const [i, r] of ROUNDS.entries()) {
    const d = DEPTS[i];
    await q(`insert into rounds (id, department_id, title, plan_year, item_version_id, team_size, window_from,
                                 window_until, reveal_deadline, status)
             values ('${r}', '${d}', 't', 2026, '${randomUUID()}', 2, '2026-01-01', '2026-12-31', now(), 'drawn')`);
    const n = i === 0 ? 30 : 4;
    await q(`insert into round_selected (round_id, stratum, entity_id, rank, ticket)
             select '${r}', 'A', 'E' || g, g, 'ab' from generate_series(0, ${n - 1}) g`);
    await q(`insert into assignments (department_id, round_id, entity_id, inspector_id, slot)
             select '${d}', '${r}', 'E' || g, gen_random_uuid(), s
             from generate_series(0, ${n - 1}) g, generate_series(0, 1) s`);
  }
  await q("set session_replication_role = origin");
}

async function check(q: Query) {
  for (const table of ["round_selected", "assignments"]) {
    const rows =
      await q(`select tableoid::regclass::text as part, department_id::text as d, count(*)::int as n
                          from ${table} group by 1, 2 order by 3 desc`);
    expect(rows).toEqual(
      DEPTS.map((d, i) => ({
        part: `${table}_${hex(d)}`,
        d,
        n: (i === 0 ? 30 : 4) * (table === "assignments" ? 2 : 1),
      })),
    );
    const [dflt] = await q(`select count(*)::int as n from ${table}_default`);
    expect(dflt?.n).toBe(0);
    const kind = await q(`select relkind::text as k from pg_class where relname = '${table}'`);
    expect(kind).toEqual([{ k: "p" }]);
    const old = await q(`select count(*)::int as n from pg_class where relname = '${table}_unpartitioned'`);
    expect(old[0]?.n).toBe(0);
  }
  // round_selected took its department from the round.
  const sel = await q(
    `select distinct round_id::text as r, department_id::text as d from round_selected order by 2`,
  );
  expect(sel).toEqual(
    ROUNDS.map((r, i) => ({ r, d: DEPTS[i] as string })).sort((x, y) => (x.d < y.d ? -1 : 1)),
  );
  // The keys hold: a duplicate selection or team member of a migrated round is refused.
  await expect(
    q(`insert into round_selected values ('${DEPTS[1]}', '${ROUNDS[1]}', 'A', 'E0', 9, 'cd')`),
  ).rejects.toThrow(/duplicate key|unique/);
  const [a] = await q(
    `select inspector_id::text as i from assignments where round_id = '${ROUNDS[1]}' limit 1`,
  );
  await expect(
    q(`insert into assignments (department_id, round_id, entity_id, inspector_id, slot)
       select department_id, round_id, entity_id, inspector_id, 5 from assignments
       where round_id = '${ROUNDS[1]}' and inspector_id = '${a?.i}'`),
  ).rejects.toThrow(/duplicate key|unique/);
}

describeMigration(
  "migration 0030 moves assignments and selections into per-department partitions",
  "0030_assignments_selected_by_department",
  seed,
  check,
);
