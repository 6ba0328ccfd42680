/**
 * The unverifiable baseline of issue 7's draw scenario: what a department would otherwise run,
 * per stratum `SELECT entity_id … ORDER BY random() LIMIT k`, with the picked rows persisted
 * (into a temporary table, so "persisted" compares with the service's draw). Nobody can
 * check such a draw afterwards; it only sets the speed to compare against.
 *
 * Works on any `Db` (postgres.js or PGlite). Everything runs in one transaction, so the
 * temporary table lives on one connection of a pool and is dropped at commit.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "../src/db/rows.js";
import type { Db } from "../src/db/types.js";

export interface NaiveStratum {
  stratum: string;
  k: number;
}

/** Draws k entities per stratum with `ORDER BY random()` and persists them; returns the wall time. */
export async function naiveDraw(
  db: Db,
  roundId: string,
  strata: NaiveStratum[],
): Promise<{ seconds: number; picked: number }> {
  const started = performance.now();
  const picked = await db.transaction(async (tx) => {
    await tx.execute(sql`
      create temporary table naive_draw_picked (stratum text not null, entity_id text not null)
      on commit drop`);
    let n = 0;
    for (const s of strata) {
      if (!Number.isInteger(s.k) || s.k < 0) throw new Error(`k must be a whole number ≥ 0 (${s.stratum})`);
      const rows = await queryRows<{ n: number }>(
        tx,
        sql`with picked as (
              insert into naive_draw_picked (stratum, entity_id)
              select ${s.stratum}, entity_id from round_eligible
              where round_id = ${roundId} and stratum = ${s.stratum}
              order by random() limit ${s.k}
              returning 1)
            select count(*)::int as n from picked`,
      );
      n += Number(rows[0]?.n ?? 0);
    }
    return n;
  });
  return { seconds: (performance.now() - started) / 1000, picked };
}
