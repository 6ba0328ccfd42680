/**
 * Inspector roster rows (执法人员名录库, RULES §4): column names and the
 * per-row validator used by the CSV/XLSX import. Hand-written for speed like
 * entity-row.ts; `inspectorRowSchema` is the contract for the validated shape.
 */
import { z } from "zod";
import {
  type ColumnDef,
  type ColumnMap,
  type ColumnResolution,
  cellAt,
  checkWidth,
  parseIsoDate,
  RowErrorSink,
  type RowResult,
  resolveColumns,
  toHalfWidth,
} from "../columns.js";

export type InspectorColumn =
  | "name"
  | "post"
  | "certificate_no"
  | "cert_valid_from"
  | "cert_valid_until"
  | "qualifications"
  | "district"
  | "status";

export const INSPECTOR_COLUMNS: readonly ColumnDef<InspectorColumn>[] = [
  { key: "name", required: true, aliases: ["姓名", "name", "执法人员姓名", "人员姓名"] },
  { key: "post", required: false, aliases: ["职务", "post", "职位", "职级", "position", "title"] },
  {
    key: "certificate_no",
    required: true,
    aliases: [
      "执法证号",
      "certificate_no",
      "执法证件号",
      "执法证件号码",
      "执法证编号",
      "证件号",
      "certificate",
    ],
  },
  {
    key: "cert_valid_from",
    required: false,
    aliases: ["证件有效期起", "cert_valid_from", "有效期起", "发证日期", "valid_from"],
  },
  {
    key: "cert_valid_until",
    required: true,
    aliases: ["证件有效期止", "cert_valid_until", "有效期止", "有效期至", "valid_until", "expires"],
  },
  {
    key: "qualifications",
    required: false,
    aliases: ["执法类型", "qualifications", "执法领域", "执法门类", "检查事项", "enforcement_types"],
  },
  { key: "district", required: false, aliases: ["片区", "district", "所属片区", "辖区", "责任区"] },
  { key: "status", required: false, aliases: ["状态", "status", "在岗状态", "人员状态"] },
];

export const INSPECTOR_STATUSES = ["active", "suspended", "left"] as const;
export type InspectorStatus = (typeof INSPECTOR_STATUSES)[number];

/** The validated shape of one inspector. */
export const inspectorRowSchema = z
  .object({
    name: z.string().min(1).max(50),
    post: z.string().min(1).max(100).nullable(),
    certificateNo: z.string().min(1).max(50),
    certValidFrom: z.iso.date().nullable(),
    certValidUntil: z.iso.date(),
    qualifications: z.array(z.string().min(1).max(100)),
    district: z.string().min(1).max(100).nullable(),
    status: z.enum(INSPECTOR_STATUSES),
  })
  .refine((r) => r.certValidFrom === null || r.certValidFrom <= r.certValidUntil, {
    message: "certificate validity ends before it starts",
  });
export type InspectorRow = z.infer<typeof inspectorRowSchema>;

const STATUS_WORDS = new Map<string, InspectorStatus>([
  ["在岗", "active"],
  ["在职", "active"],
  ["正常", "active"],
  ["有效", "active"],
  ["active", "active"],
  ["暂停", "suspended"],
  ["停用", "suspended"],
  ["暂停执法", "suspended"],
  ["suspended", "suspended"],
  ["离职", "left"],
  ["离岗", "left"],
  ["调离", "left"],
  ["退休", "left"],
  ["注销", "left"],
  ["left", "left"],
]);

/** 在岗/active, 暂停/suspended, 离职/left (and common synonyms). Undefined when unknown. */
export function parseInspectorStatus(s: string): InspectorStatus | undefined {
  return STATUS_WORDS.get(toHalfWidth(s).toLowerCase());
}

/** Split 执法类型 on ；;、| (full- or half-width), trimmed, blanks and repeats dropped. */
export function splitQualifications(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 59;
    // ; ；、 | ｜
    if (c === 59 || c === 0xff1b || c === 0x3001 || c === 124 || c === 0xff5c) {
      const part = s.slice(start, i).trim();
      if (part !== "" && !out.includes(part)) out.push(part);
      start = i + 1;
    }
  }
  return out;
}

export function resolveInspectorColumns(
  headers: readonly string[],
  line = 1,
): ColumnResolution<InspectorColumn> {
  return resolveColumns(INSPECTOR_COLUMNS, headers, line);
}

const sink = new RowErrorSink<InspectorColumn>();

function text(cells: readonly string[], ix: number, col: InspectorColumn, max: number, req: boolean) {
  const v = cellAt(cells, ix);
  if (v === "") {
    if (req) sink.fail(col, "required");
    return null;
  }
  if (v.length > max) sink.fail(col, `longer than ${max} characters`);
  return v;
}

function date(cells: readonly string[], ix: number, col: InspectorColumn, req: boolean): string | null {
  const v = toHalfWidth(cellAt(cells, ix));
  if (v === "") {
    if (req) sink.fail(col, "required");
    return null;
  }
  const d = parseIsoDate(v);
  if (d === null) sink.fail(col, `'${v}' is not a valid date (YYYY-MM-DD)`);
  return d;
}

/**
 * Validate one data row; `line` is the file line where the record starts.
 * Status defaults to active when the column is absent or the cell empty.
 * Certificate numbers are normalised to half-width (they are compared for
 * uniqueness within a department).
 */
export function parseInspectorRow(
  cells: readonly string[],
  map: ColumnMap<InspectorColumn>,
  line: number,
): RowResult<InspectorRow> {
  const ix = map.index;
  const widthError = checkWidth(cells, map.width, line);
  if (widthError) return { ok: false, errors: [widthError] };
  sink.begin(line, map.header);

  const name = text(cells, ix.name, "name", 50, true);
  const post = text(cells, ix.post, "post", 100, false);
  const certificateNo = toHalfWidth(cellAt(cells, ix.certificate_no));
  if (certificateNo === "") sink.fail("certificate_no", "required");
  else if (certificateNo.length > 50) sink.fail("certificate_no", "longer than 50 characters");
  const certValidFrom = date(cells, ix.cert_valid_from, "cert_valid_from", false);
  const certValidUntil = date(cells, ix.cert_valid_until, "cert_valid_until", true);
  if (certValidFrom !== null && certValidUntil !== null && certValidFrom > certValidUntil) {
    sink.fail(
      "cert_valid_until",
      `certificate validity ends (${certValidUntil}) before it starts (${certValidFrom})`,
    );
  }
  const qualCell = cellAt(cells, ix.qualifications);
  const qualifications = qualCell === "" ? [] : splitQualifications(qualCell);
  for (const q of qualifications) {
    if (q.length > 100) sink.fail("qualifications", `'${q.slice(0, 20)}…' is longer than 100 characters`);
  }
  const district = text(cells, ix.district, "district", 100, false);
  const statusCell = cellAt(cells, ix.status);
  const status = statusCell === "" ? "active" : parseInspectorStatus(statusCell);
  if (status === undefined) {
    sink.fail("status", `'${statusCell}' is not a status (在岗/active, 暂停/suspended, 离职/left)`);
  }

  if (!sink.empty || name === null || certValidUntil === null || !status) {
    return { ok: false, errors: sink.take() };
  }
  return {
    ok: true,
    value: { name, post, certificateNo, certValidFrom, certValidUntil, qualifications, district, status },
  };
}
