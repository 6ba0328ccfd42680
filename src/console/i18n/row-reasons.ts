/**
 * Roster import row reasons in the console's language. The server writes every refused row's
 * `reason` in English (the error file, the API and its tests keep that text); the console reads
 * it back to a stable code with its captured values and shows the zh-CN message of that code.
 * A reason no pattern knows is shown as the server wrote it, never guessed.
 *
 * The patterns follow the texts of src/rosters/entities/entity-row.ts, inspectors/inspector-row.ts,
 * credit-code.ts, columns.ts and imports/{import-pipeline,text-check}.ts;
 * test/console/row-reasons.test.ts runs those producers so a changed English text fails there.
 */
/** The console's languages (as i18n/index.tsx's Lang; not imported, so server-side tests can load this file). */
type Lang = "zh-CN" | "en-US";

export type RowReasonCode =
  | "required"
  | "too-long"
  | "item-too-long"
  | "not-division-code"
  | "not-risk-class"
  | "not-boolean"
  | "not-count"
  | "not-date"
  | "cert-ends-before-start"
  | "not-inspector-status"
  | "code-empty"
  | "code-length"
  | "code-character"
  | "code-division"
  | "code-check-character"
  | "duplicate-key"
  | "nul-character"
  | "empty-header"
  | "unknown-column"
  | "missing-column"
  | "field-count"
  | "not-utf8"
  | "not-utf8-or-gb18030"
  | "mixed-encodings"
  | "file-empty"
  | "no-data-rows";

/** English text (anchored) → code; the captures are the values the message repeats. */
const PATTERNS: [RowReasonCode, RegExp][] = [
  ["required", /^required$/],
  ["too-long", /^longer than (\d+) characters$/],
  ["item-too-long", /^'(.*)' is longer than (\d+) characters$/],
  ["not-division-code", /^'(.*)' is not a 6-digit administrative division code$/],
  ["not-risk-class", /^'(.*)' is not a risk class A–D$/],
  ["not-boolean", /^'(.*)' is not 是\/否, true\/false or 1\/0$/],
  ["not-count", /^'(.*)' is not a whole number between (\d+) and (\d+)$/],
  ["not-date", /^'(.*)' is not a valid date \(YYYY-MM-DD\)$/],
  ["cert-ends-before-start", /^certificate validity ends \((.*)\) before it starts \((.*)\)$/],
  ["not-inspector-status", /^'(.*)' is not a status \(在岗\/active, 暂停\/suspended, 离职\/left\)$/],
  ["code-empty", /^credit code is empty$/],
  ["code-length", /^credit code has (\d+) characters; expected /],
  ["code-character", /^character (\d+) '(.)' is not allowed in a unified social credit code/],
  ["code-division", /^characters 3-8 '(.*)' must be the 6-digit administrative division code$/],
  ["code-check-character", /^check character should be (.), got (.)$/],
  ["duplicate-key", /^duplicate (credit code|certificate number) (.*): also on line (.+)$/],
  ["nul-character", /^contains a NUL character \(byte 0x00\)/],
  ["empty-header", /^column (\d+) has an empty header$/],
  ["unknown-column", /^unknown column '(.*)'$/],
  ["missing-column", /^missing required column (.+)$/],
  ["field-count", /^row has (\d+) fields but the header has (\d+)$/],
  ["not-utf8", /^not a CSV in UTF-8 \/ GB18030: line (\d+) is not valid UTF-8/],
  ["not-utf8-or-gb18030", /^not a CSV in UTF-8 \/ GB18030: line (\d+) holds bytes that are neither/],
  [
    "mixed-encodings",
    /^not a CSV in UTF-8 \/ GB18030: the file mixes encodings: line (\d+) is UTF-8 but line (\d+)/,
  ],
  ["file-empty", /^the file is empty \(no header row\)$/],
  ["no-data-rows", /^the file has no data rows$/],
];

const KEY_NAMES: Record<string, string> = {
  "credit code": "统一社会信用代码",
  "certificate number": "执法证号",
};

const ZH_CN: Record<RowReasonCode, (...v: string[]) => string> = {
  required: () => "必填",
  "too-long": (n) => `超过 ${n} 个字符`,
  "item-too-long": (v, n) => `“${v}”超过 ${n} 个字符`,
  "not-division-code": (v) => `“${v}”不是 6 位行政区划代码`,
  "not-risk-class": (v) => `“${v}”不是风险等级 A–D`,
  "not-boolean": (v) => `“${v}”应为 是/否、true/false 或 1/0`,
  "not-count": (v, lo, hi) => `“${v}”不是 ${lo} 至 ${hi} 之间的整数`,
  "not-date": (v) => `“${v}”不是有效日期（YYYY-MM-DD）`,
  "cert-ends-before-start": (until, from) => `执法证有效期截止日（${until}）早于起始日（${from}）`,
  "not-inspector-status": (v) => `“${v}”不是有效状态（在岗、暂停、离职）`,
  "code-empty": () => "统一社会信用代码为空",
  "code-length": (n) => `代码为 ${n} 位；应为 18 位统一社会信用代码、15 位注册号或 9 位组织机构代码`,
  "code-character": (i, c) => `第 ${i} 位“${c}”不是统一社会信用代码允许的字符（0-9、A-Y，不含 I O S V Z）`,
  "code-division": (v) => `第 3–8 位“${v}”应为 6 位行政区划代码`,
  "code-check-character": (want, got) => `校验码应为 ${want}，实为 ${got}`,
  "duplicate-key": (key, v, lines) => `${KEY_NAMES[key] ?? key} ${v} 重复：另见第 ${lines} 行`,
  "nul-character": () => "含有 NUL 字符（0x00），名录字段不能包含，请删除",
  "empty-header": (n) => `第 ${n} 列的表头为空`,
  "unknown-column": (v) => `无法识别的列“${v}”`,
  "missing-column": (v) => `缺少必需的列 ${v}`,
  "field-count": (n, w) => `该行有 ${n} 个字段，表头有 ${w} 列`,
  "not-utf8": (line) => `第 ${line} 行不是有效的 UTF-8 文本`,
  "not-utf8-or-gb18030": (line) => `第 ${line} 行含有既非 UTF-8 也非 GB18030 的字节`,
  "mixed-encodings": (a, b) =>
    `文件混用了编码：第 ${a} 行为 UTF-8，第 ${b} 行为 GBK/GB18030；请整个文件使用同一种编码（建议 UTF-8）`,
  "file-empty": () => "文件为空（没有表头行）",
  "no-data-rows": () => "文件没有数据行",
};

/** The reason's stable code and the values it names, or null for a reason not in the table. */
export function rowReasonCode(reason: string): { code: RowReasonCode; values: string[] } | null {
  for (const [code, pattern] of PATTERNS) {
    const m = pattern.exec(reason);
    if (m) return { code, values: m.slice(1) };
  }
  return null;
}

/** The reason as a person reading `lang` should see it (English: the server's own text). */
export function rowReasonText(reason: string, lang: Lang): string {
  if (lang !== "zh-CN") return reason;
  const known = rowReasonCode(reason);
  return known ? ZH_CN[known.code](...known.values) : reason;
}
