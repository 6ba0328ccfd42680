/**
 * Replace imports swap a whole freshly loaded table in as the department's partition of
 * `entities` (src/rosters/imports/entities-swap.ts): rows an upsert left in the default
 * partition move out, counts against the old roster are right, a rejected file leaves the old
 * partition exactly as it was and no loading table behind, and other departments never notice.
 */
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows as rows } from "../../src/db/rows.js";
import type { Db } from "../../src/db/types.js";
import { importEntities, importEntityFile } from "../../src/rosters/imports/entities-import.js";
import { entityPartitionName } from "../../src/rosters/imports/entities-swap.js";
import { ENTITY_HEADERS } from "../../src/rosters/synthetic.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { chunked, countEntities, csvText, rosterFingerprint, smallRows, uscc } from "./entities-fixtures.js";

/** Which partition of `entities` holds the department's rows, with how many. */
async function placement(db: Db, departmentId: string) {
  return rows<{ partition: string; n: number | string }>(
    db,
    sql`select tableoid::regclass::text as partition, count(*) as n from entities
         where department_id = ${departmentId} group by 1`,
  ).then((r) => r.map((x) => ({ partition: x.partition, n: Number(x.n) })));
}

/** Tables a loading import leaves behind (it must leave none). */
async function loadingTables(db: Db): Promise<number> {
  const [r] = await rows<{ n: number | string }>(
    db,
    sql`select count(*) as n from pg_class where relname like 'import_stage_%' and relkind = 'r' and relpersistence = 'p'`,
  );
  return Number(r?.n);
}

describeEachDriver("roster swap (replace imports)", (get) => {
  const file = (r: string[][]) => chunked(Buffer.from(csvText(ENTITY_HEADERS, r)));

  it("moves an upserted roster into the department's own partition, then swaps it again with exact counts", async () => {
    const { db } = get();
    const { department } = await newDepartment(db);
    const { department: other } = await newDepartment(db);
    const base = smallRows();
    await importEntities(get(), { departmentId: other.id, source: file(base), format: "csv" });
    const otherBefore = await rosterFingerprint(db, other.id);

    // An upsert writes in place: a department without its own partition lands in the default one.
    await importEntities(get(), {
      departmentId: department.id,
      source: file(base),
      format: "csv",
      mode: "upsert",
    });
    expect(await placement(db, department.id)).toEqual([{ partition: "entities_default", n: 3 }]);

    // Replace: one kept unchanged, one changed, one dropped, one new.
    const next = base.slice(0, 2).map((r) => [...r]);
    next[1]![9] = next[1]![9] === "A" ? "B" : "A";
    const added = [...base[2]!];
    added[0] = uscc("91350100M00042424");
    next.push(added);
    const first = await importEntities(get(), {
      departmentId: department.id,
      source: file(next),
      format: "csv",
    });
    expect(first.written).toEqual({ inserted: 1, updated: 1, deleted: 1 });
    const own = entityPartitionName(department.id);
    expect(await placement(db, department.id)).toEqual([{ partition: own, n: 3 }]);

    // Again, now replacing its own partition (detached and dropped).
    const again = await importEntities(get(), {
      departmentId: department.id,
      source: file(base),
      format: "csv",
    });
    expect(again.written).toEqual({ inserted: 1, updated: 1, deleted: 1 });
    expect(await placement(db, department.id)).toEqual([{ partition: own, n: 3 }]);
    expect(await rosterFingerprint(db, other.id)).toBe(otherBefore);
    expect(await loadingTables(db)).toBe(0);
  });

  it("a file rejected after loading (a repeated code) leaves the old partition as it was and no table behind", async () => {
    const { db } = get();
    const { department } = await newDepartment(db);
    const base = smallRows();
    await importEntities(get(), { departmentId: department.id, source: file(base), format: "csv" });
    const before = await rosterFingerprint(db, department.id);
    const repeated = [...base.map((r) => [...r]), [...base[0]!]];
    const report = await importEntityFile(get(), {
      departmentId: department.id,
      source: file(repeated),
      format: "csv",
    });
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => e.line)).toEqual([2, 5]);
    expect(await rosterFingerprint(db, department.id)).toBe(before);
    expect(await countEntities(db, department.id)).toBe(3);
    expect(await placement(db, department.id)).toEqual([
      { partition: entityPartitionName(department.id), n: 3 },
    ]);
    expect(await loadingTables(db)).toBe(0);
  });
});
