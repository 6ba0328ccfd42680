/**
 * Inspection results (抽查检查结果) of a department in the columns of the national enterprise
 * credit information disclosure system's spot-check result import: who was checked, under
 * which checklist item, legal basis and method, when, with which result code (RULES §8), by
 * which department. Read in keyset pages in a fixed order, so any number of rows streams with
 * bounded memory on both drivers.
 */
import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import type { Cell } from "../http/tabular.js";

/** Column order and names of the export; a reader of the file relies on both. */
export const FINDINGS_HEADERS = [
  "主体名称",
  "统一社会信用代码",
  "抽查事项",
  "事项编码",
  "检查依据",
  "检查方式",
  "抽查任务名称",
  "抽查任务编号",
  "计划年度",
  "检查开始日期",
  "检查截止日期",
  "检查完成日期",
  "决定日期",
  "检查结果",
  "检查实施机关",
] as const;

/** 检查方式 as the national system words them. */
const METHOD_ZH: Record<string, string> = { written: "书面检查", on_site: "实地核查" };

export interface FindingsFilter {
  year?: number;
  /** Checklist item code. */
  item?: string;
  roundId?: string;
}

interface Row {
  id: string;
  round_id: string;
  entity_id: string;
  entity_name: string;
  result_code: string;
  inspection_ended_on: string;
  decided_on: string | null;
  round_title: string;
  plan_year: number;
  window_from: string;
  window_until: string;
  item_code: string | null;
  item_name: string | null;
  legal_basis: string | null;
  methods: string[] | string | null;
  department_name: string;
}

// Pages of 2 000: a page's rows stay alive while it is written out; smaller pages keep less garbage in flight.
const PAGE = 2000;

/** PGlite returns text[] as an array; a driver that answers with the literal gets it parsed. */
function methodList(v: Row["methods"]): string[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v;
  return v
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter(Boolean);
}

function cells(r: Row): Cell[] {
  return [
    r.entity_name,
    r.entity_id,
    r.item_name,
    r.item_code,
    r.legal_basis,
    methodList(r.methods)
      .map((m) => METHOD_ZH[m] ?? m)
      .join("、"),
    r.round_title,
    r.round_id,
    Number(r.plan_year),
    r.window_from,
    r.window_until,
    r.inspection_ended_on,
    r.decided_on,
    r.result_code,
    r.department_name,
  ];
}

/**
 * Every finding of `departmentId` matching the filter, as export rows, in (round, entity, id)
 * order — the order of the findings_team_idx index, so each page is an index range scan.
 */
export async function* findingsExportRows(
  db: Db,
  departmentId: string,
  filter: FindingsFilter,
): AsyncGenerator<Cell[]> {
  const conds: SQL[] = [sql`f.department_id = ${departmentId}`];
  if (filter.year !== undefined) conds.push(sql`r.plan_year = ${filter.year}`);
  if (filter.roundId !== undefined) conds.push(sql`f.round_id = ${filter.roundId}`);
  if (filter.item !== undefined) conds.push(sql`ci.code = ${filter.item}`);
  let after: { round: string; entity: string; id: string } | null = null;
  for (;;) {
    const keyset: SQL = after
      ? sql`and (f.round_id, f.entity_id, f.id) > (${after.round}::uuid, ${after.entity}, ${after.id}::uuid)`
      : sql``;
    const rows: Row[] = await queryRows<Row>(
      db,
      sql`select f.id, f.round_id, f.entity_id, f.entity_name, f.result_code::text as result_code,
                 f.inspection_ended_on::text as inspection_ended_on, f.decided_on::text as decided_on,
                 r.title as round_title, r.plan_year, r.window_from::text as window_from,
                 r.window_until::text as window_until, ci.code as item_code, v.name as item_name,
                 v.legal_basis, v.methods, d.name as department_name
          from findings f
          join rounds r on r.id = f.round_id
          join departments d on d.id = f.department_id
          left join checklist_item_versions v on v.id = r.item_version_id
          left join checklist_items ci on ci.id = v.item_id
          where ${sql.join(conds, sql` and `)} ${keyset}
          order by f.round_id, f.entity_id, f.id
          limit ${PAGE}`,
    );
    for (const r of rows) yield cells(r);
    if (rows.length < PAGE) return;
    const last: Row = rows[rows.length - 1]!;
    after = { round: last.round_id, entity: last.entity_id, id: last.id };
  }
}
