import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { checkCreditCode } from "../../src/rosters/credit-code.js";
import {
  type EntityRow,
  parseEntityRow,
  resolveEntityColumns,
} from "../../src/rosters/entities/entity-row.js";
import {
  type InspectorRow,
  parseInspectorRow,
  resolveInspectorColumns,
} from "../../src/rosters/inspectors/inspector-row.js";
import {
  csvChunks,
  ENTITY_HEADERS,
  entityRecords,
  INSPECTOR_HEADERS,
  inspectorRecords,
  type SyntheticOptions,
} from "../../src/rosters/synthetic.js";

const entityCsv = (o: SyntheticOptions) => [...csvChunks(ENTITY_HEADERS, entityRecords(o))].join("");
const inspectorCsv = (o: SyntheticOptions) => [...csvChunks(INSPECTOR_HEADERS, inspectorRecords(o))].join("");
const sha = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

/** Parse with the real CSV parser; records paired with the line each starts on. */
function parseCsv(text: string): { header: string[]; rows: { cells: string[]; line: number }[] } {
  const out = parse(text, { info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const rows: { cells: string[]; line: number }[] = [];
  for (let i = 1; i < out.length; i++) rows.push({ cells: out[i]!.record, line: out[i - 1]!.info.lines + 1 });
  return { header: out[0]!.record, rows };
}

function validateEntities(text: string) {
  const { header, rows } = parseCsv(text);
  const cols = resolveEntityColumns(header);
  if (!cols.ok) throw new Error(JSON.stringify(cols.errors));
  const values: EntityRow[] = [];
  const errors = [];
  for (const r of rows) {
    const res = parseEntityRow(r.cells, cols.map, r.line);
    if (res.ok) values.push(res.value);
    else errors.push(...res.errors);
  }
  return { values, errors, rows };
}

describe("synthetic entity roster", () => {
  const text = entityCsv({ count: 20_000, seed: "t1" });
  const { values, errors, rows } = validateEntities(text);

  it("validates completely with the import validators", () => {
    expect(errors).toEqual([]);
    expect(values).toHaveLength(20_000);
  });

  it("has valid, unique credit codes, some legacy", () => {
    const codes = new Set(values.map((v) => v.creditCode));
    expect(codes.size).toBe(values.length);
    const uscc = values.filter((v) => v.creditCodeKind === "uscc");
    for (const v of uscc) expect(checkCreditCode(v.creditCode).kind).toBe("uscc");
    expect(uscc.length).toBeGreaterThan(values.length * 0.9);
    const flags = new Set(values.map((v) => v.codeFlag));
    expect(flags).toEqual(new Set([null, "legacy-registration-number", "legacy-unverified"]));
  });

  it("is varied: regions of several provinces, all risk classes skewed, natural persons", () => {
    const provinces = new Set(values.map((v) => v.regionCode?.slice(0, 2)));
    expect(provinces.size).toBeGreaterThanOrEqual(5);
    const risk = (c: string) => values.filter((v) => v.riskClass === c).length;
    expect(risk("B")).toBeGreaterThan(risk("A"));
    expect(risk("A")).toBeGreaterThan(risk("C"));
    expect(risk("C")).toBeGreaterThan(risk("D"));
    expect(risk("D")).toBeGreaterThan(0);
    const np = values.filter((v) => v.naturalPerson);
    expect(np.length).toBeGreaterThan(values.length * 0.2);
    for (const v of np) expect(v.entityType).toBe("个体工商户");
    expect(values.some((v) => v.complaintCount > 0)).toBe(true);
    expect(values.some((v) => v.lastInspected === null)).toBe(true);
  });

  it("exercises CSV quoting: commas, quotes and newlines inside fields", () => {
    expect(values.some((v) => v.address.includes(","))).toBe(true);
    expect(values.some((v) => v.address.includes('"'))).toBe(true);
    expect(values.some((v) => v.address.includes("\n"))).toBe(true);
    expect(rows.at(-1)!.line).toBeGreaterThan(rows.length + 1); // multi-line records exist
  });

  it("is deterministic per seed", () => {
    expect(sha(entityCsv({ count: 20_000, seed: "t1" }))).toBe(sha(text));
    expect(sha(entityCsv({ count: 20_000, seed: "t2" }))).not.toBe(sha(text));
  });

  it("injects exactly one bad row at the requested line, leaving the rest intact", () => {
    const base = validateEntities(entityCsv({ count: 4_000, seed: "t1" }));
    // A line just after a multi-line record, so the straddle rule is exercised too.
    const multi = base.rows.find((r, i) => i > 100 && base.rows[i + 1]!.line - r.line === 2)!;
    const good = new Map(base.values.map((v) => [v.creditCode, v.name]));
    for (const line of [2, 1_000, multi.line + 1]) {
      const bad = validateEntities(entityCsv({ count: 4_000, seed: "t1", badRowLine: line }));
      expect(bad.errors).toHaveLength(1);
      expect(bad.errors[0]).toMatchObject({ line, column: "统一社会信用代码" });
      expect(bad.errors[0]!.reason).toMatch(/^character 18 'I' is not allowed/);
      // Every other record is unchanged (modulo a flattened newline).
      expect(bad.values).toHaveLength(3_999);
      for (const v of bad.values) expect(good.get(v.creditCode)).toBe(v.name);
    }
  });
});

describe("synthetic inspector roster", () => {
  it("validates completely, with unique certificates and mixed statuses", () => {
    const { header, rows } = parseCsv(inspectorCsv({ count: 2_000, seed: "t1" }));
    const cols = resolveInspectorColumns(header);
    if (!cols.ok) throw new Error("headers");
    const values: InspectorRow[] = [];
    for (const r of rows) {
      const res = parseInspectorRow(r.cells, cols.map, r.line);
      expect(res).toMatchObject({ ok: true });
      if (res.ok) values.push(res.value);
    }
    expect(new Set(values.map((v) => v.certificateNo)).size).toBe(2_000);
    expect(new Set(values.map((v) => v.status))).toEqual(new Set(["active", "suspended", "left"]));
    expect(values.every((v) => v.qualifications.length >= 1)).toBe(true);
  });

  it("injects a bad inspector row", () => {
    const { header, rows } = parseCsv(inspectorCsv({ count: 100, seed: "t1", badRowLine: 50 }));
    const cols = resolveInspectorColumns(header);
    if (!cols.ok) throw new Error("headers");
    const errs = rows.flatMap((r) => {
      const res = parseInspectorRow(r.cells, cols.map, r.line);
      return res.ok ? [] : res.errors;
    });
    expect(errs).toMatchObject([{ line: 50, column: "证件有效期止" }]);
  });
});

describe("npm run gen", () => {
  const run = promisify(execFile);
  const gen = (args: string[]) =>
    run(process.execPath, ["--import", "tsx", "src/cli/gen.ts", ...args], { cwd: process.cwd() });

  it("writes the same bytes for the same seed, and GBK that decodes to the same text", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sortes-gen-"));
    try {
      const common = ["--entities", "3000", "--inspectors", "200", "--seed", "cli"];
      await gen([...common, "--out", join(dir, "a")]);
      await gen([...common, "--out", join(dir, "b")]);
      await gen([...common, "--out", join(dir, "g"), "--encoding", "gbk"]);
      for (const f of ["entities.csv", "inspectors.csv"]) {
        const a = await readFile(join(dir, "a", f));
        const b = await readFile(join(dir, "b", f));
        expect(sha(a)).toBe(sha(b));
        const g = await readFile(join(dir, "g", f));
        expect(sha(g)).not.toBe(sha(a));
        expect(iconv.decode(g, "gbk")).toBe(a.toString("utf8"));
      }
      const text = await readFile(join(dir, "a", "entities.csv"), "utf8");
      expect(text).toBe(entityCsv({ count: 3000, seed: "cli" }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("rejects bad arguments", async () => {
    await expect(gen(["--entities", "ten"])).rejects.toMatchObject({
      stderr: expect.stringContaining("--entities"),
    });
    await expect(gen(["--encoding", "latin1"])).rejects.toMatchObject({
      stderr: expect.stringContaining("gbk"),
    });
  }, 60_000);
});
