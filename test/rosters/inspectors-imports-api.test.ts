import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import { importsIdle } from "../../src/rosters/imports/import-jobs.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { inspectorToken, tokenId } from "./inspectors-helpers.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function xlsx(rows: unknown[][]): Promise<Blob> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("执法人员");
  for (const r of rows) ws.addRow(r);
  return new Blob([new Uint8Array(await wb.xlsx.writeBuffer())], { type: XLSX });
}

describeEachDriver("inspector import jobs over HTTP", (get) => {
  const app = () => testApp(get(), { DATA_DIR: mkdtempSync(join(tmpdir(), "sortes-insp-import-")) });

  it("imports an XLSX roster through a job and records who imported it", async () => {
    const { call } = app();
    const dept = await newDepartment(get().db);
    const file = await xlsx([
      ["姓名", "职务", "执法证号", "证件有效期起", "证件有效期止", "执法类型", "片区", "状态"],
      [
        "林志明",
        "科员",
        "X-001",
        new Date(Date.UTC(2024, 0, 1)),
        new Date(Date.UTC(2028, 11, 31)),
        "食品安全、计量",
        "鼓楼",
        "在岗",
      ],
      ["王芳", null, "X-002", null, "2027-06-30", null, null, null],
    ]);
    const posted = await call("POST", "/inspectors/imports", {
      token: dept.tokens.admin,
      body: file,
      headers: { "content-type": XLSX },
    });
    expect(posted.status).toBe(202);
    expect(posted.headers.get("location")).toBe(`/inspectors/imports/${posted.data.id}`);
    expect(posted.data).toMatchObject({ kind: "inspectors", format: "xlsx", mode: "upsert" });
    await importsIdle(get());
    const job = await call("GET", `/inspectors/imports/${posted.data.id}`, { token: dept.tokens.auditor });
    expect(job.data).toMatchObject({ state: "succeeded", rows: 2 });
    expect(job.data.report).toMatchObject({ ok: true, written: { inserted: 2, updated: 0, deleted: 0 } });

    const list = await call("GET", "/inspectors", { token: dept.tokens.admin });
    expect(
      list.data.items.map((i: { certificateNo: string; qualifications: string[] }) => [
        i.certificateNo,
        i.qualifications,
      ]),
    ).toEqual([
      ["X-001", ["食品安全", "计量"]],
      ["X-002", []],
    ]);
    expect(list.data.items[0]).toMatchObject({ certValidFrom: "2024-01-01", certValidUntil: "2028-12-31" });
    const history = await call("GET", `/inspectors/${list.data.items[0].id}/history`, {
      token: dept.tokens.admin,
    });
    expect(history.data.items[0]).toMatchObject({
      action: "import",
      actorTokenId: tokenId(dept.tokens.admin),
    });
  });

  it("reports every bad row of a rejected CSV and writes nothing; jobs stay in their department", async () => {
    const { call } = app();
    const a = await newDepartment(get().db);
    const b = await newDepartment(get().db);
    const csv =
      "name,certificate_no,cert_valid_until,status\n林志明,Y-1,2028-12-31,active\n王芳,,2028-12-31,active\n陈静,Y-3,2028-13-01,gone\n";
    const posted = await call("POST", "/inspectors/imports", {
      token: a.tokens.admin,
      body: csv,
      headers: { "content-type": "text/csv; charset=utf-8" },
    });
    expect(posted.status).toBe(202);
    await importsIdle(get());
    const job = await call("GET", `/inspectors/imports/${posted.data.id}`, { token: a.tokens.admin });
    expect(job.data.state).toBe("failed");
    expect(job.data.report.totalErrors).toBe(3);
    expect(job.data.report.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [3, "certificate_no"],
      [4, "cert_valid_until"],
      [4, "status"],
    ]);
    expect((await call("GET", "/inspectors", { token: a.tokens.admin })).data.items).toEqual([]);

    expect(
      (await call("GET", `/inspectors/imports/${posted.data.id}`, { token: b.tokens.admin })).status,
    ).toBe(404);
    const inspector = await call("POST", "/inspectors", {
      token: a.tokens.admin,
      json: { name: "黄伟", certificateNo: "Y-9", certValidUntil: "2029-01-01" },
    });
    const own = await inspectorToken(get().db, a.department.id, inspector.data.id);
    const denied = await call("POST", "/inspectors/imports", {
      token: own,
      body: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(denied.status).toBe(403);
    const auditor = await call("POST", "/inspectors/imports", {
      token: a.tokens.auditor,
      body: csv,
      headers: { "content-type": "text/csv" },
    });
    expect(auditor.status).toBe(403);
    const unknownType = await call("POST", "/inspectors/imports", {
      token: a.tokens.admin,
      body: csv,
      headers: { "content-type": "image/png" },
    });
    expect(unknownType.status).toBe(400);
  });
});
