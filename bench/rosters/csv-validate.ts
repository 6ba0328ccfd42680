/**
 * End-to-end read + validate throughput of an entity CSV (no database):
 * decode (utf8/gbk) → csv-parse → parseEntityRow. Generate a file first:
 *   npm run gen -- --entities 1000000 --inspectors 0 --out /tmp/roster
 *   npx tsx bench/rosters/csv-validate.ts /tmp/roster/entities.csv [utf8|gbk]
 */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import type { ColumnMap, RowError } from "../../src/rosters/columns.js";
import {
  type EntityColumn,
  parseEntityRow,
  resolveEntityColumns,
} from "../../src/rosters/entities/entity-row.js";

const [file, encoding = "utf8"] = process.argv.slice(2);
if (!file) throw new Error("usage: csv-validate.ts FILE [utf8|gbk]");

const t0 = performance.now();
const records = createReadStream(file)
  .pipe(iconv.decodeStream(encoding))
  .pipe(parse({ info: true, bom: true }));
let map: ColumnMap<EntityColumn> | undefined;
let prevEnd = 0;
let rows = 0;
let totalErrors = 0;
const errors: RowError[] = [];
for await (const { record, info } of records as AsyncIterable<{
  record: string[];
  info: { lines: number };
}>) {
  const line = prevEnd + 1; // csv-parse reports the line a record ends on
  prevEnd = info.lines;
  if (!map) {
    const r = resolveEntityColumns(record, line);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    map = r.map;
    continue;
  }
  rows++;
  const res = parseEntityRow(record, map, line);
  if (!res.ok) {
    totalErrors += res.errors.length;
    if (errors.length < 10) errors.push(...res.errors);
  }
}
const ms = performance.now() - t0;
console.log(`${rows} rows in ${ms.toFixed(0)} ms: ${Math.round((rows / ms) * 1000)} rows/s`);
console.log(
  `peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB (at end); ${totalErrors} errors`,
);
for (const e of errors) console.log(`  line ${e.line} ${e.column}: ${e.reason}`);
