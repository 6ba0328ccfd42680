/**
 * Deterministic synthetic rosters for tests, benchmarks and `npm run gen`.
 *
 * Same options → same records → same bytes. seedrandom's alea is used (fast,
 * seedable); this data is test input, not part of any verifiable draw.
 * Entities and inspectors use independent streams so changing one count never
 * changes the other file. Identifiers come from a bijection of the row index,
 * so credit codes and certificate numbers never repeat within a file.
 */
import seedrandom from "seedrandom";
import {
  computeCheckChar,
  computeOrgCodeCheck,
  computeRegistrationCheckDigit,
  USCC_ALPHABET,
} from "./credit-code.js";
import {
  DISTRICT_AREAS,
  DISTRICTS,
  ENFORCEMENT_TYPES,
  ENTITY_TYPES,
  GIVEN_CHARS,
  INDUSTRIES,
  INSPECTOR_STATUSES,
  POSTS,
  REGISTRATION_STATUSES,
  RISK_WEIGHTS,
  ROADS,
  SURNAMES,
  TRADE_CHARS,
} from "./synthetic-data.js";

export const ENTITY_HEADERS: readonly string[] = [
  "统一社会信用代码",
  "名称",
  "法定代表人",
  "住所",
  "登记机关",
  "主体类型",
  "行业",
  "行政区划",
  "登记状态",
  "风险等级",
  "是否自然人",
  "投诉次数",
  "最近检查日期",
];
export const INSPECTOR_HEADERS: readonly string[] = [
  "姓名",
  "职务",
  "执法证号",
  "证件有效期起",
  "证件有效期止",
  "执法类型",
  "片区",
  "状态",
];

export interface SyntheticOptions {
  count: number;
  seed: string;
  /**
   * File line (header = line 1) at which to put one invalid row. Any earlier
   * record that would span that line is written on one line instead, so the
   * bad record starts exactly there.
   */
  badRowLine?: number;
}

type Rng = () => number;

function weighted<T extends { weight: number }>(items: readonly T[]): (rng: Rng) => T {
  const cum: number[] = [];
  let total = 0;
  for (const it of items) {
    total += it.weight;
    cum.push(total);
  }
  return (rng) => {
    const x = rng() * total;
    let i = 0;
    while (cum[i]! <= x) i++;
    return items[i]!;
  };
}

const pickDistrict = weighted(DISTRICTS);
const pickType = weighted(ENTITY_TYPES);
const pickIndustry = weighted(INDUSTRIES);
const pickStatus = weighted(REGISTRATION_STATUSES);
const pickRisk = weighted(RISK_WEIGHTS);
const pickPost = weighted(POSTS);
const pickInspectorStatus = weighted(INSPECTOR_STATUSES);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const pickChar = (rng: Rng, s: string): string => s.charAt(Math.floor(rng() * s.length));

function personName(rng: Rng): string {
  // Squared uniform skews towards the frequent surnames at the front of the list.
  const r = rng();
  const surname = SURNAMES[Math.floor(r * r * SURNAMES.length)]!;
  const given = pickChar(rng, GIVEN_CHARS);
  return rng() < 0.7 ? surname + given + pickChar(rng, GIVEN_CHARS) : surname + given;
}

/** Invertible scramble of the row index (a ≢ 0 mod 31 and odd) → unique but unordered ids. */
const scramble = (i: number, m: number): number => (i * 48_271 + 123_456_789) % m;

function base31(n: number, width: number): string {
  let s = "";
  for (let k = 0; k < width; k++, n = Math.floor(n / 31)) s = USCC_ALPHABET.charAt(n % 31) + s;
  return s;
}

/** 9-char organization code part of a USCC, unique per index. */
function orgCode(i: number, modern: boolean): string {
  // New registrations: "MA" + 6 base-31 chars; converted older ones: 8 digits.
  const body = modern
    ? `MA${base31(scramble(i, 887_503_681), 6)}` // 31^6
    : String(scramble(i, 100_000_000)).padStart(8, "0");
  const check = computeOrgCodeCheck(body);
  // Code parts whose GB 11714 check is X are valid in a USCC too.
  return body + check;
}

// ISO dates for 2018–2032 by day number, built once: toISOString per row was the
// generator's largest cost.
const FIRST_DAY = Date.UTC(2018, 0, 1) / 86_400_000;
const ISO_DAYS: string[] = [];
for (let d = FIRST_DAY; d < Date.UTC(2033, 0, 1) / 86_400_000; d++) {
  ISO_DAYS.push(new Date(d * 86_400_000).toISOString().slice(0, 10));
}
const isoDay = (dayNumber: number): string => ISO_DAYS[dayNumber - FIRST_DAY]!;
const DAY_2019 = Date.UTC(2019, 0, 1) / 86_400_000;
const DAY_2025_06_30 = Date.UTC(2025, 5, 30) / 86_400_000;

function address(rng: Rng, d: (typeof DISTRICTS)[number]): string {
  let a = `${d.province === d.city ? "" : d.province}${d.city}${d.district}${pick(rng, ROADS)}${1 + Math.floor(rng() * 300)}号`;
  const x = rng();
  if (x < 0.25) a += `${1 + Math.floor(rng() * 20)}层`;
  else if (x < 0.4) a += `${1 + Math.floor(rng() * 12)}栋${101 + Math.floor(rng() * 20)}室`;
  else if (x < 0.45)
    a += `,${1 + Math.floor(rng() * 5)}层${1 + Math.floor(rng() * 30)}号铺`; // ASCII comma → quoted
  else if (x < 0.452)
    a += '"阳光"商业广场'; // embedded quotes
  else if (x < 0.455) a += "\n（临街店面）"; // quoted newline
  return a;
}

/**
 * An invalid 18-char code: the right body with an 'I' (outside the GB 32100 alphabet) as its
 * check character. (A merely wrong check character is flagged and kept, not refused: RULES §3.)
 */
function corruptCode(code: string): string {
  return `${(code.length === 18 ? code : `${code}00`).slice(0, 17)}I`;
}

/** Entity records as cells in ENTITY_HEADERS order. */
export function* entityRecords(opts: SyntheticOptions): Generator<string[]> {
  const rng: Rng = seedrandom.alea(`${opts.seed}/entities`);
  let line = 2;
  for (let i = 0; i < opts.count; i++) {
    const d = pickDistrict(rng);
    const type = pickType(rng);
    const industry = pickIndustry(rng);
    const cityLevel = !type.naturalPerson && rng() < 0.15;
    const authorityCode = cityLevel ? d.cityCode : d.code;
    const authority = `${cityLevel ? d.city : d.city + d.district}市场监督管理局`;
    const legal = personName(rng);
    const trade = pickChar(rng, TRADE_CHARS) + pickChar(rng, TRADE_CHARS);
    const cityShort = d.city.slice(0, -1);
    let name: string;
    if (type.naturalPerson) {
      const r = rng();
      name =
        r < 0.1
          ? legal // 个体工商户 without a trade name are listed under the operator's name
          : `${d.district}${r < 0.5 ? `${legal.charAt(0)}记` : trade}${pick(rng, industry.shopWords)}`;
    } else {
      const base = `${cityShort}${trade}${pick(rng, industry.companyWords)}`;
      if (type.label === "股份有限公司（非上市）") name = `${base}股份有限公司`;
      else if (type.label === "有限责任公司分公司") name = `${base}有限公司${d.district.slice(0, -1)}分公司`;
      else if (type.prefix === "93") name = `${cityShort}${d.district}${trade}农民专业合作社`;
      else if (type.label === "普通合伙企业") name = `${base}中心（普通合伙）`;
      else if (type.label === "个人独资企业") name = `${base}商行`;
      else name = `${base}有限公司`;
    }
    let code: string;
    const legacy = rng() < 0.03;
    if (legacy) {
      const first14 = authorityCode + String(scramble(i, 100_000_000)).padStart(8, "0");
      const check = computeRegistrationCheckDigit(first14);
      // A few legacy numbers fail their check (importer flags them, keeps them).
      code = first14 + (rng() < 0.05 ? String((Number(check) + 1) % 10) : check);
    } else {
      const first17 = type.prefix + authorityCode + orgCode(i, rng() < 0.8);
      code = first17 + computeCheckChar(first17);
    }
    const risk = pickRisk(rng);
    let complaints = 0;
    while (complaints < 50 && rng() < risk.complaintRate) complaints++;
    const inspected =
      rng() < 0.35 ? "" : isoDay(DAY_2019 + Math.floor(rng() * (DAY_2025_06_30 - DAY_2019 + 1)));
    const cells = [
      code,
      name,
      legal,
      address(rng, d),
      authority,
      type.label,
      industry.label,
      d.code,
      pickStatus(rng).label,
      risk.label,
      type.naturalPerson ? "是" : "否",
      String(complaints),
      inspected,
    ];
    // Only the address can hold a (single) newline.
    let spans = cells[3]!.includes("\n") ? 1 : 0;
    const bad = opts.badRowLine;
    if (bad !== undefined) {
      if (line === bad) cells[0] = corruptCode(code);
      else if (line < bad && line + spans >= bad) {
        cells[3] = cells[3]!.replaceAll("\n", " ");
        spans = 0;
      }
    }
    line += 1 + spans;
    yield cells;
  }
}

/** Inspector records as cells in INSPECTOR_HEADERS order. */
export function* inspectorRecords(opts: SyntheticOptions): Generator<string[]> {
  const rng: Rng = seedrandom.alea(`${opts.seed}/inspectors`);
  for (let i = 0; i < opts.count; i++) {
    const d = pickDistrict(rng);
    const from = DAY_2019 + Math.floor(rng() * 6 * 365);
    const fromIso = isoDay(from);
    // Certificates run five years (same month and day; Feb 29 → Feb 28).
    const untilYear = Number(fromIso.slice(0, 4)) + 5;
    const md = fromIso.slice(5) === "02-29" ? "02-28" : fromIso.slice(5);
    let until = `${untilYear}-${md}`;
    const nQual = 1 + Math.floor(rng() * 4);
    const quals: string[] = [];
    for (let k = 0; k < nQual; k++) {
      const q = pick(rng, ENFORCEMENT_TYPES);
      if (!quals.includes(q)) quals.push(q);
    }
    const sep = rng() < 0.7 ? "；" : "、";
    const cert = `${d.code}${String(scramble(i, 10_000_000)).padStart(7, "0")}`;
    // Bad row: validity ends before it starts. Inspector files have no quoted newlines, so line = index + 2.
    if (opts.badRowLine === i + 2) until = isoDay(from - 1);
    yield [
      personName(rng),
      pickPost(rng).label,
      cert,
      fromIso,
      until,
      quals.join(sep),
      `${d.district}${pick(rng, DISTRICT_AREAS)}`,
      pickInspectorStatus(rng).label,
    ];
  }
}

const NEEDS_QUOTES = /[",\n\r]/;

/** One CSV record; fields quoted only when they must be (RFC 4180). */
export function csvRecord(cells: readonly string[], eol = "\n"): string {
  let out = "";
  for (let k = 0; k < cells.length; k++) {
    const c = cells[k]!;
    if (k > 0) out += ",";
    out += NEEDS_QUOTES.test(c) ? `"${c.replaceAll('"', '""')}"` : c;
  }
  return out + eol;
}

/** Whole CSV text (header + records) in chunks of `chunkRecords` records. */
export function* csvChunks(
  headers: readonly string[],
  records: Iterable<readonly string[]>,
  chunkRecords = 512,
  eol = "\n",
): Generator<string> {
  // Joining an array is cheaper than growing one string (rope flattening).
  let buf: string[] = [csvRecord(headers, eol)];
  for (const r of records) {
    buf.push(csvRecord(r, eol));
    if (buf.length >= chunkRecords) {
      yield buf.join("");
      buf = [];
    }
  }
  if (buf.length > 0) yield buf.join("");
}
