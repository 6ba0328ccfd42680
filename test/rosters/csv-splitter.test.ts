import { parse } from "csv-parse/sync";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { CsvSplitter, CsvSyntaxError, MAX_RECORD_CHARS } from "../../src/rosters/imports/csv-splitter.js";

/** Records with their start lines, feeding `text` in pieces of `size` characters. */
function split(text: string, size: number): { cells: string[]; line: number }[] {
  const out: { cells: string[]; line: number }[] = [];
  const s = new CsvSplitter((cells, line) => out.push({ cells, line }));
  for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size));
  s.end();
  return out;
}

/** The reference: csv-parse (the import's former parser), lines counted from the record texts. */
function reference(text: string, breakChar: string): { cells: string[]; line: number }[] {
  const records = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
  let line = 1;
  return records.map((cells) => {
    const start = line;
    line += 1 + cells.reduce((n, c) => n + c.split(breakChar).length - 1, 0);
    return { cells, line: start };
  });
}

const ALPHABET = ["a", "名", "称", "不", "\u0d0d", ",", '"', "\n", "\r\n", " ", "１"];

function randomCsv(rng: () => number, eol: string): string {
  const rows: string[] = [];
  const nrows = 1 + Math.floor(rng() * 8);
  for (let r = 0; r < nrows; r++) {
    const cells: string[] = [];
    const ncells = 1 + Math.floor(rng() * 5);
    for (let c = 0; c < ncells; c++) {
      let v = "";
      const len = Math.floor(rng() * 6);
      for (let k = 0; k < len; k++) v += ALPHABET[Math.floor(rng() * ALPHABET.length)];
      const needsQuotes = /[",\r\n]/.test(v) || rng() < 0.2;
      cells.push(needsQuotes ? `"${v.replaceAll('"', '""')}"` : v);
    }
    rows.push(cells.join(","));
  }
  return rows.join(eol) + (rng() < 0.5 ? eol : "");
}

describe("CsvSplitter", () => {
  it("agrees with csv-parse on random quoted CSV (LF, CRLF, CR files) at any chunking", () => {
    const rng = seedrandom("csv-splitter");
    for (let n = 0; n < 600; n++) {
      const eol = ["\n", "\r\n", "\r"][n % 3] as string;
      const text = randomCsv(rng, eol);
      const expected = reference(text, eol === "\r" ? "\r" : "\n");
      for (const size of [1, 2, 3, 7, text.length]) expect(split(text, size)).toEqual(expected);
    }
  });

  it("keeps empty lines as one empty cell and counts them", () => {
    expect(split("a,b\n\nc\r\n", 2)).toEqual([
      { cells: ["a", "b"], line: 1 },
      { cells: [""], line: 2 },
      { cells: ["c"], line: 3 },
    ]);
  });

  it("counts lines across quoted line breaks", () => {
    const rows = split('h\n"福州市\r\n一路\n(东门)",x\nnext\n', 4);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(rows[1]?.cells).toEqual(["福州市\r\n一路\n(东门)", "x"]);
  });

  it("refuses stray quotes, text after a closing quote and an unclosed quote, with the line", () => {
    const fail = (text: string) => {
      try {
        split(text, 3);
      } catch (e) {
        expect(e).toBeInstanceOf(CsvSyntaxError);
        return { line: (e as CsvSyntaxError).line, message: (e as Error).message };
      }
      throw new Error("no error");
    };
    expect(fail('a\nb\nc"d,e\n')).toMatchObject({ line: 3, message: expect.stringMatching(/quote inside/) });
    expect(fail('a\n"x\ny"z\n')).toMatchObject({
      line: 3,
      message: expect.stringMatching(/after the closing/),
    });
    expect(fail('a\nb\n"open,\nmore\n')).toMatchObject({
      line: 3,
      message: expect.stringMatching(/not closed/),
    });
  });

  it("bounds memory: a record longer than the limit is refused", () => {
    const s = new CsvSplitter(() => {});
    s.push('h\n"');
    const piece = "x".repeat(64 * 1024);
    expect(() => {
      for (let i = 0; i <= MAX_RECORD_CHARS / piece.length; i++) s.push(piece);
    }).toThrow(/longer than/);
  });
});
