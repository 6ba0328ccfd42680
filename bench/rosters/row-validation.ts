/**
 * Micro-benchmark: hand-written entity-row validation vs. the equivalent zod 4
 * parse (object build + schema with transforms). Run: npx tsx bench/rosters/row-validation.ts
 * Rows come from the synthetic generator so the mix (legacy codes, blanks,
 * dates) is realistic.
 */
import { z } from "zod";
import { checkCreditCode } from "../../src/rosters/credit-code.js";
import { parseEntityRow, RISK_CLASSES, resolveEntityColumns } from "../../src/rosters/entities/entity-row.js";
import { ENTITY_HEADERS, entityRecords } from "../../src/rosters/synthetic.js";

const N = Number(process.argv[2] ?? 100_000);
const rows: string[][] = [];
for (const r of entityRecords({ count: N, seed: "bench" })) rows.push(r);
const res = resolveEntityColumns(ENTITY_HEADERS);
if (!res.ok) throw new Error("headers");
const map = res.map;

const opt = z
  .string()
  .trim()
  .transform((s) => (s === "" ? null : s));
const zodRow = z.object({
  credit_code: z.string().transform((s, ctx) => {
    const r = checkCreditCode(s);
    if (r.kind === "invalid") {
      ctx.addIssue({ code: "custom", message: r.reason });
      return z.NEVER;
    }
    return r;
  }),
  name: z.string().trim().min(1).max(200),
  legal_representative: z.string().trim().min(1).max(100),
  address: z.string().trim().min(1).max(500),
  registration_authority: z.string().trim().min(1).max(200),
  entity_type: opt,
  industry: opt,
  region_code: z.union([z.literal(""), z.string().regex(/^[1-9]\d{5}$/)]),
  registration_status: opt,
  risk_class: z.union([z.literal(""), z.enum(RISK_CLASSES)]),
  natural_person: z.enum(["是", "否"]).transform((s) => s === "是"),
  complaint_count: z.coerce.number().int().min(0).max(1_000_000),
  last_inspected: z.union([z.literal(""), z.iso.date()]),
});
const keys = Object.keys(map.index) as (keyof typeof map.index)[];

function viaZod(cells: string[]): boolean {
  const o: Record<string, string> = {};
  for (const k of keys) {
    const i = map.index[k];
    o[k] = i < 0 ? "" : (cells[i] ?? "");
  }
  return zodRow.safeParse(o).success;
}

/** Best of `reps` passes: the machine is shared, so the minimum is the least noisy figure. */
function run(label: string, fn: (cells: string[], line: number) => boolean, reps = 5): void {
  for (let i = 0; i < Math.min(rows.length, 20_000); i++) fn(rows[i]!, i + 2); // warm-up
  let best = Number.POSITIVE_INFINITY;
  let ok = 0;
  for (let rep = 0; rep < reps; rep++) {
    const t0 = performance.now();
    ok = 0;
    for (let i = 0; i < rows.length; i++) if (fn(rows[i]!, i + 2)) ok++;
    best = Math.min(best, performance.now() - t0);
  }
  const rate = Math.round((rows.length / best) * 1000);
  console.log(
    `${label.padEnd(14)} ${rows.length} rows  best ${best.toFixed(0)} ms  ${rate} rows/s  (${ok} ok)`,
  );
}

run("hand-written", (c, l) => parseEntityRow(c, map, l).ok);
run("zod 4", (c) => viaZod(c));
