/**
 * CSV splitting alone (no validation, no database), same file, same run: csv-parse (the
 * import's former parser) against the purpose-built CsvSplitter. Both with line numbers.
 *   npx tsx bench/rosters/csv-parsers.ts /tmp/sortes-bench/entities-1000000-bench/entities.csv
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import { CsvSplitter } from "../../src/rosters/imports/csv-splitter.js";

const [file] = process.argv.slice(2);
if (!file) throw new Error("usage: csv-parsers.ts FILE");

async function* text() {
  const d = new TextDecoder("utf-8", { fatal: true });
  for await (const chunk of createReadStream(file as string, { highWaterMark: 256 * 1024 })) {
    yield d.decode(chunk as Buffer, { stream: true });
  }
}

async function csvParse(): Promise<number> {
  const parser = parse({ relax_column_count: true, skip_empty_lines: false });
  const feeding = pipeline(Readable.from(text()), parser);
  let line = 1;
  let cells = 0;
  for await (const rec of parser as AsyncIterable<string[]>) {
    for (const c of rec) for (let i = c.indexOf("\n"); i >= 0; i = c.indexOf("\n", i + 1)) line++;
    line++;
    cells += rec.length;
  }
  await feeding;
  return cells + line * 0;
}

async function splitter(): Promise<number> {
  let cells = 0;
  const s = new CsvSplitter((rec) => {
    cells += rec.length;
  });
  for await (const t of text()) s.push(t);
  s.end();
  return cells;
}

async function decodeOnly(): Promise<number> {
  let n = 0;
  for await (const t of text()) n += t.length;
  return n;
}

// The machine is shared: CPU time (user+system) is the fairer figure; wall time shows the load.
for (let round = 0; round < 2; round++) {
  for (const [name, f] of [
    ["decode only", decodeOnly],
    ["csv-parse", csvParse],
    ["CsvSplitter", splitter],
  ] as const) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const cells = await f();
    const cpu = process.cpuUsage(c0);
    const wall = (performance.now() - t0) / 1000;
    const cpuS = (cpu.user + cpu.system) / 1e6;
    console.log(`${name.padEnd(12)} cpu ${cpuS.toFixed(2)} s  wall ${wall.toFixed(2)} s  (${cells})`);
  }
}
