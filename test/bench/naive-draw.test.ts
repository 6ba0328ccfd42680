/** The `ORDER BY random() LIMIT k` baseline of the draw benchmark runs on both drivers. */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { naiveDraw } from "../../bench/naive-draw.js";
import { queryRows } from "../../src/db/rows.js";
import { rounds } from "../../src/draws/schema.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

describeEachDriver("bench naiveDraw", (get) => {
  it("picks k per stratum (at most the stratum's size) and leaves nothing behind", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const roundId = randomUUID();
    await db.insert(rounds).values({
      id: roundId,
      departmentId: department.id,
      title: "naive",
      planYear: 2026,
      itemVersionId: randomUUID(),
      teamSize: 2,
      windowFrom: "2026-07-01",
      windowUntil: "2026-08-31",
      revealDeadline: new Date(Date.now() + 3600_000),
    });
    await db.execute(sql`
      insert into round_eligible (round_id, stratum, entity_id, leaf_index)
      select ${roundId}, (array['A','B'])[1 + (i % 2)], 'E' || lpad(i::text, 6, '0'), i
      from generate_series(0, 999) i`);
    const r = await naiveDraw(db, roundId, [
      { stratum: "A", k: 30 },
      { stratum: "B", k: 600 },
      { stratum: "C", k: 5 },
    ]);
    expect(r.picked).toBe(30 + 500);
    expect(r.seconds).toBeGreaterThan(0);
    // The temporary table was dropped with its transaction: a second run starts clean.
    expect((await naiveDraw(db, roundId, [{ stratum: "A", k: 10 }])).picked).toBe(10);
    const [left] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_class where relname = 'naive_draw_picked'`,
    );
    expect(Number(left?.n)).toBe(0);
  });
});
