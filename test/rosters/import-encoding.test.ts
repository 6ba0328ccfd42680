/**
 * Binary and mixed-encoding uploads are refused with a plain "not a CSV in UTF-8 / GB18030"
 * problem naming the line, before any job exists — never imported as mojibake, never answered
 * with internal SQL text.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { rosterImportJobs } from "../../src/rosters/entities/entities.schema.js";
import { importEntityFile } from "../../src/rosters/imports/entities-import.js";
import { NotText, TextEncodingCheck } from "../../src/rosters/imports/text-check.js";
import { ENTITY_HEADERS } from "../../src/rosters/synthetic.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { chunked, countEntities, csvText, smallRows, syntheticCsv } from "./entities-fixtures.js";

/** A real (tiny) PNG: signature, IHDR, IDAT, IEND. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, "latin1"), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.from([0, 0, 0, 16, 0, 0, 0, 16, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.alloc(16 * 49))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Header and first record in UTF-8, the other two records in GBK: lines 3 and 4 are GBK. */
function mixedCsv(): Buffer {
  const rows = smallRows();
  const utf8 = Buffer.from(csvText(ENTITY_HEADERS, rows.slice(0, 1)), "utf8");
  const gbk = iconv.encode(csvText(ENTITY_HEADERS, rows.slice(1)).split("\n").slice(1).join("\n"), "gbk");
  return Buffer.concat([utf8, gbk]);
}

function checkAll(bytes: Buffer, size: number): string {
  const check = new TextEncodingCheck();
  for (let i = 0; i < bytes.length; i += size) check.push(bytes.subarray(i, i + size));
  return check.end();
}

describe("text encoding check", () => {
  it("tells UTF-8 (with or without BOM) from GBK, whatever the chunking", () => {
    const text = csvText(ENTITY_HEADERS, smallRows());
    for (const size of [1, 7, 4096, 1 << 20]) {
      expect(checkAll(Buffer.from(text), size)).toBe("utf-8");
      expect(checkAll(Buffer.from(`\uFEFF${text}`), size)).toBe("utf-8");
      expect(checkAll(iconv.encode(text, "gbk"), size)).toBe("gb18030");
    }
  });

  it("refuses a file mixing UTF-8 and GBK lines, naming both lines", () => {
    for (const size of [3, 4096]) {
      const err = (() => {
        try {
          checkAll(mixedCsv(), size);
        } catch (e) {
          return e as NotText;
        }
      })();
      expect(err).toBeInstanceOf(NotText);
      expect(err!.line).toBe(3);
      expect(err!.message).toMatch(
        /^not a CSV in UTF-8 \/ GB18030: the file mixes encodings: line 1 is UTF-8 but line 3 is GBK/,
      );
    }
  });

  it("refuses images, archives and bytes that are no text", () => {
    expect(() => checkAll(png(), 5)).toThrow(/not a CSV in UTF-8 \/ GB18030: the file is a PNG image/);
    const noise = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
    expect(() => checkAll(noise, 100)).toThrow(/not a CSV in UTF-8 \/ GB18030/);
    const badGb = Buffer.concat([
      Buffer.from("a,b\n"),
      iconv.encode("名称,地址\n", "gbk"),
      Buffer.from([0x41, 0x80, 0x0a]),
    ]);
    expect(() => checkAll(badGb, 4)).toThrow(/line 3 holds bytes that are neither UTF-8 nor GB18030/);
  });
});

describeEachDriver("binary and mixed-encoding uploads", (get) => {
  const app = () => testApp(get(), { DATA_DIR: mkdtempSync(join(tmpdir(), "sortes-encoding-")) });
  const jobsOf = async (departmentId: string) =>
    (
      await get()
        .db.select()
        .from(rosterImportJobs)
        .where(and(eq(rosterImportJobs.departmentId, departmentId), eq(rosterImportJobs.kind, "entities")))
    ).length;

  it("a PNG, a ZIP or a mixed file sent as CSV is a 400 problem naming the cause; no job is created", async () => {
    const { call } = app();
    const dept = await newDepartment(get().db);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("名录").addRow(ENTITY_HEADERS);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const cases: [Buffer, RegExp, number | undefined][] = [
      [png(), /the file is a PNG image/, undefined],
      [xlsx, /the file is a ZIP archive \(an XLSX workbook\? upload it as XLSX\)/, undefined],
      [mixedCsv(), /the file mixes encodings: line 1 is UTF-8 but line 3 is GBK/, 3],
    ];
    for (const [body, detail, line] of cases) {
      const res = await call("POST", "/entities/imports", {
        token: dept.tokens.admin,
        body: new Uint8Array(body),
        headers: { "content-type": "text/csv" },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(res.data.detail).toMatch(/^not a CSV in UTF-8 \/ GB18030: /);
      expect(res.data.detail).toMatch(detail);
      if (line) expect(res.data.errors[0]).toMatchObject({ line });
      expect(res.text).not.toMatch(/SQL|COPY|import_stage|byte sequence/);
    }
    const asXlsx = await call("POST", "/entities/imports", {
      token: dept.tokens.admin,
      body: new Uint8Array(png()),
      headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
    });
    expect(asXlsx.status).toBe(400);
    expect(asXlsx.data.detail).toBe("not an XLSX workbook: the file is a PNG image");
    expect(await jobsOf(dept.department.id)).toBe(0);
  });

  it("finds a GBK line far into a UTF-8 file (past the first 64 KiB)", async () => {
    const { call } = app();
    const dept = await newDepartment(get().db);
    const utf8 = syntheticCsv(2_000, "mixed-far");
    const lines = utf8.toString("utf8").split("\n").length;
    const gbkRow = iconv.encode(
      `${csvText(ENTITY_HEADERS, smallRows().slice(1, 2)).split("\n")[1]}\n`,
      "gbk",
    );
    const body = Buffer.concat([utf8, gbkRow]);
    expect(utf8.length).toBeGreaterThan(64 * 1024);
    const res = await call("POST", "/entities/imports", {
      token: dept.tokens.admin,
      body: new Uint8Array(body),
      headers: { "content-type": "text/csv" },
    });
    expect(res.status).toBe(400);
    expect(res.data.detail).toMatch(new RegExp(`line 1 is UTF-8 but line ${lines} is GBK`));
    expect(res.data.errors[0]).toMatchObject({ line: lines });
    expect(await jobsOf(dept.department.id)).toBe(0);
  });

  it("an import read straight from a mixed file fails naming the line and writes nothing", async () => {
    const { department } = await newDepartment(get().db);
    const report = await importEntityFile(get(), {
      departmentId: department.id,
      source: chunked(mixedCsv(), 5),
      format: "csv",
    });
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      {
        line: 3,
        column: "",
        reason: expect.stringMatching(/^not a CSV in UTF-8 \/ GB18030: the file mixes/),
      },
    ]);
    expect(await countEntities(get().db, department.id)).toBe(0);
  });
});
