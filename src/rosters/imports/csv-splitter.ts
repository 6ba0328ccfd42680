/**
 * A streaming RFC 4180 record splitter for roster files, written for the import's hot path
 * (csv-parse took about half of the import's Node CPU on 1M rows; bench/README.md "Roster import").
 *
 * Text goes in as decoded chunks; complete records come out as cell arrays with the file line
 * each starts on. Records end at LF or CRLF, or at a lone CR in files written that way (old Excel
 * for Mac; decided by the first line break, as csv-parse does); quoted fields may
 * hold commas, doubled quotes and line breaks, which advance the line count. Strict like
 * csv-parse's defaults: a quote inside an unquoted field, text after a closing quote, or a quote
 * still open at the end of the file stop the import with the line they occur on. Field counts
 * may vary (the row validators check widths).
 *
 * Fast path: a line with no quote is cut with one `indexOf` and `split(",")`,
 * both native; only lines holding a quote go through the character loop. A record longer than
 * MAX_RECORD_CHARS is refused, which keeps memory bounded (an unclosed quote would otherwise
 * buffer the rest of the file).
 */

/** A problem that stops reading the file; `line` is the file line it occurs on. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

export const MAX_RECORD_CHARS = 1 << 20;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export type RecordSink = (cells: string[], line: number) => void;

/** Result of the quoted-record parser: the cells and where the record ended, or need-more-text. */
interface Parsed {
  cells: string[];
  /** Index just after the record's terminator. */
  end: number;
  /** Line breaks inside quoted fields plus the terminator's one (0 at end of text without one). */
  lines: number;
}

/** How records end: not seen yet, LF (with an optional CR before it), or a lone CR. */
enum Breaks {
  Unknown = 0,
  Lf = 1,
  Cr = 2,
}

export class CsvSplitter {
  private rest = "";
  /** File line of the next record. */
  private line = 1;
  private breaks = Breaks.Unknown;

  constructor(private readonly onRecord: RecordSink) {}

  /** Current file line (where the next record starts); for error reports from the caller. */
  get currentLine(): number {
    return this.line;
  }

  /** Feeds decoded text; emits every record completed by it. */
  push(chunk: string): void {
    const text = this.rest.length === 0 ? chunk : this.rest + chunk;
    const pos = this.split(text, false);
    this.rest = pos >= text.length ? "" : text.slice(pos);
    if (this.rest.length > MAX_RECORD_CHARS) this.tooLong();
  }

  /** End of input: emits the last record (one without a final line break). */
  end(): void {
    const text = this.rest;
    this.rest = "";
    if (text.length > 0) this.split(text, true);
  }

  private tooLong(): never {
    throw new CsvSyntaxError(
      this.line,
      `malformed CSV: a record longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`,
    );
  }

  /**
   * Like csv-parse, the first line break outside quotes decides the record delimiter for the
   * whole file. (Searching the text for CR instead would be slow: V8's indexOf on two-byte
   * strings is many times slower for "\r" than for "\n" with Chinese text.)
   */
  private detectBreaks(text: string, final: boolean): void {
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) quoted = !quoted;
      else if (!quoted && c === LF) {
        this.breaks = Breaks.Lf;
        return;
      } else if (!quoted && c === CR) {
        if (i + 1 >= text.length && !final) return; // is an LF next? wait for more text
        this.breaks = i + 1 < text.length && text.charCodeAt(i + 1) === LF ? Breaks.Lf : Breaks.Cr;
        return;
      }
    }
    if (final) this.breaks = Breaks.Lf;
  }

  /** Emits the complete records of `text`; returns where the unconsumed tail starts. */
  private split(text: string, final: boolean): number {
    if (this.breaks === Breaks.Unknown) {
      this.detectBreaks(text, final);
      if (this.breaks === Breaks.Unknown) return 0;
    }
    const cr = this.breaks === Breaks.Cr;
    const n = text.length;
    let pos = 0;
    let nextQuote = cr ? 0 : text.indexOf('"');
    while (pos < n) {
      if (!cr) {
        if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
        const lf = text.indexOf("\n", pos);
        const eol = lf === -1 ? n : lf;
        // Fast path: a whole line without quotes (a CR before the LF is dropped).
        if ((lf !== -1 || final) && (nextQuote === -1 || nextQuote >= eol)) {
          const cut = eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
          this.onRecord(text.slice(pos, cut).split(","), this.line);
          this.line++;
          pos = lf === -1 ? n : lf + 1;
          continue;
        }
      }
      const r = this.parseRecord(text, pos, final, cr);
      if (r === null) return pos; // incomplete: wait for more text
      this.onRecord(r.cells, this.line);
      this.line += r.lines;
      pos = r.end;
    }
    return pos;
  }

  /** The character loop for a record with quotes (or any record of a CR file); null when `text` ends inside it. */
  private parseRecord(text: string, start: number, final: boolean, cr: boolean): Parsed | null {
    const n = text.length;
    const brk = cr ? CR : LF;
    const brkText = cr ? "\r" : "\n";
    const cells: string[] = [];
    let lines = 0;
    let i = start;
    for (;;) {
      // One field starts at i.
      if (i < n && text.charCodeAt(i) === QUOTE) {
        let value = "";
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) {
            if (!final) return null;
            throw new CsvSyntaxError(
              this.line,
              "malformed CSV: a quoted field is not closed before the end of the file",
            );
          }
          const piece = text.slice(from, q);
          for (let k = piece.indexOf(brkText); k !== -1; k = piece.indexOf(brkText, k + 1)) lines++;
          value += piece;
          if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
            continue;
          }
          if (q + 1 >= n && !final) return null; // a doubled quote may follow in the next chunk
          i = q + 1;
          break;
        }
        cells.push(value);
        if (i >= n) return { cells, end: n, lines };
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === brk || c === CR) {
          // After a closing quote: the break, or CRLF in an LF file.
          if (c === brk && (cr || c === LF)) {
            const end = cr && i + 1 < n && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
            return { cells, end, lines: lines + 1 };
          }
          if (i + 1 >= n) return final ? { cells, end: n, lines: lines + 1 } : null;
          if (text.charCodeAt(i + 1) === LF) return { cells, end: i + 2, lines: lines + 1 };
        }
        throw new CsvSyntaxError(
          this.line + lines,
          `malformed CSV: unexpected character after the closing quote of field ${cells.length}`,
        );
      }
      // Unquoted field: up to a comma or the record break.
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === brk) break;
        if (c === QUOTE) {
          throw new CsvSyntaxError(
            this.line + lines,
            `malformed CSV: a quote inside unquoted field ${cells.length + 1} (quote the whole field and double inner quotes)`,
          );
        }
        j++;
      }
      if (j >= n && !final) return null;
      if (j < n && text.charCodeAt(j) === COMMA) {
        cells.push(text.slice(i, j));
        i = j + 1;
        continue;
      }
      if (j >= n) {
        cells.push(text.slice(i, j));
        return { cells, end: n, lines };
      }
      // The break: drop a CR before an LF; a CR file takes CRLF as one break too.
      const cut = !cr && j > i && text.charCodeAt(j - 1) === CR ? j - 1 : j;
      cells.push(text.slice(i, cut));
      if (cr) {
        if (j + 1 >= n && !final) return null;
        return { cells, end: j + 1 < n && text.charCodeAt(j + 1) === LF ? j + 2 : j + 1, lines: lines + 1 };
      }
      return { cells, end: j + 1, lines: lines + 1 };
    }
  }
}
