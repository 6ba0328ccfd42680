/**
 * Market-entity roster rows (市场主体名录库, RULES §3): column names and the
 * per-row validator used by the CSV/XLSX import.
 *
 * The validator is hand-written rather than a zod parse: on the 1M-row import
 * it is several times faster (bench/rosters/row-validation.ts). `entityRowSchema`
 * is still the contract for the validated shape (tests check the fast path
 * against it) and what other layers should use for typing/OpenAPI.
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
import { CODE_FLAGS, checkCreditCode } from "../credit-code.js";

export type EntityColumn =
  | "credit_code"
  | "name"
  | "legal_representative"
  | "address"
  | "registration_authority"
  | "entity_type"
  | "industry"
  | "region_code"
  | "registration_status"
  | "risk_class"
  | "natural_person"
  | "complaint_count"
  | "last_inspected";

/** Required columns are the fields 第六条 names plus the credit code. */
export const ENTITY_COLUMNS: readonly ColumnDef<EntityColumn>[] = [
  {
    key: "credit_code",
    required: true,
    aliases: ["统一社会信用代码", "credit_code", "信用代码", "社会信用代码", "uscc", "注册号", "creditcode"],
  },
  {
    key: "name",
    required: true,
    aliases: ["名称", "name", "企业名称", "主体名称", "市场主体名称", "entity_name"],
  },
  {
    key: "legal_representative",
    required: true,
    aliases: [
      "法定代表人",
      "legal_representative",
      "法定代表人(负责人)",
      "负责人",
      "经营者",
      "法人",
      "法人代表",
    ],
  },
  {
    key: "address",
    required: true,
    aliases: ["住所", "address", "经营场所", "住所(经营场所)", "地址", "注册地址", "经常居住地"],
  },
  {
    key: "registration_authority",
    required: true,
    aliases: ["登记机关", "registration_authority", "登记机构", "registration_office"],
  },
  { key: "entity_type", required: false, aliases: ["主体类型", "entity_type", "企业类型", "类型", "type"] },
  { key: "industry", required: false, aliases: ["行业", "industry", "行业门类", "所属行业"] },
  {
    key: "region_code",
    required: false,
    aliases: ["行政区划", "region_code", "行政区划代码", "区划代码", "region"],
  },
  {
    key: "registration_status",
    required: false,
    aliases: ["登记状态", "registration_status", "经营状态", "状态", "status"],
  },
  {
    key: "risk_class",
    required: false,
    aliases: ["风险等级", "risk_class", "风险分类", "信用风险分类", "risk"],
  },
  {
    key: "natural_person",
    required: false,
    aliases: ["是否自然人", "natural_person", "自然人", "is_natural_person"],
  },
  {
    key: "complaint_count",
    required: false,
    aliases: ["投诉次数", "complaint_count", "投诉数", "complaints"],
  },
  {
    key: "last_inspected",
    required: false,
    aliases: ["最近检查日期", "last_inspected", "上次检查日期", "最近一次检查日期", "last_inspected_on"],
  },
];

export const RISK_CLASSES = ["A", "B", "C", "D"] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

const text = (max: number) => z.string().min(1).max(max);
const isoDate = z.iso.date();

/** The validated shape of one roster entity. */
export const entityRowSchema = z.object({
  creditCode: z.string().min(9).max(18),
  creditCodeKind: z.enum(["uscc", "legacy"]),
  /** Why the code deserves a human look (legacy number, failed USCC checksum); null when not. */
  codeFlag: z.enum(CODE_FLAGS).nullable(),
  name: text(200),
  legalRepresentative: text(100),
  address: text(500),
  registrationAuthority: text(200),
  entityType: text(100).nullable(),
  industry: text(200).nullable(),
  regionCode: z
    .string()
    .regex(/^[1-9]\d{5}$/)
    .nullable(),
  registrationStatus: text(50).nullable(),
  riskClass: z.enum(RISK_CLASSES).nullable(),
  naturalPerson: z.boolean(),
  complaintCount: z.number().int().min(0).max(1_000_000),
  lastInspected: isoDate.nullable(),
});
export type EntityRow = z.infer<typeof entityRowSchema>;

export function resolveEntityColumns(headers: readonly string[], line = 1): ColumnResolution<EntityColumn> {
  return resolveColumns(ENTITY_COLUMNS, headers, line);
}

const TRUE_WORDS = new Set(["是", "true", "1", "y", "yes", "t"]);
const FALSE_WORDS = new Set(["否", "false", "0", "n", "no", "f"]);

/** Parse 是/否, true/false, 1/0 (any case, full-width). Undefined when unrecognised. */
export function parseBool(s: string): boolean | undefined {
  if (s === "否") return false; // fast paths for the usual Chinese files
  if (s === "是") return true;
  const v = toHalfWidth(s).toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  return undefined;
}

/** 'A'–'D', also written a, Ａ, A类, A级. */
export function parseRiskClass(s: string): RiskClass | null {
  let v = toHalfWidth(s);
  const last = v.charCodeAt(v.length - 1);
  if (v.length === 2 && (last === 0x7c7b /* 类 */ || last === 0x7ea7) /* 级 */) v = v.charAt(0);
  if (v.length !== 1) return null;
  const c = v.charCodeAt(0) & ~0x20; // ASCII upper-case
  return c >= 65 && c <= 68 ? (String.fromCharCode(c) as RiskClass) : null;
}

function isRegionCode(s: string): boolean {
  if (s.length !== 6 || s.charCodeAt(0) === 48) return false;
  for (let i = 0; i < 6; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const sink = new RowErrorSink<EntityColumn>();
const fail = (col: EntityColumn, reason: string) => sink.fail(col, reason);

function requiredText(cells: readonly string[], ix: number, col: EntityColumn, max: number): string {
  const v = cellAt(cells, ix);
  if (v === "") fail(col, "required");
  else if (v.length > max) fail(col, `longer than ${max} characters`);
  return v;
}

function optionalText(cells: readonly string[], ix: number, col: EntityColumn, max: number): string | null {
  const v = cellAt(cells, ix);
  if (v === "") return null;
  if (v.length > max) fail(col, `longer than ${max} characters`);
  return v;
}

function parseCount(s: string): number {
  if (s.length > 7) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n > 1_000_000 ? -1 : n;
}

/**
 * Validate one data row. `line` is the file line where the record starts.
 * Every problem in the row is reported (not just the first). Derived values:
 * an empty region code is taken from USCC positions 3–8; an empty natural-person
 * cell is true for 个体工商户 (USCC prefix 92 or entity type containing 个体).
 */
export function parseEntityRow(
  cells: readonly string[],
  map: ColumnMap<EntityColumn>,
  line: number,
): RowResult<EntityRow> {
  const ix = map.index;
  const widthError = checkWidth(cells, map.width, line);
  if (widthError) return { ok: false, errors: [widthError] };
  sink.begin(line, map.header);

  const code = checkCreditCode(cellAt(cells, ix.credit_code));
  if (code.kind === "invalid") fail("credit_code", code.reason);
  const name = requiredText(cells, ix.name, "name", 200);
  const legalRepresentative = requiredText(cells, ix.legal_representative, "legal_representative", 100);
  const address = requiredText(cells, ix.address, "address", 500);
  const registrationAuthority = requiredText(cells, ix.registration_authority, "registration_authority", 200);
  const entityType = optionalText(cells, ix.entity_type, "entity_type", 100);
  const industry = optionalText(cells, ix.industry, "industry", 200);
  const registrationStatus = optionalText(cells, ix.registration_status, "registration_status", 50);

  let regionCode: string | null = toHalfWidth(cellAt(cells, ix.region_code));
  if (regionCode === "") {
    regionCode = code.kind === "uscc" ? code.code.slice(2, 8) : null;
    if (regionCode !== null && !isRegionCode(regionCode)) regionCode = null;
  } else if (!isRegionCode(regionCode)) {
    fail("region_code", `'${regionCode}' is not a 6-digit administrative division code`);
  }

  const riskCell = cellAt(cells, ix.risk_class);
  const riskClass = riskCell === "" ? null : parseRiskClass(riskCell);
  if (riskCell !== "" && riskClass === null) fail("risk_class", `'${riskCell}' is not a risk class A–D`);

  const npCell = cellAt(cells, ix.natural_person);
  let naturalPerson: boolean;
  if (npCell === "") {
    naturalPerson =
      (code.kind === "uscc" && code.code.startsWith("92")) || entityType?.includes("个体") === true;
  } else {
    const b = parseBool(npCell);
    if (b === undefined) fail("natural_person", `'${npCell}' is not 是/否, true/false or 1/0`);
    naturalPerson = b === true;
  }

  const ccCell = toHalfWidth(cellAt(cells, ix.complaint_count));
  const complaintCount = ccCell === "" ? 0 : parseCount(ccCell);
  if (complaintCount < 0) {
    fail("complaint_count", `'${ccCell}' is not a whole number between 0 and 1000000`);
  }

  const liCell = toHalfWidth(cellAt(cells, ix.last_inspected));
  const lastInspected = liCell === "" ? null : parseIsoDate(liCell);
  if (liCell !== "" && lastInspected === null) {
    fail("last_inspected", `'${liCell}' is not a valid date (YYYY-MM-DD)`);
  }

  if (!sink.empty || code.kind === "invalid") return { ok: false, errors: sink.take() };
  return {
    ok: true,
    value: {
      creditCode: code.code,
      creditCodeKind: code.kind,
      codeFlag: code.flag ?? null,
      name,
      legalRepresentative,
      address,
      registrationAuthority,
      entityType,
      industry,
      regionCode,
      registrationStatus,
      riskClass,
      naturalPerson,
      complaintCount,
      lastInspected,
    },
  };
}
