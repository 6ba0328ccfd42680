/**
 * Import progress (issue 15): every report names its phase — reading, checking, then writing
 * (and, for a replace, indexing and swapping) — the reading phase reports at least once a second
 * even while the file stalls, and a polled job shows the phase while it runs and null after.
 * Also: the entity kind's direct COPY line equals the generic field-by-field formatting.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEntityRow, resolveEntityColumns } from "../../src/rosters/entities/entity-row.js";
import { entityImportKind } from "../../src/rosters/imports/entities-import.js";
import { importsIdle } from "../../src/rosters/imports/import-jobs.js";
import {
  type ImportProgressReport,
  type ImportReport,
  runRosterImport,
} from "../../src/rosters/imports/import-pipeline.js";
import { IMPORT_PHASES } from "../../src/rosters/imports/import-progress.js";
import { copyField } from "../../src/rosters/imports/import-staging.js";
import { ENTITY_HEADERS } from "../../src/rosters/synthetic.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { countEntities, csvText, syntheticCsv, syntheticRecords } from "./entities-fixtures.js";

const PAUSE_MS = 1600;

/** The file in two parts with a pause between them (a slow upload disk, a stalled reader). */
async function* stalling(buf: Buffer, marks: { pausedAt: number; resumedAt: number }) {
  const half = buf.indexOf("\n", buf.length >> 1) + 1;
  yield buf.subarray(0, half);
  marks.pausedAt = performance.now();
  await new Promise((r) => setTimeout(r, PAUSE_MS));
  marks.resumedAt = performance.now();
  yield buf.subarray(half);
}

type Seen = ImportProgressReport & { t: number };

/** Phases in the order they were first reported. */
const phaseOrder = (seen: Seen[]) => [...new Set(seen.map((s) => s.phase))];

describeEachDriver("import progress phases", (get) => {
  async function run(rows: number, mode: "replace" | "upsert", seed: string) {
    const { department } = await newDepartment(get().db);
    const marks = { pausedAt: 0, resumedAt: 0 };
    const seen: Seen[] = [];
    const report: ImportReport = await runRosterImport({
      database: get(),
      kind: entityImportKind,
      departmentId: department.id,
      source: stalling(syntheticCsv(rows, seed), marks),
      format: "csv",
      mode,
      onProgress: (p) => seen.push({ ...p, t: performance.now() }),
    });
    expect(report.ok, JSON.stringify(report.errors.slice(0, 3))).toBe(true);
    expect(await countEntities(get().db, department.id)).toBe(rows);
    return { seen, marks };
  }

  it("a replace reports reading, checking, writing, indexing, swapping — and reads at least once a second", async () => {
    const { seen, marks } = await run(3000, "replace", "progress-1");
    expect(phaseOrder(seen)).toEqual(["reading", "checking", "writing", "indexing", "swapping"]);
    // While the file stalled, the reading phase still reported (the heartbeat), with the rows so far.
    const during = seen.filter((s) => s.t > marks.pausedAt && s.t < marks.resumedAt);
    expect(during.length).toBeGreaterThanOrEqual(1);
    expect(during.every((s) => s.phase === "reading" && s.rows > 0 && s.rows < 3000)).toBe(true);
    // Rows only grow, and the last report has them all.
    const rows = seen.map((s) => s.rows);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(seen.at(-1)?.rows).toBe(3000);
  }, 60_000);

  it("an upsert reports reading, checking, writing", async () => {
    const { seen } = await run(500, "upsert", "progress-2");
    expect(phaseOrder(seen)).toEqual(["reading", "checking", "writing"]);
  }, 60_000);

  it("a polled job shows its phase while it runs and none once finished", async () => {
    const { call } = testApp(get(), { DATA_DIR: mkdtempSync(join(tmpdir(), "sortes-progress-")) });
    const dept = await newDepartment(get().db);
    const posted = await call("POST", "/entities/imports", {
      token: dept.tokens.admin,
      body: syntheticCsv(5000, "progress-3").toString("utf8"),
      headers: { "content-type": "text/csv" },
    });
    expect(posted.status, posted.text).toBe(202);
    expect(posted.data.phase).toBeNull();
    let job = posted.data;
    while (job.state === "queued" || job.state === "running") {
      if (job.state === "running") expect(IMPORT_PHASES).toContain(job.phase);
      await new Promise((r) => setTimeout(r, 20));
      job = (await call("GET", `/entities/imports/${posted.data.id}`, { token: dept.tokens.auditor })).data;
    }
    expect(job).toMatchObject({ state: "succeeded", rows: 5000, phase: null });
    await importsIdle(get());
  }, 60_000);
});

describe("the entity COPY line", () => {
  it("equals the generic field-by-field formatting, escapes included", () => {
    const records = syntheticRecords(300, "copy-line");
    // Free text holding COPY's specials: backslash, tab, newline, carriage return.
    records[0]![1] = "名称\\带反斜杠\t与制表符";
    records[1]![3] = "地址\n第二行\r\n第三行";
    const res = resolveEntityColumns(ENTITY_HEADERS, 1);
    if (!res.ok) throw new Error("headers");
    const { copyLine, toFields } = entityImportKind.staging;
    let checked = 0;
    records.forEach((cells, i) => {
      const r = parseEntityRow(cells, res.map, i + 2);
      if (!r.ok) return;
      const generic = `${toFields(r.value)
        .map((f) => copyField(f ?? null))
        .join("\t")}\t${i + 2}\n`;
      expect(copyLine?.(r.value, i + 2)).toBe(generic);
      checked++;
    });
    expect(checked).toBe(records.length);
    // The specials really were in there (escaped, not dropped).
    expect(csvText(ENTITY_HEADERS, records.slice(0, 2))).toContain("反斜杠");
  });
});
