/**
 * CSV cells for every CSV export (the team board, the public eligible set): one rule, so a
 * reader can undo it. Spreadsheet software runs a cell that starts with `=`, `+`, `-` or `@`
 * (and, in some, tab or CR) as a formula — "CSV injection" from any text an outsider can
 * influence, such as an entity's name. Such a cell gets a leading apostrophe, which spreadsheets
 * show as text and hide; a cell that already starts with an apostrophe gets one too, so removing
 * exactly one leading apostrophe from any cell that has one gives the value back
 * (`csvValue`, used by `sortes verify --csv`). XLSX exports need none of this: exceljs writes
 * strings as typed text cells, never as formulas.
 */

const FORMULA_START = /^[=+\-@\t\r']/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The cell's text: neutralised, then quoted per RFC 4180 when it holds `"`, `,`, CR or LF. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The value a parsed (unquoted) cell stands for: `csvCell`'s apostrophe removed. */
export function csvValue(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}
