/**
 * A round's eligible set (名录库抽取范围) and drawn list (抽查名单) as export rows, read in keyset
 * pages. Names come from the frozen roster revision the round was committed against, so the
 * file shows the entities as they stood when the set was fixed. The caller resolves the round
 * within its department first (getRound), which is what scopes these reads.
 */
import { sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import type { RoundRow } from "../draws/rounds.js";
import type { Cell } from "../http/tabular.js";

export const ELIGIBLE_HEADERS = ["序号", "风险等级", "统一社会信用代码", "主体名称"] as const;

export const DRAWN_HEADERS = [
  "风险等级",
  "抽中序号",
  "统一社会信用代码",
  "主体名称",
  "随机票号",
  "检查人员",
  "执法证号",
] as const;

const PAGE = 10_000;

/** The eligible set in leaf order (the committed order): 1-based position, stratum, code, name. */
export async function* eligibleExportRows(db: Db, round: RoundRow): AsyncGenerator<Cell[]> {
  for (let from = 0; ; from += PAGE) {
    const rows = await queryRows<{
      leaf_index: number;
      stratum: string;
      entity_id: string;
      name: string | null;
    }>(
      db,
      sql`select e.leaf_index, e.stratum, e.entity_id, re.name
          from round_eligible e
          left join revision_entities re on re.revision_id = ${round.revisionId} and re.credit_code = e.entity_id
          where e.round_id = ${round.id} and e.leaf_index >= ${from} and e.leaf_index < ${from + PAGE}
          order by e.leaf_index`,
    );
    for (const r of rows) yield [Number(r.leaf_index) + 1, r.stratum, r.entity_id, r.name];
    if (rows.length < PAGE) return;
  }
}

interface DrawnRow {
  stratum: string;
  rank: number;
  entity_id: string;
  name: string | null;
  ticket: string;
  inspectors: string | null;
  certificates: string | null;
}

/**
 * The drawn entities by stratum and rank (1-based, as on the portal and the team board) with
 * the current team: members not recused, in slot order.
 */
export async function* drawnExportRows(db: Db, round: RoundRow): AsyncGenerator<Cell[]> {
  let after: { stratum: string; rank: number } | null = null;
  for (;;) {
    const keyset = after ? sql`and (s.stratum, s.rank) > (${after.stratum}, ${after.rank}::int)` : sql``;
    const rows: DrawnRow[] = await queryRows<DrawnRow>(
      db,
      // The team per row through the (round, entity) unique index: a lateral lookup, whatever the
      // planner thinks of the tables' sizes (a join planned on stale statistics looped).
      sql`select s.stratum, s.rank, s.entity_id, re.name, s.ticket, t.inspectors, t.certificates
          from round_selected s
          left join revision_entities re on re.revision_id = ${round.revisionId} and re.credit_code = s.entity_id
          left join lateral (
            select string_agg(i.name, '、' order by a.slot) as inspectors,
                   string_agg(i.certificate_no, '、' order by a.slot) as certificates
            from assignments a join inspectors i on i.id = a.inspector_id
            where a.round_id = s.round_id and a.entity_id = s.entity_id
              and a.department_id = ${round.departmentId} and a.status <> 'recused'
          ) t on true
          where s.round_id = ${round.id} and s.department_id = ${round.departmentId} ${keyset}
          order by s.stratum, s.rank
          limit ${PAGE}`,
    );
    for (const r of rows)
      yield [r.stratum, Number(r.rank) + 1, r.entity_id, r.name, r.ticket, r.inspectors, r.certificates];
    if (rows.length < PAGE) return;
    const last: DrawnRow = rows[rows.length - 1]!;
    after = { stratum: last.stratum, rank: Number(last.rank) };
  }
}
