/** The team board of a round (admins, auditors) and its CSV/XLSX export with Chinese headers. */

import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { getRoundForParticipant, jointMembers } from "../draws/joint.js";
import { signedDraw } from "../draws/signed-draw.js";
import { assertEntitiesMatch } from "../draws/table-checks.js";
import { Invalid } from "../errors.js";
import { csvCell } from "../http/csv.js";

export interface BoardRow {
  entityId: string;
  entityName: string | null;
  stratum: string;
  rank: number;
  ticket: string;
  inspectorId: string;
  inspectorName: string | null;
  /** The inspector's post (职务) as the roster has it now. */
  post: string | null;
  certificateNo: string | null;
  slot: number;
  status: string;
  acceptedAt: string | null;
  recusedAt: string | null;
}

/** Where a board page ends: the sort key of its last row, opaque to clients (base64url JSON). */
interface BoardCursor {
  ticket: string;
  entityId: string;
  slot: number;
  /** created_at as PostgreSQL prints it (microseconds kept: a JS Date would drop them). */
  createdAt: string;
  id: string;
}

function encodeCursor(c: BoardCursor): string {
  return Buffer.from(JSON.stringify([c.ticket, c.entityId, c.slot, c.createdAt, c.id])).toString("base64url");
}

function decodeCursor(text: string): BoardCursor {
  const invalid = () =>
    new Invalid("invalid cursor", [{ field: "query.cursor", reason: "not a cursor from a previous page" }]);
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(v) ||
    v.length !== 5 ||
    typeof v[0] !== "string" ||
    typeof v[1] !== "string" ||
    !Number.isInteger(v[2]) ||
    typeof v[3] !== "string" ||
    !TIMESTAMP.test(v[3]) ||
    typeof v[4] !== "string" ||
    !UUID.test(v[4])
  )
    throw invalid();
  return { ticket: v[0], entityId: v[1], slot: v[2], createdAt: v[3], id: v[4] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?([+-]\d\d(:\d\d)?)?$/;

/**
 * Assignment rows of the round (recused ones too), in draw order then slot, then row id
 * (a substitute's row, in the recused one's slot, sorts after it by creation time). Without `limit`,
 * every row (the CSV and XLSX exports); with it, one page and the cursor of the next.
 */
export async function teamBoard(
  db: Db,
  departmentId: string,
  roundId: string,
  page: { limit?: number; cursor?: string } = {},
): Promise<{ items: BoardRow[]; nextCursor: string | null }> {
  // A joint round's departments each read their own rows (a.department_id below).
  const round = await getRoundForParticipant(db, departmentId, roundId);
  // Names come from the caller's own frozen roster first, then the lead's (joint rounds).
  const ownRevision =
    round.departmentId === departmentId
      ? round.revisionId
      : ((await jointMembers(db, roundId)).find((m) => m.departmentId === departmentId)?.revisionId ?? null);
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  // Keyset paging: rows strictly after the previous page's last sort key.
  const keyset = after
    ? sql`and (s.ticket, convert_to(a.entity_id, 'UTF8'), a.slot, a.created_at, a.id)
              > (${after.ticket}, convert_to(${after.entityId}, 'UTF8'), ${after.slot}::int,
                 ${after.createdAt}::timestamptz, ${after.id}::uuid)`
    : sql``;
  const limit = page.limit === undefined ? sql`` : sql`limit ${page.limit + 1}`;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select a.id, a.created_at::text as created_key, a.entity_id, coalesce(re.name, rl.name) as entity_name, s.stratum, s.rank, s.ticket, a.inspector_id,
               i.name as inspector_name, i.post, i.certificate_no, a.slot, a.status, a.accepted_at, a.recused_at
        from assignments a
        join round_selected s on s.round_id = a.round_id and s.entity_id = a.entity_id
        left join revision_entities re on re.revision_id = ${ownRevision} and re.credit_code = a.entity_id
        left join revision_entities rl on rl.revision_id = ${round.revisionId} and rl.credit_code = a.entity_id
        left join inspectors i on i.id = a.inspector_id
        where a.round_id = ${roundId} and a.department_id = ${departmentId} ${keyset}
        order by s.ticket, convert_to(a.entity_id, 'UTF8'), a.slot, a.created_at, a.id
        ${limit}`,
  );
  const more = page.limit !== undefined && rows.length > page.limit;
  if (more) rows.length = page.limit as number;
  // The page's drawn rows and teams must be what the signed proof says (issue #11); the
  // tables' counts cover rows outside the page.
  const ids = [...new Set(rows.map((r) => r.entity_id as string))];
  await assertEntitiesMatch(db, roundId, await signedDraw(db, round), ids);
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  const items = rows.map((r) => ({
    entityId: r.entity_id as string,
    entityName: (r.entity_name as string | null) ?? null,
    stratum: r.stratum as string,
    // 1-based, as in the CSV/XLSX export, the portal and draw-spec §7 (round_selected.rank is 0-based).
    rank: Number(r.rank) + 1,
    ticket: r.ticket as string,
    inspectorId: r.inspector_id as string,
    inspectorName: (r.inspector_name as string | null) ?? null,
    post: (r.post as string | null) ?? null,
    certificateNo: (r.certificate_no as string | null) ?? null,
    slot: Number(r.slot),
    status: r.status as string,
    acceptedAt: iso(r.accepted_at),
    recusedAt: iso(r.recused_at),
  }));
  const last = rows.at(-1);
  const nextCursor =
    more && last
      ? encodeCursor({
          ticket: last.ticket as string,
          entityId: last.entity_id as string,
          slot: Number(last.slot),
          createdAt: last.created_key as string,
          id: last.id as string,
        })
      : null;
  return { items, nextCursor };
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
    r.rank,
    r.ticket,
    r.inspectorName ?? r.inspectorId,
    r.certificateNo ?? "",
    r.slot + 1,
    STATUS_ZH[r.status] ?? r.status,
    r.acceptedAt ?? "",
    r.recusedAt ?? "",
  ];
}

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
