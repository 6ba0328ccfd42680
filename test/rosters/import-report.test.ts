/**
 * What an import keeps and how its report says so: USCCs failing their checksum are kept and
 * flagged (RULES §3), flagged rows are counted and listed with their lines; XLSX formula cells
 * import their cached value, or refuse the row naming the cell.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import { getEntity } from "../../src/rosters/entities/entities.js";
import { importEntityFile } from "../../src/rosters/imports/entities-import.js";
import { importsIdle } from "../../src/rosters/imports/import-jobs.js";
import { ENTITY_HEADERS } from "../../src/rosters/synthetic.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { chunked, csvText, ENGLISH_HEADERS, rosterFingerprint, smallRows } from "./entities-fixtures.js";

/** smallRows() with a failing check character on line 3 and a legacy registration number on line 4. */
function flaggedRows(): { rows: string[][]; pilot: string; legacy: string } {
  const rows = smallRows();
  const good = rows[1]![0]!;
  const pilot = `${good.slice(0, 17)}${good[17] === "0" ? "1" : "0"}`;
  rows[1]![0] = pilot;
  rows[2]![0] = "350100100001237"; // 15-digit 工商注册号, MOD 11,10 check digit 7
  return { rows, pilot, legacy: "350100100001237" };
}

async function workbook(rows: unknown[][], edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("名录");
  for (const r of rows) ws.addRow(r);
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeEachDriver("import reports: flagged codes and XLSX formulas", (get) => {
  it("keeps a USCC failing its checksum, flagged, and counts flagged rows with their lines", async () => {
    const { db } = get();
    const { department } = await newDepartment(db);
    const { rows, pilot, legacy } = flaggedRows();
    const report = await importEntityFile(get(), {
      departmentId: department.id,
      source: chunked(Buffer.from(csvText(ENTITY_HEADERS, rows))),
      format: "csv",
    });
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.written).toEqual({ inserted: 3, updated: 0, deleted: 0 });
    const legacyFlag = (await getEntity(db, department.id, legacy)).codeFlag;
    expect(legacyFlag).toMatch(/^legacy-/);
    expect(report.flagged).toEqual({
      total: 2,
      byFlag: { "uscc-checksum-mismatch": 1, [legacyFlag!]: 1 },
      rows: [
        { line: 3, key: pilot, flag: "uscc-checksum-mismatch" },
        { line: 4, key: legacy, flag: legacyFlag },
      ],
    });
    expect(await getEntity(db, department.id, pilot)).toMatchObject({
      creditCode: pilot,
      codeKind: "uscc",
      codeFlag: "uscc-checksum-mismatch",
      name: "鼓楼区乙记小吃店",
    });
  });

  it("shows flagged rows on the job over HTTP, documented in the OpenAPI ImportReport", async () => {
    const { call, openapi } = testApp(get(), { DATA_DIR: mkdtempSync(join(tmpdir(), "sortes-flags-")) });
    const dept = await newDepartment(get().db);
    const posted = await call("POST", "/entities/imports", {
      token: dept.tokens.admin,
      body: csvText(ENTITY_HEADERS, flaggedRows().rows),
      headers: { "content-type": "text/csv" },
    });
    expect(posted.status).toBe(202);
    await importsIdle(get());
    const job = await call("GET", `/entities/imports/${posted.data.id}`, { token: dept.tokens.auditor });
    expect(job.data.state).toBe("succeeded");
    expect(job.data.report.flagged.total).toBe(2);
    expect(job.data.report.flagged.rows.map((r: { line: number }) => r.line)).toEqual([3, 4]);

    const schemas = (openapi as { components: { schemas: Record<string, { properties?: object }> } })
      .components.schemas;
    expect(Object.keys(schemas.ImportReport?.properties ?? {})).toEqual(
      expect.arrayContaining(["errors", "totalErrors", "flagged", "written"]),
    );
    expect(Object.keys(schemas.ImportFlaggedRows?.properties ?? {})).toEqual(["total", "byFlag", "rows"]);
  });

  it("imports a formula cell's cached value, and refuses a formula without one naming the cell", async () => {
    const { db } = get();
    const { department } = await newDepartment(db);
    const rows = smallRows();
    const header = ENGLISH_HEADERS;
    const asCells = (r: string[]) => r.map((c, i) => (i === 11 ? Number(c) : c));
    // Row 2: the name is a formula with its cached result (what Excel saves).
    const cached = await workbook([header, ...rows.map(asCells)], (ws) => {
      ws.getCell("B2").value = { formula: 'CONCATENATE("福州甲","有限公司")', result: "福州甲有限公司" };
    });
    const ok = await importEntityFile(get(), {
      departmentId: department.id,
      source: chunked(cached),
      format: "xlsx",
    });
    expect(ok.errors).toEqual([]);
    expect((await getEntity(db, department.id, rows[0]![0]!)).name).toBe("福州甲有限公司");
    const before = await rosterFingerprint(db, department.id);

    // Row 4: a formula written by a script, never calculated: no cached value.
    const uncached = await workbook([header, ...rows.map(asCells)], (ws) => {
      ws.getCell("B4").value = { formula: 'A4&"公司"' } as ExcelJS.CellFormulaValue;
    });
    const refused = await importEntityFile(get(), {
      departmentId: department.id,
      source: chunked(uncached),
      format: "xlsx",
    });
    expect(refused.ok).toBe(false);
    expect(refused.errors).toEqual([
      { line: 4, column: "name", reason: expect.stringMatching(/^B4: formula without a cached value/) },
    ]);
    expect(JSON.stringify(refused)).not.toContain("[object Object]");
    expect(await rosterFingerprint(db, department.id)).toBe(before);
  });
});
