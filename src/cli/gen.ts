/**
 * npm run gen -- --entities N --inspectors M --seed S [--out DIR]
 *                [--encoding utf8|gbk] [--bad-row LINE] [--bad-inspector-row LINE] [--crlf]
 *
 * Writes DIR/entities.csv and DIR/inspectors.csv (Chinese headers),
 * deterministically from the seed, and prints the absolute path of each file written. DIR
 * defaults to ./data/gen (git-ignored, beside the embedded database), never the repo root. Streams to disk with back-pressure, so
 * memory stays flat however many rows are asked for. --bad-row puts one invalid
 * entity (wrong credit-code check character) at that file line (header = 1);
 * --bad-inspector-row one invalid inspector (validity ends before it starts).
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import iconv from "iconv-lite";
import {
  csvChunks,
  ENTITY_HEADERS,
  entityRecords,
  INSPECTOR_HEADERS,
  inspectorRecords,
} from "../rosters/synthetic.js";

/** Relative to the working directory; data/ is git-ignored. */
const DEFAULT_OUT = join("data", "gen");

const USAGE =
  "usage: npm run gen -- --entities N --inspectors M --seed S [--out DIR] [--encoding utf8|gbk] " +
  "[--bad-row LINE] [--bad-inspector-row LINE] [--crlf]\n" +
  `  --out DIR  where entities.csv and inspectors.csv go (default ${DEFAULT_OUT})`;

function count(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min)
    throw new Error(`--${name} must be an integer ≥ ${min}, got '${v}'`);
  return Number(v);
}

async function writeCsv(path: string, chunks: Iterable<string>, encoding: "utf8" | "gbk"): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  for (const chunk of chunks) {
    const buf = encoding === "gbk" ? iconv.encode(chunk, "gbk") : Buffer.from(chunk, "utf8");
    bytes += buf.length;
    if (!out.write(buf)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return bytes;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      entities: { type: "string", default: "1000" },
      inspectors: { type: "string", default: "100" },
      seed: { type: "string", default: "sortes" },
      out: { type: "string", default: DEFAULT_OUT },
      encoding: { type: "string", default: "utf8" },
      "bad-row": { type: "string" },
      "bad-inspector-row": { type: "string" },
      crlf: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const encoding = values.encoding;
  if (encoding !== "utf8" && encoding !== "gbk")
    throw new Error(`--encoding must be utf8 or gbk, got '${encoding}'`);
  const entities = count("entities", values.entities, 0) ?? 0;
  const inspectors = count("inspectors", values.inspectors, 0) ?? 0;
  const badRow = count("bad-row", values["bad-row"], 2);
  const badInspectorRow = count("bad-inspector-row", values["bad-inspector-row"], 2);
  if (badRow !== undefined && badRow > entities + 1)
    throw new Error(`--bad-row ${badRow} is past the last entity`);
  if (badInspectorRow !== undefined && badInspectorRow > inspectors + 1) {
    throw new Error(`--bad-inspector-row ${badInspectorRow} is past the last inspector`);
  }
  const eol = values.crlf ? "\r\n" : "\n";
  const outDir = resolve(values.out);
  await mkdir(outDir, { recursive: true });

  const t0 = performance.now();
  const entityPath = join(outDir, "entities.csv");
  const entityBytes = await writeCsv(
    entityPath,
    csvChunks(
      ENTITY_HEADERS,
      entityRecords({ count: entities, seed: values.seed, badRowLine: badRow }),
      512,
      eol,
    ),
    encoding,
  );
  const t1 = performance.now();
  const inspectorPath = join(outDir, "inspectors.csv");
  const inspectorBytes = await writeCsv(
    inspectorPath,
    csvChunks(
      INSPECTOR_HEADERS,
      inspectorRecords({ count: inspectors, seed: values.seed, badRowLine: badInspectorRow }),
      512,
      eol,
    ),
    encoding,
  );
  const t2 = performance.now();
  const rate = (n: number, ms: number) => Math.round((n / Math.max(ms, 1)) * 1000);
  console.log(
    `wrote ${entityPath}: ${entities} rows, ${entityBytes} bytes, ${(t1 - t0).toFixed(0)} ms (${rate(entities, t1 - t0)} rows/s)`,
  );
  console.log(
    `wrote ${inspectorPath}: ${inspectors} rows, ${inspectorBytes} bytes, ${(t2 - t1).toFixed(0)} ms (${rate(inspectors, t2 - t1)} rows/s)`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  console.error(USAGE);
  process.exitCode = 1;
});
