/**
 * A department ready for rounds, built through the real domain functions: entities
 * (inserted into the working roster), a frozen revision, inspectors, a published
 * checklist item and an approved plan. Each call makes a fresh department.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { createItem, publishItem } from "../../src/checklist/items.js";
import type { Db } from "../../src/db/types.js";
import { approvePlan, createPlan } from "../../src/plans/plans.js";
import { freezeRoster } from "../../src/rosters/entities/revisions.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { newDepartment } from "../helpers/db.js";

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** A credit-code-shaped id (not checksummed; the draw does not require it). */
export function fakeCode(): string {
  const b = randomBytes(10);
  let s = "91350100";
  for (const x of b) s += ALPHABET[x % ALPHABET.length];
  return s;
}

export interface FixtureOptions {
  entities?: number;
  inspectors?: number;
  rates?: { A: number; B: number; C: number; D: number };
  /** Required qualification of the item; null = any certified inspector. */
  qualification?: string | null;
  plan?: { cooldownDays?: number; maxInspectionsPerEntityPerYear?: number | null };
  /** Runs on the working roster before it is frozen (e.g. to set statuses or inspection dates). */
  beforeFreeze?: (db: Db, departmentId: string, codes: string[]) => Promise<void>;
}

export async function roundFixture(db: Db, o: FixtureOptions = {}) {
  const { department, tokens } = await newDepartment(db);
  const n = o.entities ?? 200;
  const classes = ["A", "B", "C", "D", null];
  const rows = Array.from({ length: n }, (_, i) => ({
    code: fakeCode(),
    risk: classes[i % classes.length] ?? null,
  }));
  await db.execute(sql`
    insert into entities (department_id, credit_code, code_kind, name, legal_representative, address,
                          registration_authority, entity_type, industry, region_code, registration_status, risk_class)
    select ${department.id}, x.code, 'uscc', '测试主体' || x.code, '张三', '福州市鼓楼区', '福州市市场监督管理局',
           '有限责任公司', 'F51', '350102', '存续', x.risk::risk_class
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(code text, risk text)`);
  await o.beforeFreeze?.(
    db,
    department.id,
    rows.map((r) => r.code),
  );
  const revision = await freezeRoster(db, { departmentId: department.id, label: "2026-06" });
  const qualification = o.qualification === undefined ? "食品安全" : o.qualification;
  const actor = { tokenId: null, role: null };
  const inspectors = [];
  for (let i = 0; i < (o.inspectors ?? 6); i++) {
    inspectors.push(
      await createInspector(
        db,
        department.id,
        {
          name: `检查员${i + 1}`,
          certificateNo: `35010020${String(i).padStart(4, "0")}`,
          certValidFrom: "2020-01-01",
          certValidUntil: "2030-12-31",
          qualifications: qualification ? [qualification] : [],
        },
        actor,
      ),
    );
  }
  const itemCode = `ITEM-${randomBytes(3).toString("hex")}`;
  await createItem(db, department.id, {
    code: itemCode,
    inspectingBody: "福州市市场监督管理局",
    name: "食品经营者检查",
    legalBasis: "《中华人民共和国食品安全法》第一百一十条",
    content: "经营条件、进货查验",
    methods: ["on_site"],
    targetDescription: "",
    targetEntityTypes: [],
    targetIndustries: [],
    targetRegionCodes: [],
    requiredQualification: qualification,
    entityCount: null,
    defaultRateBp: null,
    defaultRoundsPerYear: null,
    legalOverride: null,
    notes: "",
  });
  const item = await publishItem(db, department.id, itemCode);
  await createPlan(db, department.id, 2026, {
    title: "2026年度抽查计划",
    roundsPerYear: 2,
    ratesBp: o.rates ?? { A: 300, B: 500, C: 1000, D: 3000 },
    cooldownDays: o.plan?.cooldownDays ?? 0,
    maxInspectionsPerEntityPerYear: o.plan?.maxInspectionsPerEntityPerYear ?? null,
    notes: "",
    items: [{ itemCode, roundsPerYear: null, ratesBp: null }],
  });
  await approvePlan(db, department.id, 2026);
  return { department, tokens, revision, inspectors, item, itemCode, entityIds: rows.map((r) => r.code) };
}
