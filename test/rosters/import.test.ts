import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { expect, it } from "vitest";
import { getEntity, listEntities } from "../../src/rosters/entities/entities.js";
import { importEntities, importEntityFile } from "../../src/rosters/imports/entities-import.js";
import { ENTITY_HEADERS } from "../../src/rosters/synthetic.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import {
  chunked,
  countEntities,
  csvText,
  ENGLISH_HEADERS,
  rosterFingerprint,
  smallRows,
  syntheticCsv,
  syntheticRecords,
  uscc,
} from "./entities-fixtures.js";

describeEachDriver("entity roster import", (get) => {
  it("imports a generated 100 000-row CSV; the same file with one bad row changes nothing", async () => {
    const { db } = get();
    const { department } = await newDepartment(db);
    const good = syntheticCsv(100_000, "import-100k");
    const report = await importEntityFile(get(), {
      departmentId: department.id,
      source: chunked(good, 1 << 16),
      format: "csv",
    });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ ok: true, rows: 100_000, bytes: good.length, encoding: "utf-8" });
    expect(report.written).toEqual({ inserted: 100_000, updated: 0, deleted: 0 });
    expect(await countEntities(db, department.id)).toBe(100_000);
    const first = syntheticRecords(1, "import-100k")[0]!;
    const stored = await getEntity(db, department.id, first[0]!);
    expect(stored.name).toBe(first[1]);
    expect(stored.address).toBe(first[3]);

    const before = await rosterFingerprint(db, department.id);
    const bad = syntheticCsv(100_000, "import-100k", 50_001);
    const rejected = await importEntityFile(get(), {
      departmentId: department.id,
      source: chunked(bad, 1 << 16),
      format: "csv",
    });
    expect(rejected.ok).toBe(false);
    expect(rejected.totalErrors).toBe(1);
    expect(rejected.errors).toEqual([
      { line: 50_001, column: "统一社会信用代码", reason: expect.stringMatching(/character 18 'I'/) },
    ]);
    expect(rejected.written).toBeNull();
    expect(await rosterFingerprint(db, department.id)).toBe(before);
  }, 300_000);

  it("reads a GBK CSV with Chinese headers", async () => {
    const { db } = get();
    const { department } = await newDepartment(db);
    const rows = smallRows();
    const bytes = iconv.encode(csvText(ENTITY_HEADERS, rows, "\r\n"), "gbk");
    expect(bytes.includes(Buffer.from("名称", "utf8"))).toBe(false); // really not UTF-8
    const report = await importEntities(get(), {
      departmentId: department.id,
      source: chunked(bytes, 7),
      format: "csv",
    });
    expect(report.encoding).toBe("gb18030");
    const e = await getEntity(db, department.id, rows[1]![0]!);
    expect(e).toMatchObject({
      name: "鼓楼区乙记小吃店",
      legalRepresentative: "李四",
      naturalPerson: true,
      riskClass: "C",
    });
  });

  it("handles a BOM, CRLF line ends and quoted newlines, and counts lines across them", async () => {
    const { db } = get();
    const { department } = await newDepartment(db);
    const rows = smallRows();
    rows[0]![3] = "福州市鼓楼区\r\n一路1号\r\n(东门)"; // a record spanning lines 2–4
    rows[2]![9] = "E"; // bad risk class on the third record, file line 6
    const text = `\uFEFF${csvText(ENGLISH_HEADERS, rows, "\r\n")}`;
    const rejected = await importEntityFile(get(), {
      departmentId: department.id,
      source: chunked(Buffer.from(text), 5),
      format: "csv",
    });
    expect(rejected.errors).toEqual([
      { line: 6, column: "risk_class", reason: "'E' is not a risk class A–D" },
    ]);
    rows[2]![9] = "B";
    const ok = await importEntities(get(), {
      departmentId: department.id,
      source: chunked(Buffer.from(`\uFEFF${csvText(ENGLISH_HEADERS, rows, "\r\n")}`), 5),
      format: "csv",
    });
    expect(ok.rows).toBe(3);
    expect((await getEntity(db, department.id, rows[0]![0]!)).address).toBe(
      "福州市鼓楼区\r\n一路1号\r\n(东门)",
    );
  });

  it("imports XLSX through the streaming reader", async () => {
    const { db } = get();
    const { department } = await newDepartment(db);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("名录");
    ws.addRow(ENGLISH_HEADERS);
    const rows = smallRows();
    for (const r of rows)
      ws.addRow(r.map((c, i) => (i === 11 ? Number(c) : i === 12 && c ? new Date(`${c}T00:00:00Z`) : c)));
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const report = await importEntities(get(), {
      departmentId: department.id,
      source: chunked(buf),
      format: "xlsx",
    });
    expect(report.rows).toBe(3);
    expect(await getEntity(db, department.id, rows[0]![0]!)).toMatchObject({
      name: "福州甲有限公司",
      complaintCount: 0,
      lastInspected: "2024-05-01",
      riskClass: "A",
    });
  });

  it("rejects duplicate codes in the file, naming both lines", async () => {
    const { db } = get();
    const { department } = await newDepartment(db);
    const rows = smallRows();
    rows.push([...rows[0]!]);
    rows[3]![0] = rows[0]![0]!.toLowerCase(); // same code once normalised
    const report = await importEntityFile(get(), {
      departmentId: department.id,
      source: chunked(Buffer.from(csvText(ENTITY_HEADERS, rows))),
      format: "csv",
    });
    expect(report.ok).toBe(false);
    const code = rows[0]![0]!;
    expect(report.errors).toEqual([
      { line: 2, column: "统一社会信用代码", reason: `duplicate credit code ${code}: also on line 5` },
      { line: 5, column: "统一社会信用代码", reason: `duplicate credit code ${code}: also on line 2` },
    ]);
    expect(await countEntities(db, department.id)).toBe(0);
  });

  it("lists every bad row (capped) with the total, and header problems", async () => {
    const { department } = await newDepartment(get().db);
    const rows = Array.from({ length: 150 }, (_, i) => {
      const r = [...smallRows()[0]!];
      r[0] = uscc(`91350100MA${String(i).padStart(7, "0")}`);
      r[1] = "";
      return r;
    });
    const report = await importEntityFile(get(), {
      departmentId: department.id,
      source: chunked(Buffer.from(csvText(ENTITY_HEADERS, rows))),
      format: "csv",
    });
    expect(report.totalErrors).toBe(150);
    expect(report.errors).toHaveLength(100);
    expect(report.errors[0]).toEqual({ line: 2, column: "名称", reason: "required" });

    const headers = [...ENGLISH_HEADERS];
    headers[1] = "nickname";
    const bad = await importEntityFile(get(), {
      departmentId: department.id,
      source: chunked(Buffer.from(csvText(headers, smallRows()))),
      format: "csv",
    });
    expect(bad.errors).toEqual(
      expect.arrayContaining([{ line: 1, column: "nickname", reason: "unknown column 'nickname'" }]),
    );
    const empty = await importEntityFile(get(), {
      departmentId: department.id,
      source: chunked(Buffer.from("")),
      format: "csv",
    });
    expect(empty.errors[0]?.reason).toMatch(/empty/);
  });

  it("replace mode makes the file the whole roster; upsert only adds and updates", async () => {
    const { db } = get();
    const { department } = await newDepartment(db);
    const rows = smallRows();
    const file = (r: string[][]) => chunked(Buffer.from(csvText(ENTITY_HEADERS, r)));
    await importEntities(get(), { departmentId: department.id, source: file(rows), format: "csv" });
    const changed = rows.map((r) => [...r]);
    changed[0]![9] = "D";
    const upsert = await importEntities(get(), {
      departmentId: department.id,
      source: file([changed[0]!]),
      format: "csv",
      mode: "upsert",
    });
    expect(upsert.written).toEqual({ inserted: 0, updated: 1, deleted: 0 });
    expect(await countEntities(db, department.id)).toBe(3);
    const replace = await importEntities(get(), {
      departmentId: department.id,
      source: file(changed.slice(0, 2)),
      format: "csv",
    });
    expect(replace.written).toEqual({ inserted: 0, updated: 0, deleted: 1 });
    const page = await listEntities(db, department.id, { limit: 10 });
    expect(page.items.map((e) => e.creditCode)).toEqual([rows[0]![0], rows[1]![0]].sort());
    expect(page.items.find((e) => e.creditCode === rows[0]![0])?.riskClass).toBe("D");
  });

  it("importEntities throws Invalid with line, field and total", async () => {
    const { department } = await newDepartment(get().db);
    const rows = smallRows();
    rows[1]![0] = "123";
    await expect(
      importEntities(get(), {
        departmentId: department.id,
        source: chunked(Buffer.from(csvText(ENTITY_HEADERS, rows))),
        format: "csv",
      }),
    ).rejects.toMatchObject({
      status: 400,
      extra: { totalErrors: 1 },
      errors: [{ line: 3, field: "统一社会信用代码" }],
    });
  });
});
