/**
 * The console's zh-CN table of roster row reasons (src/console/i18n/row-reasons.ts) against the
 * server's own English texts: each reason is produced by the code that writes it (row parsers,
 * credit-code check, header resolution, upload encoding check) where that code can be called
 * alone, so a changed English text fails here instead of reaching a zh-CN user untranslated.
 */
import { describe, expect, it } from "vitest";
import { rowReasonCode, rowReasonText } from "../../src/console/i18n/row-reasons.js";
import type { ColumnMap } from "../../src/rosters/columns.js";
import { checkCreditCode } from "../../src/rosters/credit-code.js";
import { parseEntityRow, resolveEntityColumns } from "../../src/rosters/entities/entity-row.js";
import { UploadCheck } from "../../src/rosters/imports/text-check.js";
import { parseInspectorRow, resolveInspectorColumns } from "../../src/rosters/inspectors/inspector-row.js";
import { ENTITY_HEADERS, entityRecords, INSPECTOR_HEADERS } from "../../src/rosters/synthetic.js";

function mapOf<K extends string>(r: { ok: true; map: ColumnMap<K> } | { ok: false }): ColumnMap<K> {
  if (!r.ok) throw new Error("headers did not resolve");
  return r.map;
}

function entityReasons(): string[] {
  const map = mapOf(resolveEntityColumns(ENTITY_HEADERS));
  const [good] = [...entityRecords({ count: 1, seed: "row-reasons" })];
  const edits: Partial<Record<keyof typeof map.index, string>>[] = [
    { credit_code: "" },
    { credit_code: "1234" },
    { credit_code: "91350100M000100Y3I" },
    { credit_code: "91XX0100M000100Y3A" },
    { name: "" },
    { name: "名".repeat(201) },
    { region_code: "35XX02", risk_class: "E", natural_person: "也许", complaint_count: "-1" },
    { last_inspected: "2026-13-40" },
  ];
  const out: string[] = [];
  for (const edit of edits) {
    const cells = [...good!];
    for (const [col, v] of Object.entries(edit)) cells[map.index[col as keyof typeof map.index]] = v!;
    const r = parseEntityRow(cells, map, 2);
    expect(r.ok, JSON.stringify(edit)).toBe(false);
    if (!r.ok) out.push(...r.errors.map((e) => e.reason));
  }
  const long = parseEntityRow([...good!, "多出的一格"], map, 2);
  if (!long.ok) out.push(...long.errors.map((e) => e.reason));
  return out;
}

function inspectorReasons(): string[] {
  const map = mapOf(resolveInspectorColumns(INSPECTOR_HEADERS));
  const row = (o: Record<string, string>) => {
    const cells = ["王检查", "科员", "FJ-0001", "2024-01-01", "2028-12-31", "食品安全", "鼓楼", "在岗"];
    for (const [col, v] of Object.entries(o)) cells[map.index[col as keyof typeof map.index]] = v;
    const r = parseInspectorRow(cells, map, 2);
    return r.ok ? [] : r.errors.map((e) => e.reason);
  };
  return [
    ...row({ certificate_no: "", status: "休假" }),
    ...row({ cert_valid_from: "2029-01-01" }),
    ...row({ cert_valid_until: "2028-02-30" }),
    ...row({ qualifications: "食".repeat(101) }),
  ];
}

function headerReasons(): string[] {
  const r = resolveEntityColumns(["统一社会信用代码", "", "颜色"]);
  return r.ok ? [] : r.errors.map((e) => e.reason);
}

function uploadReasons(): string[] {
  const out: string[] = [];
  for (const bytes of [
    Buffer.from("名称\n\xff\xfe\xff\n", "latin1"),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("名称\n"), Buffer.from([0xc4, 0xe3, 0x0a])]),
    Buffer.concat([Buffer.from("名称\n"), Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x0a])]),
  ]) {
    const check = new UploadCheck("csv");
    try {
      check.push(bytes);
      check.end();
    } catch (e) {
      out.push(...((e as { errors?: { reason: string }[] }).errors ?? []).map((x) => x.reason));
    }
  }
  return out;
}

describe("roster row reasons in zh-CN (console)", () => {
  it("reads every reason the row checks write back to a code and a Chinese text", () => {
    const reasons = [
      ...entityReasons(),
      ...inspectorReasons(),
      ...headerReasons(),
      ...uploadReasons(),
      ...["", "12", "91350100M000100Y3A"].map((c) => {
        const r = checkCreditCode(c);
        return "reason" in r ? (r.reason ?? "") : "";
      }),
      // The pipeline's own, as src/rosters/imports/import-pipeline.ts words them.
      "duplicate credit code 91350100M000100Y3A: also on line 7, 9",
      "contains a NUL character (byte 0x00), which no roster field may hold; remove it",
      "the file is empty (no header row)",
      "the file has no data rows",
    ].filter((r) => r !== "");
    expect(reasons.length).toBeGreaterThan(20);
    const unknown = reasons.filter((r) => rowReasonCode(r) === null);
    expect(unknown).toEqual([]);
    for (const r of reasons) {
      const zh = rowReasonText(r, "zh-CN");
      expect(zh, r).toMatch(/[\u4e00-\u9fff]/);
      expect(zh, r).not.toMatch(/\b(is|not|the|characters|line|column|required)\b/);
      expect(rowReasonText(r, "en-US")).toBe(r);
    }
    const codes = new Set(reasons.map((r) => rowReasonCode(r)!.code));
    for (const c of [
      "required",
      "not-division-code",
      "code-character",
      "field-count",
      "mixed-encodings",
    ] as const)
      expect(codes, c).toContain(c);
  });

  it("repeats the values the reason names, and leaves an unknown reason as written", () => {
    expect(rowReasonText("'35XX02' is not a 6-digit administrative division code", "zh-CN")).toBe(
      "“35XX02”不是 6 位行政区划代码",
    );
    expect(rowReasonText("duplicate certificate number FJ-1: also on line 3", "zh-CN")).toBe(
      "执法证号 FJ-1 重复：另见第 3 行",
    );
    expect(rowReasonText("longer than 200 characters", "zh-CN")).toBe("超过 200 个字符");
    expect(rowReasonText("something the table does not know", "zh-CN")).toBe(
      "something the table does not know",
    );
  });
});
