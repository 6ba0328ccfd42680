import { sql } from "drizzle-orm";
import { queryRows } from "../../src/db/rows.js";
import type { Db } from "../../src/db/types.js";
import { computeCheckChar } from "../../src/rosters/credit-code.js";
import { ENTITY_COLUMNS } from "../../src/rosters/entities/entity-row.js";
import { csvChunks, csvRecord, ENTITY_HEADERS, entityRecords } from "../../src/rosters/synthetic.js";

/** A valid USCC built from a 17-char body (check character computed). */
export function uscc(body17: string): string {
  return body17 + computeCheckChar(body17);
}

/** Synthetic roster CSV as bytes (header + `count` records). */
export function syntheticCsv(count: number, seed: string, badRowLine?: number): Buffer {
  return Buffer.from(
    [...csvChunks(ENTITY_HEADERS, entityRecords({ count, seed, badRowLine }))].join(""),
    "utf8",
  );
}

/** The synthetic records themselves (for spot checks). */
export function syntheticRecords(count: number, seed: string): string[][] {
  return [...entityRecords({ count, seed })];
}

/** The English header of every column (the canonical keys). */
export const ENGLISH_HEADERS: string[] = ENTITY_COLUMNS.map((c) => c.key);

/** CSV text from rows of cells. */
export function csvText(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  eol = "\n",
): string {
  return csvRecord(headers, eol) + rows.map((r) => csvRecord(r, eol)).join("");
}

/** Feeds a buffer in small chunks, so multi-byte characters and records straddle chunk edges. */
export async function* chunked(buf: Buffer, size = 4096): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

export async function countEntities(db: Db, departmentId: string): Promise<number> {
  const [r] = await queryRows<{ n: string | number }>(
    db,
    sql`select count(*) as n from entities where department_id = ${departmentId}`,
  );
  return Number(r?.n ?? 0);
}

/** A digest of the department's whole roster (content and update times) to prove "nothing changed". */
export async function rosterFingerprint(db: Db, departmentId: string): Promise<string> {
  const [r] = await queryRows<{ f: string | null }>(
    db,
    sql`select md5(string_agg(e::text, '|' order by credit_code)) as f from entities e where department_id = ${departmentId}`,
  );
  return r?.f ?? "empty";
}

/** A small hand-made roster: three entities with valid codes. */
export function smallRows(): string[][] {
  return [
    [
      uscc("91350100M000100Y4"),
      "福州甲有限公司",
      "张三",
      "福州市鼓楼区一路1号",
      "福州市市场监督管理局",
      "有限责任公司",
      "批发业",
      "350102",
      "存续",
      "A",
      "否",
      "0",
      "2024-05-01",
    ],
    [
      uscc("92350102MA2Y00001"),
      "鼓楼区乙记小吃店",
      "李四",
      "福州市鼓楼区二路2号",
      "鼓楼区市场监督管理局",
      "个体工商户",
      "餐饮业",
      "350102",
      "存续",
      "C",
      "是",
      "3",
      "",
    ],
    [
      uscc("91350103MA3X00002"),
      "台江丙贸易有限公司",
      "王五",
      "福州市台江区三路3号",
      "台江区市场监督管理局",
      "有限责任公司",
      "零售业",
      "350103",
      "在业",
      "B",
      "否",
      "1",
      "2023-11-30",
    ],
  ];
}
