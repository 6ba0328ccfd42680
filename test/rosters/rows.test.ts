import { describe, expect, it } from "vitest";
import {
  entityRowSchema,
  parseEntityRow,
  resolveEntityColumns,
} from "../../src/rosters/entities/entity-row.js";
import {
  inspectorRowSchema,
  parseInspectorRow,
  resolveInspectorColumns,
  splitQualifications,
} from "../../src/rosters/inspectors/inspector-row.js";

const ENTITY_HEADERS = [
  "统一社会信用代码",
  "名称",
  "法定代表人",
  "住所",
  "登记机关",
  "主体类型",
  "风险等级",
  "是否自然人",
  "投诉次数",
  "最近检查日期",
];
const entityMap = (() => {
  const r = resolveEntityColumns(ENTITY_HEADERS);
  if (!r.ok) throw new Error("bad test headers");
  return r.map;
})();
const GOOD = [
  "91350100M000100Y43",
  "福州某某贸易有限公司",
  "林某",
  "福州市鼓楼区五四路1号",
  "福州市市场监督管理局",
  "有限责任公司",
  "b",
  "否",
  "2",
  "2024/3/5",
];

describe("entity rows", () => {
  it("returns a typed value that satisfies the schema", () => {
    const r = parseEntityRow(GOOD, entityMap, 2);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(entityRowSchema.parse(r.value)).toEqual(r.value);
    expect(r.value).toMatchObject({
      creditCode: "91350100M000100Y43",
      creditCodeKind: "uscc",
      codeFlag: null,
      regionCode: "350100", // derived from the code: no region column in this file
      riskClass: "B",
      naturalPerson: false,
      complaintCount: 2,
      lastInspected: "2024-03-05",
    });
  });

  it("keeps a USCC whose check character fails, flagged (RULES §3: early pilot codes)", () => {
    const cells = [...GOOD];
    cells[0] = "91350100M000100Y44";
    const r = parseEntityRow(cells, entityMap, 7);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      creditCode: "91350100M000100Y44",
      creditCodeKind: "uscc",
      codeFlag: "uscc-checksum-mismatch",
      regionCode: "350100",
    });
    expect(entityRowSchema.safeParse(r.value).success).toBe(true);
  });

  it("accepts flagged legacy numbers and derives natural persons", () => {
    const cells = [...GOOD];
    cells[0] = "440301108548370"; // wrong MOD 11,10 digit
    cells[5] = "个体工商户";
    cells[7] = "";
    const r = parseEntityRow(cells, entityMap, 9);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      creditCodeKind: "legacy",
      codeFlag: "legacy-unverified",
      regionCode: null,
      naturalPerson: true,
    });
    expect(entityRowSchema.safeParse(r.value).success).toBe(true);
  });

  it("reports every bad cell with line and file header", () => {
    const cells = ["91350100M000100YI", "", "林某", "地址", "机关", "", "E", "也许", "-1", "2023-02-30"];
    const r = parseEntityRow(cells, entityMap, 1234);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        line: 1234,
        column: "统一社会信用代码",
        reason: expect.stringMatching(/^credit code has 17 characters/),
      },
      { line: 1234, column: "名称", reason: "required" },
      { line: 1234, column: "风险等级", reason: "'E' is not a risk class A–D" },
      { line: 1234, column: "是否自然人", reason: "'也许' is not 是/否, true/false or 1/0" },
      { line: 1234, column: "投诉次数", reason: "'-1' is not a whole number between 0 and 1000000" },
      { line: 1234, column: "最近检查日期", reason: "'2023-02-30' is not a valid date (YYYY-MM-DD)" },
    ]);
    // The next row starts clean: errors never leak between rows.
    expect(parseEntityRow(GOOD, entityMap, 1235).ok).toBe(true);
  });

  it("uses English header text in errors for English files", () => {
    const r = resolveEntityColumns([
      "credit_code",
      "name",
      "legal_representative",
      "address",
      "registration_authority",
    ]);
    if (!r.ok) throw new Error("headers");
    const res = parseEntityRow(["X", "n", "l", "a", "r"], r.map, 7);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors[0]).toMatchObject({ line: 7, column: "credit_code" });
  });

  it("rejects rows with extra non-blank fields but tolerates blank padding", () => {
    const r = parseEntityRow([...GOOD, "surplus"], entityMap, 5);
    expect(r).toEqual({
      ok: false,
      errors: [{ line: 5, column: "", reason: "row has 11 fields but the header has 10" }],
    });
    expect(parseEntityRow([...GOOD, "", " "], entityMap, 5).ok).toBe(true);
  });

  it("validates an explicit region code", () => {
    const r = resolveEntityColumns([...ENTITY_HEADERS, "行政区划"]);
    if (!r.ok) throw new Error("headers");
    expect(parseEntityRow([...GOOD, "350102"], r.map, 2)).toMatchObject({
      ok: true,
      value: { regionCode: "350102" },
    });
    expect(parseEntityRow([...GOOD, "35010"], r.map, 2)).toMatchObject({
      ok: false,
      errors: [{ column: "行政区划" }],
    });
  });
});

const INSPECTOR_HEADERS = [
  "姓名",
  "职务",
  "执法证号",
  "证件有效期起",
  "证件有效期止",
  "执法类型",
  "片区",
  "状态",
];
const inspectorMap = (() => {
  const r = resolveInspectorColumns(INSPECTOR_HEADERS);
  if (!r.ok) throw new Error("bad test headers");
  return r.map;
})();

describe("inspector rows", () => {
  it("parses a full row", () => {
    const r = parseInspectorRow(
      [
        "陈某某",
        "科长",
        "３５０１０２００１２３",
        "2021-01-01",
        "2026-12-31",
        "食品安全；特种设备、计量|食品安全",
        "鼓楼片区",
        "暂停",
      ],
      inspectorMap,
      3,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(inspectorRowSchema.parse(r.value)).toEqual(r.value);
    expect(r.value).toEqual({
      name: "陈某某",
      post: "科长",
      certificateNo: "35010200123",
      certValidFrom: "2021-01-01",
      certValidUntil: "2026-12-31",
      qualifications: ["食品安全", "特种设备", "计量"],
      district: "鼓楼片区",
      status: "suspended",
    });
  });

  it("maps statuses in both languages and defaults to active", () => {
    const row = (status: string) => ["王某", "", "C1", "", "2030-01-01", "", "", status];
    expect(parseInspectorRow(row("在岗"), inspectorMap, 2)).toMatchObject({ value: { status: "active" } });
    expect(parseInspectorRow(row("Left"), inspectorMap, 2)).toMatchObject({ value: { status: "left" } });
    expect(parseInspectorRow(row(""), inspectorMap, 2)).toMatchObject({ value: { status: "active" } });
  });

  it("reports bad rows with line numbers", () => {
    const r = parseInspectorRow(
      ["", "科员", "", "2025-01-01", "2024-01-01", "", "", "休假"],
      inspectorMap,
      42,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.line, e.column])).toEqual([
      [42, "姓名"],
      [42, "执法证号"],
      [42, "证件有效期止"],
      [42, "状态"],
    ]);
    expect(r.errors[2]?.reason).toContain("before it starts");
  });

  it("splits qualifications on every listed separator", () => {
    expect(splitQualifications(" 食品安全 ; 计量；广告、价格|网络交易｜ ")).toEqual([
      "食品安全",
      "计量",
      "广告",
      "价格",
      "网络交易",
    ]);
  });
});
