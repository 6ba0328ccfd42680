/**
 * The refused rows of an import over HTTP (issue 12): every one kept beside the job, paged on the
 * server by line, and downloadable as a CSV error file; the job shows when its progress last
 * moved. Another department's job answers 404 on both.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { importsIdle } from "../../src/rosters/imports/import-jobs.js";
import { ENTITY_HEADERS } from "../../src/rosters/synthetic.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { csvText, syntheticRecords } from "./entities-fixtures.js";

/** `count` synthetic rows on one line each (line = index + 2), region code broken at `bad` indexes. */
function rosterWithBadRows(count: number, bad: number[], seed: string) {
  const rows = syntheticRecords(count, seed).map((r) => r.map((c) => c.replaceAll("\n", " ")));
  for (const i of bad) rows[i]![7] = "35XX02";
  return csvText(ENTITY_HEADERS, rows);
}

describeEachDriver("import error table and error file", (get) => {
  it("pages the refused rows by line and serves them as a CSV error file", async () => {
    const { call, app } = testApp(get(), { DATA_DIR: mkdtempSync(join(tmpdir(), "sortes-errs-")) });
    const dept = await newDepartment(get().db);
    const other = await newDepartment(get().db);
    const bad = [4, 250, 1999, 3000, 4998];
    const posted = await call("POST", "/entities/imports", {
      token: dept.tokens.admin,
      body: rosterWithBadRows(5000, bad, "errors-1"),
      headers: { "content-type": "text/csv" },
    });
    expect(posted.status, posted.text).toBe(202);
    expect(posted.data.progressAt).toBeNull();
    await importsIdle(get());
    const job = await call("GET", `/entities/imports/${posted.data.id}`, { token: dept.tokens.auditor });
    expect(job.data).toMatchObject({ state: "failed", rows: 5000 });
    expect(job.data.report.totalErrors).toBe(5);
    expect(Date.parse(job.data.progressAt)).not.toBeNaN();

    const lines = bad.map((i) => i + 2);
    const base = `/entities/imports/${posted.data.id}/errors`;
    const first = await call("GET", `${base}?page=1&pageSize=2`, { token: dept.tokens.auditor });
    expect(first.status, first.text).toBe(200);
    expect(first.data).toMatchObject({ total: 5, totalErrors: 5, page: 1, pageSize: 2 });
    expect(first.data.items.map((e: { line: number }) => e.line)).toEqual(lines.slice(0, 2));
    expect(first.data.items[0].column).toBe(ENTITY_HEADERS[7]);
    const last = await call("GET", `${base}?page=3&pageSize=2`, { token: dept.tokens.admin });
    expect(last.data.items.map((e: { line: number }) => e.line)).toEqual(lines.slice(4));

    const file = await call("GET", `${base}.csv`, { token: dept.tokens.admin });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain("text/csv");
    expect(file.headers.get("content-disposition")).toContain("attachment");
    // A byte-order mark first, so Excel reads the Chinese as UTF-8 (res.text() would drop it).
    const raw = await app.request(`${base}.csv`, {
      headers: { authorization: `Bearer ${dept.tokens.admin}` },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = file.text.trimEnd().split("\r\n");
    expect(records[0]).toBe("行号,列,原因");
    expect(records.slice(1).map((r) => Number(r.split(",")[0]))).toEqual(lines);
    expect(records.slice(1).every((r) => r.split(",")[1] === ENTITY_HEADERS[7])).toBe(true);

    for (const path of [base, `${base}.csv`]) {
      expect((await call("GET", path, { token: other.tokens.admin })).status).toBe(404);
    }
  });

  it("keeps no errors for a clean import, and polls see the row count only grow", async () => {
    const { call } = testApp(get(), { DATA_DIR: mkdtempSync(join(tmpdir(), "sortes-errs-")) });
    const dept = await newDepartment(get().db);
    const posted = await call("POST", "/entities/imports", {
      token: dept.tokens.admin,
      body: rosterWithBadRows(12_000, [], "errors-2"),
      headers: { "content-type": "text/csv" },
    });
    expect(posted.status).toBe(202);
    const seen: number[] = [];
    let state = posted.data.state;
    while (state === "queued" || state === "running") {
      const job = await call("GET", `/entities/imports/${posted.data.id}`, { token: dept.tokens.auditor });
      seen.push(job.data.rows);
      state = job.data.state;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(state).toBe("succeeded");
    expect(seen.at(-1)).toBe(12_000);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const errors = await call("GET", `/entities/imports/${posted.data.id}/errors`, {
      token: dept.tokens.admin,
    });
    expect(errors.data).toMatchObject({ items: [], total: 0, totalErrors: 0 });
  }, 60_000);
});
