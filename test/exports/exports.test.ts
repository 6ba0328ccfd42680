/**
 * Exports over HTTP on both drivers (issue 14, item 5): inspection results as CSV and XLSX in
 * the national system's columns (order and names, BOM, escaping of commas, quotes, line breaks,
 * formula-like and CJK text, filters by year / item / round, department scoping and roles),
 * and a real-size round (40 000 entities drawn through the service) whose eligible-set XLSX,
 * turned back into NDJSON, passes `sortes verify` against the signed proof, and whose drawn
 * list matches the proof's selection and teams.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, expect, it } from "vitest";
import { createItem, publishItem } from "../../src/checklist/items.js";
import type { Db } from "../../src/db/types.js";
import { rounds } from "../../src/draws/schema.js";
import { FINDINGS_HEADERS } from "../../src/exports/findings-export.js";
import { findings } from "../../src/findings/schema.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll, SIGNING_KEY_HEX } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment, newInspectorToken } from "../helpers/db.js";

const CLI = join(import.meta.dirname, "../../bin/sortes.mjs");
const ENTITIES = 40_000;

/** Names a naive CSV writer or a spreadsheet would get wrong. */
const TRICKY = [
  "福州市鼓楼区闽都茶行（普通合伙）",
  '厦门, 思明 "老字号" 商行',
  "泉州市\n丰泽区两行名称",
  '=HYPERLINK("http://x")食品店',
  "'单引号开头的商号",
];

async function itemVersion(db: Db, departmentId: string, code: string, methods: string[]) {
  await createItem(db, departmentId, {
    code,
    inspectingBody: "福州市市场监督管理局",
    name: `事项${code}`,
    legalBasis: "《企业信息公示暂行条例》第十四条",
    content: "年度报告公示信息",
    methods,
    targetDescription: "",
    targetEntityTypes: [],
    targetIndustries: [],
    targetRegionCodes: [],
    requiredQualification: null,
    entityCount: null,
    defaultRateBp: null,
    defaultRoundsPerYear: null,
    legalOverride: null,
    notes: "",
  } as Parameters<typeof createItem>[2]);
  return publishItem(db, departmentId, code);
}

async function insertRound(db: Db, departmentId: string, itemVersionId: string, planYear: number) {
  const [r] = await db
    .insert(rounds)
    .values({
      departmentId,
      title: `${planYear}年度企业公示信息抽查`,
      planYear,
      itemVersionId,
      teamSize: 2,
      windowFrom: `${planYear}-04-01`,
      windowUntil: `${planYear}-06-30`,
      revealDeadline: new Date(`${planYear}-03-01T00:00:00Z`),
      status: "closed",
    })
    .returning({ id: rounds.id });
  return r!.id;
}

async function insertFinding(
  db: Db,
  f: { departmentId: string; roundId: string; entityId: string; entityName: string; resultCode: string },
) {
  await db.insert(findings).values({
    departmentId: f.departmentId,
    roundId: f.roundId,
    entityId: f.entityId,
    entityName: f.entityName,
    naturalPerson: false,
    resultCode: f.resultCode as (typeof findings.$inferInsert)["resultCode"],
    description: "检查情况",
    rectificationOrdered: false,
    creditListing: false,
    evidenceHashes: [],
    involvesMinor: false,
    tradeSecretFields: [],
    privacyFields: [],
    decisionType: "result",
    inspectionEndedOn: "2026-05-20",
    signedHead: "0".repeat(64),
    filedByInspectorId: "00000000-0000-4000-8000-000000000001",
  });
}

const code = () => `91350100${randomBytes(5).toString("hex").toUpperCase()}`;

describeEachDriver("exports (national columns, streamed CSV/XLSX)", (get) => {
  let app: ReturnType<typeof testApp>;
  let fx: Awaited<ReturnType<typeof roundFixture>>;
  let drawnRoundId: string;
  let proof: {
    selections: { stratum: string; selected: { id: string; ticket: string }[] }[];
    finalTeams: { entityId: string; members: string[] }[];
  };
  const mine = { y2026: "", y2025: "", item2: "" };
  const expected: { name: string; id: string; round: string; result: string }[] = [];

  /** Bytes of a GET, so the BOM is seen (Response.text() would strip it). */
  const download = async (path: string, token?: string) => {
    const res = await app.app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const csvRows = async (path: string, token: string) => {
    const r = await download(path, token);
    expect(r.status, r.bytes.toString()).toBe(200);
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parse(r.bytes.subarray(3).toString("utf8"), { relax_column_count: false }) as string[][];
  };
  const xlsxRows = async (path: string, token: string) => {
    const r = await download(path, token);
    expect(r.status, r.bytes.toString()).toBe(200);
    expect(r.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.bytes as unknown as ArrayBuffer);
    const rows: (string | number)[][] = [];
    wb.worksheets[0]!.eachRow((row) => {
      rows.push((row.values as (string | number)[]).slice(1));
    });
    return rows;
  };

  beforeAll(async () => {
    const db = get().db;
    app = testApp(get(), { SIGNING_KEY_HEX });
    fx = await roundFixture(db, { entities: ENTITIES, inspectors: 12 });
    const { roundId, contributors } = await createCommittedRound(app.call, fx.tokens.admin, fx.itemCode);
    await revealAll(app.call, contributors);
    const drawn = await app.call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
    expect(drawn.status, drawn.text).toBe(200);
    drawnRoundId = roundId;
    proof = (await app.call("GET", `/public/rounds/${roundId}/proof`)).data;

    // Results: the drawn round (2026, fx item) plus a 2025 round and a second item's round.
    const item2 = await itemVersion(db, fx.department.id, `ITEM2-${randomBytes(2).toString("hex")}`, [
      "written",
      "on_site",
    ]);
    mine.y2026 = drawnRoundId;
    mine.y2025 = await insertRound(db, fx.department.id, fx.item.id, 2025);
    mine.item2 = await insertRound(db, fx.department.id, item2.id, 2026);
    const firstDrawn = proof.selections.flatMap((s) => s.selected.map((e) => e.id));
    const plan = [
      { round: mine.y2026, ids: firstDrawn.slice(0, TRICKY.length) },
      { round: mine.y2025, ids: [code(), code()] },
      { round: mine.item2, ids: [code()] },
    ];
    const results = ["未发现问题", "通过登记的住所(经营场所)无法联系", "已注销/吊销/撤销/迁出"];
    let n = 0;
    for (const p of plan)
      for (const id of p.ids) {
        const name = TRICKY[n % TRICKY.length]!;
        const result = results[n % results.length]!;
        await insertFinding(db, {
          departmentId: fx.department.id,
          roundId: p.round,
          entityId: id,
          entityName: name,
          resultCode: result,
        });
        expected.push({ name, id, round: p.round, result });
        n++;
      }
  }, 240_000);

  it("CSV: BOM, the national columns in order, every value back exactly (commas, quotes, line breaks, CJK)", async () => {
    const rows = await csvRows("/exports/findings.csv", fx.tokens.auditor);
    expect(rows[0]).toEqual([...FINDINGS_HEADERS]);
    expect(rows[0]).toEqual([
      "主体名称",
      "统一社会信用代码",
      "抽查事项",
      "事项编码",
      "检查依据",
      "检查方式",
      "抽查任务名称",
      "抽查任务编号",
      "计划年度",
      "检查开始日期",
      "检查截止日期",
      "检查完成日期",
      "决定日期",
      "检查结果",
      "检查实施机关",
    ]);
    const body = rows.slice(1);
    expect(body).toHaveLength(expected.length);
    // A formula-like or apostrophe-led name gets one neutralising apostrophe (src/http/csv.ts).
    const shown = (s: string) => (/^[=+\-@\t\r']/.test(s) ? `'${s}` : s);
    const byId = new Map(body.map((r) => [r[1], r]));
    for (const e of expected) {
      const r = byId.get(e.id)!;
      expect(r[0]).toBe(shown(e.name));
      expect(r[7]).toBe(e.round);
      expect(r[13]).toBe(e.result);
      expect(r[14]).toBe("测试市场监督管理局");
      expect(r[4]).toBe(
        r[7] === mine.item2 ? "《企业信息公示暂行条例》第十四条" : "《中华人民共和国食品安全法》第一百一十条",
      );
    }
    const item2Row = body.find((r) => r[7] === mine.item2)!;
    expect(item2Row[5]).toBe("书面检查、实地核查");
    expect(byId.get(expected[0]!.id)![5]).toBe("实地核查");
    expect(byId.get(expected[0]!.id)!.slice(8, 13)).toEqual([
      "2026",
      "2026-07-01",
      "2026-08-31",
      "2026-05-20",
      "",
    ]);
  });

  it("XLSX: the same rows as typed text cells, never formulas", async () => {
    const rows = await xlsxRows("/exports/findings.xlsx", fx.tokens.admin);
    expect(rows[0]).toEqual([...FINDINGS_HEADERS]);
    expect(rows).toHaveLength(expected.length + 1);
    const names = rows.slice(1).map((r) => r[0]);
    expect(names.sort()).toEqual(expected.map((e) => e.name).sort());
    expect(rows.slice(1).every((r) => typeof r[0] === "string" && (r[8] === 2026 || r[8] === 2025))).toBe(
      true,
    );
  });

  it("filters by year, item and round (CSV and XLSX alike)", async () => {
    const ids = (rows: (string | number)[][]) =>
      rows
        .slice(1)
        .map((r) => r[1])
        .sort();
    const want = (f: (e: (typeof expected)[number]) => boolean) =>
      expected
        .filter(f)
        .map((e) => e.id)
        .sort();
    expect(ids(await csvRows("/exports/findings.csv?year=2025", fx.tokens.admin))).toEqual(
      want((e) => e.round === mine.y2025),
    );
    expect(
      ids(await csvRows(`/exports/findings.csv?year=2026&item=${fx.itemCode}`, fx.tokens.admin)),
    ).toEqual(want((e) => e.round === mine.y2026));
    expect(ids(await xlsxRows(`/exports/findings.xlsx?round=${mine.item2}`, fx.tokens.admin))).toEqual(
      want((e) => e.round === mine.item2),
    );
    expect(await csvRows("/exports/findings.csv?item=NO-SUCH-ITEM", fx.tokens.admin)).toEqual([
      [...FINDINGS_HEADERS],
    ]);
    const bad = await app.call("GET", "/exports/findings.csv?round=not-a-uuid", { token: fx.tokens.admin });
    expect(bad.status).toBe(400);
  });

  it("is scoped to the caller's department and to reading roles", async () => {
    const db = get().db;
    const other = await newDepartment(db);
    const otherRound = await insertRound(db, other.department.id, fx.item.id, 2026);
    await insertFinding(db, {
      departmentId: other.department.id,
      roundId: otherRound,
      entityId: code(),
      entityName: "别的部门的主体",
      resultCode: "未发现问题",
    });
    const theirs = await csvRows("/exports/findings.csv", other.tokens.admin);
    expect(theirs.slice(1).map((r) => r[0])).toEqual(["别的部门的主体"]);
    // Filtering by my round from their department yields nothing of mine.
    expect(await csvRows(`/exports/findings.csv?round=${mine.y2026}`, other.tokens.auditor)).toHaveLength(1);
    for (const path of [
      `/exports/rounds/${drawnRoundId}/eligible.xlsx`,
      `/exports/rounds/${drawnRoundId}/drawn.xlsx`,
    ])
      expect((await download(path, other.tokens.admin)).status).toBe(404);
    const inspector = await newInspectorToken(db, fx.department.id);
    expect((await download("/exports/findings.csv", inspector.token)).status).toBe(403);
    expect((await download(`/exports/rounds/${drawnRoundId}/eligible.xlsx`, inspector.token)).status).toBe(
      403,
    );
    expect((await download("/exports/findings.xlsx")).status).toBe(401);
  });

  it(`real size: the ${ENTITIES}-entity eligible set as XLSX passes sortes verify; the drawn list is the proof's`, async () => {
    const eligible = await xlsxRows(`/exports/rounds/${drawnRoundId}/eligible.xlsx`, fx.tokens.auditor);
    expect(eligible[0]).toEqual(["序号", "风险等级", "统一社会信用代码", "主体名称"]);
    expect(eligible).toHaveLength(ENTITIES + 1);
    expect(eligible.slice(1).every((r, i) => r[0] === i + 1 && r[3] === `测试主体${r[2]}`)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "sortes-exports-"));
    const ndjson = eligible
      .slice(1)
      .map((r) => JSON.stringify({ stratum: r[1], id: r[2] }))
      .join("\n");
    writeFileSync(join(dir, "eligible.ndjson"), `${ndjson}\n`);
    const proofText = (await app.call("GET", `/public/rounds/${drawnRoundId}/proof`)).text;
    writeFileSync(join(dir, "proof.json"), proofText);
    const run = spawnSync(
      process.execPath,
      [CLI, "verify", join(dir, "proof.json"), "--eligible", join(dir, "eligible.ndjson")],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("PASS");

    const drawn = await xlsxRows(`/exports/rounds/${drawnRoundId}/drawn.xlsx`, fx.tokens.admin);
    expect(drawn[0]).toEqual([
      "风险等级",
      "抽中序号",
      "统一社会信用代码",
      "主体名称",
      "随机票号",
      "检查人员",
      "执法证号",
    ]);
    // Rank = position in the stratum's selected list + 1 (draw-spec §7).
    const fromProof = proof.selections
      .flatMap((s) => s.selected.map((e, i) => [s.stratum, i + 1, e.id, e.ticket].join("|")))
      .sort();
    expect(
      drawn
        .slice(1)
        .map((r) => [r[0], r[1], r[2], r[4]].join("|"))
        .sort(),
    ).toEqual(fromProof);
    const names = new Map(fx.inspectors.map((i) => [i.id, i.name]));
    const teams = new Map(
      proof.finalTeams.map((t) => [t.entityId, t.members.map((m) => names.get(m)).join("、")]),
    );
    expect(drawn.slice(1).every((r) => r[5] === teams.get(r[2] as string))).toBe(true);
  }, 120_000);
});
