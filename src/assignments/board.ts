/** The team board of a round (admins, auditors) and its CSV/XLSX export with Chinese headers. */

import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { getRound } from "../draws/rounds.js";

export interface BoardRow {
  entityId: string;
  entityName: string | null;
  stratum: string;
  rank: number;
  ticket: string;
  inspectorId: string;
  inspectorName: string | null;
  certificateNo: string | null;
  slot: number;
  status: string;
  acceptedAt: string | null;
  recusedAt: string | null;
}

/** Every assignment row of the round (recused ones too), in draw order then slot. */
export async function teamBoard(db: Db, departmentId: string, roundId: string): Promise<BoardRow[]> {
  const round = await getRound(db, departmentId, roundId);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select a.entity_id, re.name as entity_name, s.stratum, s.rank, s.ticket, a.inspector_id, i.name as inspector_name,
               i.certificate_no, a.slot, a.status, a.accepted_at, a.recused_at
        from assignments a
        join round_selected s on s.round_id = a.round_id and s.entity_id = a.entity_id
        left join revision_entities re on re.revision_id = ${round.revisionId} and re.credit_code = a.entity_id
        left join inspectors i on i.id = a.inspector_id
        where a.round_id = ${roundId} and a.department_id = ${departmentId}
        order by s.ticket, convert_to(a.entity_id, 'UTF8'), a.slot, a.created_at`,
  );
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return rows.map((r) => ({
    entityId: r.entity_id as string,
    entityName: (r.entity_name as string | null) ?? null,
    stratum: r.stratum as string,
    rank: Number(r.rank),
    ticket: r.ticket as string,
    inspectorId: r.inspector_id as string,
    inspectorName: (r.inspector_name as string | null) ?? null,
    certificateNo: (r.certificate_no as string | null) ?? null,
    slot: Number(r.slot),
    status: r.status as string,
    acceptedAt: iso(r.accepted_at),
    recusedAt: iso(r.recused_at),
  }));
}

const STATUS_ZH: Record<string, string> = { assigned: "已分派", accepted: "已接受", recused: "已回避" };

const HEADERS = [
  "统一社会信用代码",
  "主体名称",
  "风险等级",
  "抽中序号",
  "随机票号",
  "检查人员",
  "执法证号",
  "组内位置",
  "状态",
  "接受时间",
  "回避时间",
];

function cells(r: BoardRow): (string | number)[] {
  return [
    r.entityId,
    r.entityName ?? "",
    r.stratum,
    r.rank + 1,
    r.ticket,
    r.inspectorName ?? r.inspectorId,
    r.certificateNo ?? "",
    r.slot + 1,
    STATUS_ZH[r.status] ?? r.status,
    r.acceptedAt ?? "",
    r.recusedAt ?? "",
  ];
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** CSV with a UTF-8 BOM so spreadsheet software opens the Chinese headers correctly. */
export function boardCsv(rows: BoardRow[]): string {
  const lines = [HEADERS, ...rows.map(cells)].map((l) => l.map(csvCell).join(","));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

export async function boardXlsx(rows: BoardRow[], title: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("检查组分派");
  ws.addRow(HEADERS).font = { bold: true };
  for (const r of rows) ws.addRow(cells(r));
  ws.columns.forEach((col) => {
    col.width = 18;
  });
  wb.title = title;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
