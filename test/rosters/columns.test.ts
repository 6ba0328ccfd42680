import { describe, expect, it } from "vitest";
import { normaliseHeader, parseIsoDate, toHalfWidth, xlsxCellText } from "../../src/rosters/columns.js";
import { resolveEntityColumns } from "../../src/rosters/entities/entity-row.js";
import { resolveInspectorColumns } from "../../src/rosters/inspectors/inspector-row.js";

const ZH_ENTITY = [
  "统一社会信用代码",
  "名称",
  "法定代表人",
  "住所",
  "登记机关",
  "主体类型",
  "行业",
  "行政区划",
  "登记状态",
  "风险等级",
  "是否自然人",
  "投诉次数",
  "最近检查日期",
];
const EN_ENTITY = [
  "credit_code",
  "name",
  "legal_representative",
  "address",
  "registration_authority",
  "entity_type",
  "industry",
  "region_code",
  "registration_status",
  "risk_class",
  "natural_person",
  "complaint_count",
  "last_inspected",
];

describe("header mapping", () => {
  it("maps Chinese and English entity headers to the same keys", () => {
    const zh = resolveEntityColumns(ZH_ENTITY);
    const en = resolveEntityColumns(EN_ENTITY);
    expect(zh.ok && en.ok).toBe(true);
    if (!zh.ok || !en.ok) return;
    expect(zh.map.index).toEqual(en.map.index);
    for (let i = 0; i < EN_ENTITY.length; i++) {
      const key = EN_ENTITY[i] as keyof typeof en.map.index;
      expect(en.map.index[key]).toBe(i);
      expect(zh.map.header[key]).toBe(ZH_ENTITY[i]);
    }
    expect(zh.map.width).toBe(13);
  });

  it("accepts synonyms, BOM, spacing, case and required markers", () => {
    const r = resolveEntityColumns(["\uFEFF信用代码", "企业名称", "*法定代表人", "经营场所", " 登记机关 "]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.map.index.credit_code).toBe(0);
    expect(r.map.index.address).toBe(3);
    expect(r.map.index.risk_class).toBe(-1);
    expect(r.map.header.credit_code).toBe("\uFEFF信用代码");
    const en = resolveEntityColumns([
      "Credit Code",
      "NAME",
      "Legal-Representative",
      "address",
      "Registration Authority",
    ]);
    expect(en.ok).toBe(true);
  });

  it("reports unknown, duplicate and missing required columns together", () => {
    const r = resolveEntityColumns(["统一社会信用代码", "名称", "企业名称", "电话", "住所"], 3);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const reasons = r.errors.map((e) => `${e.line}|${e.column}|${e.reason}`);
    expect(reasons).toContain("3|电话|unknown column '电话'");
    expect(reasons.some((s) => s.startsWith("3|企业名称|duplicate column"))).toBe(true);
    expect(reasons.some((s) => s.includes("missing required column 法定代表人"))).toBe(true);
    expect(reasons.some((s) => s.includes("missing required column 登记机关"))).toBe(true);
    expect(r.errors).toHaveLength(4);
  });

  it("ignores trailing blank headers but rejects blank headers in the middle", () => {
    expect(resolveInspectorColumns(["姓名", "执法证号", "证件有效期止", "", " "]).ok).toBe(true);
    const r = resolveInspectorColumns(["姓名", "", "执法证号", "证件有效期止"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.reason).toBe("column 2 has an empty header");
  });

  it("maps inspector headers in both languages", () => {
    const zh = resolveInspectorColumns([
      "姓名",
      "职务",
      "执法证号",
      "证件有效期起",
      "证件有效期止",
      "执法类型",
      "片区",
      "状态",
    ]);
    const en = resolveInspectorColumns([
      "name",
      "post",
      "certificate_no",
      "cert_valid_from",
      "cert_valid_until",
      "qualifications",
      "district",
      "status",
    ]);
    expect(zh.ok && en.ok).toBe(true);
    if (zh.ok && en.ok) expect(zh.map.index).toEqual(en.map.index);
  });
});

describe("cell helpers", () => {
  it("converts full-width characters", () => {
    expect(toHalfWidth("ＡＢｃ１２３\u3000；")).toBe("ABc123 ;");
    expect(normaliseHeader("Ｃｒｅｄｉｔ＿Ｃｏｄｅ")).toBe("creditcode");
  });

  it("parses dates strictly", () => {
    expect(parseIsoDate("2024-02-29")).toBe("2024-02-29");
    expect(parseIsoDate("2024/2/9")).toBe("2024-02-09");
    expect(parseIsoDate("2023.12.1")).toBe("2023-12-01");
    for (const bad of ["2023-02-29", "2100-02-29", "2024-13-01", "2024-00-10", "2024-01-32", "24-01-01"]) {
      expect(parseIsoDate(bad), bad).toBeNull();
    }
    for (const bad of ["2024-01-01x", "2024-1/1", "2024-01-", "20240101", "2024-001-01"]) {
      expect(parseIsoDate(bad), bad).toBeNull();
    }
    expect(parseIsoDate("2000-02-29")).toBe("2000-02-29");
  });

  it("reads exceljs cell values as text", () => {
    expect(xlsxCellText(null)).toBe("");
    expect(xlsxCellText(12)).toBe("12");
    expect(xlsxCellText(new Date(Date.UTC(2024, 5, 30)))).toBe("2024-06-30");
    expect(xlsxCellText({ richText: [{ text: "福州" }, { text: "市" }] })).toBe("福州市");
    expect(xlsxCellText({ formula: "A1", result: 7 })).toBe("7");
    expect(xlsxCellText({ text: "链接", hyperlink: "http://x" })).toBe("链接");
  });
});
