/**
 * Streamed CSV and XLSX responses for tables of any size (the exports of src/exports, the roster
 * imports' error files). Rows come from an async iterable
 * (keyset pages from the database) and leave as they are produced, so a 1 000 000-row export
 * holds at most a page of rows and a few MiB of output in memory, whichever format.
 *
 * CSV: UTF-8 with a byte-order mark (Excel on Windows otherwise reads UTF-8 as the ANSI code
 * page and garbles Chinese), CRLF line ends, RFC 4180 quoting and the formula neutralisation
 * of csv.ts. XLSX: xlsx-stream.ts, inline strings (a shared string table would keep
 * every distinct string in memory until the end), every cell a typed string or number, never a
 * formula; a sheet holds at most 1 048 576 rows, so a longer export continues on a second
 * sheet (headers repeated).
 */
import { PassThrough, Readable } from "node:stream";
import { csvCell } from "./csv.js";
import { XlsxStreamWriter } from "./xlsx-stream.js";

export type Cell = string | number | null;

export interface Table {
  /** File name without the extension. */
  filename: string;
  headers: readonly string[];
  rows: AsyncIterable<Cell[]>;
}

const BOM = "\ufeff";
/** Output is handed to the response in chunks of about this many characters. */
const CHUNK = 64 * 1024;
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** Excel's row limit per sheet (2^20), header row included. */
const SHEET_ROWS = 1_048_576;

function disposition(filename: string, ext: string): string {
  // ASCII fallback plus the RFC 6266/5987 form for names with CJK characters.
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, "_");
  return `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${filename}.${ext}`)}`;
}

function csvLine(cells: readonly Cell[]): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ",";
    const v = cells[i];
    if (v !== null && v !== undefined && v !== "") line += csvCell(v);
  }
  return `${line}\r\n`;
}

/** The table as a streamed `text/csv` response (BOM, CRLF). */
export function csvResponse(table: Table): Response {
  const enc = new TextEncoder();
  const rows = table.rows[Symbol.asyncIterator]();
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let buf = started ? "" : BOM + csvLine(table.headers);
      started = true;
      while (buf.length < CHUNK) {
        const { value, done } = await rows.next();
        if (done) {
          if (buf) controller.enqueue(enc.encode(buf));
          controller.close();
          return;
        }
        buf += csvLine(value);
      }
      controller.enqueue(enc.encode(buf));
    },
    async cancel() {
      await rows.return?.();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": disposition(table.filename, "csv"),
    },
  });
}

/**
 * The table as a streamed XLSX response (xlsx-stream.ts). The workbook is written as the client
 * reads: the writer waits whenever the response is not being drained, so a slow client holds
 * the export back instead of letting it pile up in memory.
 */
export function xlsxResponse(table: Table & { sheetName: string }): Response {
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  const write = async () => {
    const xlsx = new XlsxStreamWriter(out, table.headers.length);
    const rows = table.rows[Symbol.asyncIterator]();
    for (let sheet = 1; ; sheet++) {
      const name = sheet === 1 ? table.sheetName : `${table.sheetName}${sheet}`;
      const { open, ended } = await xlsx.addSheet(name, table.headers, rows, SHEET_ROWS - 1);
      if (!open) {
        // The client went away: end the rows' query and stop.
        await rows.return?.();
        return;
      }
      if (ended) break;
    }
    xlsx.finish();
  };
  write().catch((err) => out.destroy(err as Error));
  const body = Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: { "content-type": XLSX_TYPE, "content-disposition": disposition(table.filename, "xlsx") },
  });
}
