/**
 * The eligible set (draw-spec §5): built in SQL from the frozen roster revision, stored in
 * round_eligible with each row's position in Merkle leaf order (= the v2 set order). A v1
 * root is hashed by streaming the ordered rows through the engine's root builder (O(log n)
 * memory); a v2 root is computed in SQL by eligible-chunks.ts.
 */
import { sql } from "drizzle-orm";
import { attachRoundTable, createRoundTable } from "../db/round-partitions.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import {
  COMPLAINT_STRATUM,
  canonicalEntityId,
  canonicalLabel,
  MerkleRootBuilder,
  toHex,
} from "../draw-engine/index.js";
import { Unprocessable } from "../errors.js";
import { leafHashSql } from "./inclusion.js";
import { UNRATED_STRATUM } from "./sources.js";

/** One department's part of the eligible set: its frozen roster revision, filter and exclusion policy. */
export interface EligibleSource {
  departmentId: string;
  revisionId: string;
  /** "" for a single-department round; "CODE/" in a joint round (strata are per department). */
  stratumPrefix: string;
  filter: { entityTypes: string[]; industries: string[]; regionCodes: string[] };
  cooldownDays: number;
  yearlyCap: number | null;
}

export interface EligibleBuildInput {
  roundId: string;
  planYear: number;
  /** First day of the inspection window; cool-down is counted back from it. */
  windowFrom: string;
  /** The lead first; a joint round lists its members after it (draw-spec §17.2). */
  sources: EligibleSource[];
  /** RULES §5: entities with at least this many complaints go to the complaint stratum. */
  complaintStratum: { minComplaints: number } | null;
}

/**
 * Leaf order = byte order of lp(stratum) ‖ lp(id) (the tag prefix is common to every leaf),
 * written with bytea so no collation is involved.
 */
export const LEAF_ORDER_SQL = sql.raw(
  "int4send(octet_length(convert_to(stratum, 'UTF8'))) || convert_to(stratum, 'UTF8') || int4send(octet_length(convert_to(entity_id, 'UTF8'))) || convert_to(entity_id, 'UTF8')",
);

/** A target filter value matches a roster field that starts with it (codes are hierarchical). */
function matches(column: string, values: string[]) {
  const col = sql.raw(column);
  const list = JSON.stringify(values);
  return sql`(jsonb_array_length(${list}::jsonb) = 0 or exists (select 1 from jsonb_array_elements_text(${list}::jsonb) f(v) where starts_with(coalesce(${col}, ''), f.v)))`;
}

/** Region codes are matched by their significant prefix: 350100 covers 3501xx. */
function regionPrefixes(codes: string[]): string[] {
  return codes.map((c) => c.replace(/(00)+$/, "") || c);
}

/** One source's roster rows after its filter, with their stratum (draw-spec §17.1) and position. */
function sourceRows(pos: number, src: EligibleSource, complaints: EligibleBuildInput["complaintStratum"]) {
  const plain = sql`coalesce(e.risk_class::text, ${UNRATED_STRATUM})`;
  const stratum = complaints
    ? sql`case when e.complaint_count >= ${complaints.minComplaints}::int then ${COMPLAINT_STRATUM} else ${plain} end`
    : plain;
  return sql`
      select ${pos}::int as pos, ${src.departmentId}::uuid as dept, e.credit_code as entity_id,
             ${src.stratumPrefix}::text || ${stratum} as stratum, e.registration_status, e.last_inspected,
             ${src.cooldownDays}::int as cooldown, ${src.yearlyCap ?? 2147483647}::int as cap
      from revision_entities e
      where e.revision_id = ${src.revisionId}
        and ${matches("e.entity_type", src.filter.entityTypes)}
        and ${matches("e.industry", src.filter.industries)}
        and ${matches("e.region_code", regionPrefixes(src.filter.regionCodes))}`;
}

/**
 * Inserts the exclusions and the eligible rows of a round in one statement. Exclusion
 * reasons, first that applies: not operating (注销/吊销/撤销), cool-down, yearly cap — each
 * judged by the entity's own department (its rounds, led or joined). In a joint round an
 * entity on several rosters is eligible once, in the stratum of the first department listing
 * it, and excluded (reason prefixed with that department's code) when any department excludes it.
 * The eligible rows go into the round's fresh table, which is then indexed and attached as its
 * partition of round_eligible (src/db/round-partitions.ts); call inside the commit's transaction.
 */
export async function insertEligibleSet(db: Db, i: EligibleBuildInput): Promise<void> {
  const joint = i.sources.length > 1;
  const f = sql.join(
    i.sources.map((src, pos) => sourceRows(pos, src, i.complaintStratum)),
    sql` union all `,
  );
  const depts = sql.join(
    i.sources.map((src) => sql`(${src.departmentId}::uuid)`),
    sql`, `,
  );
  const prefixes = sql.join(
    i.sources.map((src, pos) => sql`(${pos}::int, ${src.stratumPrefix.replace(/\/$/, "")}::text)`),
    sql`, `,
  );
  // A single department keeps the plain per-row statement (no aggregation over a 10 M roster).
  const decided = joint
    ? sql`select x.entity_id, (array_agg(x.stratum order by x.pos))[1] as stratum,
             (array_agg(p.code || ': ' || x.reason order by x.pos) filter (where x.reason is not null))[1] as reason
          from x join (values ${prefixes}) p(pos, code) on p.pos = x.pos
          group by x.entity_id`
    : sql`select entity_id, stratum, reason from x`;
  const table = sql.raw(await createRoundTable(db, "round_eligible", i.roundId));
  await db.execute(sql`
    with f as (${f}), hist as (
      select d.dept, s.entity_id, max(r.window_from) as last_drawn,
             count(*) filter (where r.plan_year = ${i.planYear}) as n_year
      from (values ${depts}) d(dept)
      join rounds r on r.department_id = d.dept
        or r.id in (select j.round_id from round_joint_departments j where j.department_id = d.dept)
      join round_selected s on s.round_id = r.id and s.department_id = r.department_id
      where r.status in ('drawn', 'in_progress', 'closed')
      group by d.dept, s.entity_id
    ), x as (
      select f.pos, f.entity_id, f.stratum,
        case
          when f.registration_status in ('注销', '吊销', '撤销')
            then 'not operating: registration status ' || f.registration_status
          when greatest(f.last_inspected, h.last_drawn) > ${i.windowFrom}::date - f.cooldown
            then 'cool-down: last inspected ' || to_char(greatest(f.last_inspected, h.last_drawn), 'YYYY-MM-DD')
              || ', within ' || f.cooldown || ' days'
          when coalesce(h.n_year, 0) >= f.cap
            then 'yearly cap: already drawn ' || h.n_year || ' times in ' || ${i.planYear}::int
        end as reason
      from f left join hist h on h.dept = f.dept and h.entity_id = f.entity_id
    ), y as (${decided}), ex as (
      insert into round_exclusions (round_id, entity_id, reason)
      select ${i.roundId}, entity_id, reason from y where reason is not null
      returning 1
    )
    insert into ${table} (round_id, stratum, entity_id, leaf_index)
    select ${i.roundId}, stratum, entity_id, (row_number() over (order by ${LEAF_ORDER_SQL}) - 1)::int
    from y where reason is null
  `);
  // Indexes built after the load, fresh statistics (the draw's per-stratum range scans), attached.
  await attachRoundTable(db, "round_eligible", i.roundId);
}

const PAGE = 20000;

/** Streams the eligible rows of a round in leaf order, in keyset pages (both drivers). */
export async function* eligibleRows(
  db: Db,
  roundId: string,
): AsyncGenerator<{ stratum: string; id: string; index: number }> {
  let from = 0;
  for (;;) {
    const rows = await queryRows<{ stratum: string; entity_id: string; leaf_index: number }>(
      db,
      sql`select stratum, entity_id, leaf_index from round_eligible
          where round_id = ${roundId} and leaf_index >= ${from} and leaf_index < ${from + PAGE}
          order by leaf_index`,
    );
    for (const r of rows) yield { stratum: r.stratum, id: r.entity_id, index: r.leaf_index };
    if (rows.length < PAGE) return;
    from += PAGE;
  }
}

const PLAIN_ID = /^[0-9A-Z]{1,64}$/;

/** True when `id` is already canonical; upper-case ASCII alphanumerics (credit codes) take the fast path. */
function isCanonical(id: string): boolean {
  if (PLAIN_ID.test(id)) return true;
  try {
    return canonicalEntityId(id) === id;
  } catch {
    return false;
  }
}

/**
 * Root and per-stratum counts. Leaf hashes are computed in SQL (the leaf encoding is
 * tested equal to the engine's) and only the interior nodes in Node, in leaf_index order;
 * every stored id must already be canonical or the commit is refused.
 */
export async function eligibleRootAndCounts(db: Db, roundId: string) {
  const builder = new MerkleRootBuilder();
  const counts = new Map<string, number>();
  for (let from = 0; ; from += PAGE) {
    const rows = await queryRows<{ stratum: string; entity_id: string; h: string }>(
      db,
      sql`select stratum, entity_id, encode(${leafHashSql}, 'hex') as h from round_eligible
          where round_id = ${roundId} and leaf_index >= ${from} and leaf_index < ${from + PAGE}
          order by leaf_index`,
    );
    for (const r of rows) {
      if (!isCanonical(r.entity_id)) {
        throw new Unprocessable(
          `entity id ${JSON.stringify(r.entity_id)} in the roster is not in canonical form`,
        );
      }
      const n = counts.get(r.stratum);
      if (n === undefined) canonicalLabel(r.stratum, "stratum");
      counts.set(r.stratum, (n ?? 0) + 1);
      builder.addLeafHash(Buffer.from(r.h, "hex"));
    }
    if (rows.length < PAGE) break;
  }
  return { root: toHex(builder.root()), counts, size: builder.size };
}

export async function listExclusions(db: Db, roundId: string) {
  return queryRows<{ id: string; reason: string }>(
    db,
    sql`select entity_id as id, reason from round_exclusions where round_id = ${roundId}
        order by convert_to(entity_id, 'UTF8')`,
  );
}
