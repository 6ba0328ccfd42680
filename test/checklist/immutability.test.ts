import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { withdrawItem } from "../../src/checklist/items.js";
import { loadSeedItems } from "../../src/checklist/seed-items.js";
import { approvePlan, createPlan } from "../../src/plans/plans.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

/** The database error behind drizzle's "Failed query" wrapper, or "accepted". */
async function refusal(query: Promise<unknown>): Promise<string> {
  return query.then(
    () => "accepted",
    (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
  );
}

/** The database itself refuses to change published versions and approved plans (migration 0009). */
describeEachDriver("published records are immutable in the database", (get) => {
  it("refuses updates and deletes of a published checklist version but not of a draft", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const [published] = await loadSeedItems(db, department.id, { codes: ["SFJ-001"] });
    const [draft] = await loadSeedItems(db, department.id, { codes: ["SFJ-003"], publish: false });
    expect(
      await refusal(
        db.execute(sql`update checklist_item_versions set legal_basis = '篡改' where id = ${published!.id}`),
      ),
    ).toContain("immutable");
    expect(
      await refusal(db.execute(sql`delete from checklist_item_versions where id = ${published!.id}`)),
    ).toContain("immutable");
    await db.execute(sql`update checklist_item_versions set notes = '草稿可改' where id = ${draft!.id}`);
    const rows = await db.execute(
      sql`select legal_basis from checklist_item_versions where id = ${published!.id}`,
    );
    expect(JSON.stringify(rows)).toContain("第五十二条");
  });

  it("keeps an item's code and makes withdrawal one-way", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const [item] = await loadSeedItems(db, department.id, { codes: ["SFJ-002"] });
    const rename = sql`update checklist_items set code = 'SFJ-999' where id = ${item!.itemId}`;
    expect(await refusal(db.execute(rename))).toContain("keeps its code");
    await withdrawItem(db, department.id, "SFJ-002", "职能调整");
    const undo = sql`update checklist_items set withdrawn_at = null, withdrawal_reason = null where id = ${item!.itemId}`;
    expect(await refusal(db.execute(undo))).toContain("withdrawn and immutable");
  });

  it("refuses changes to an approved plan and its items", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const [lawyers] = await loadSeedItems(db, department.id, { codes: ["SFJ-001", "SFJ-004"] });
    const fields = {
      title: "",
      roundsPerYear: 2,
      ratesBp: { A: 300, B: 300, C: 300, D: 300 },
      cooldownDays: 0,
      maxInspectionsPerEntityPerYear: null,
      notes: "",
      items: [{ itemCode: "SFJ-004", roundsPerYear: null, ratesBp: null }],
    };
    await createPlan(db, department.id, 2029, fields);
    const plan = await approvePlan(db, department.id, 2029);
    const immutable = "approved and immutable";
    expect(await refusal(db.execute(sql`update plans set rate_a_bp = 100 where id = ${plan.id}`))).toContain(
      immutable,
    );
    expect(await refusal(db.execute(sql`delete from plans where id = ${plan.id}`))).toContain(immutable);
    const setNull = sql`update plan_items set rate_a_bp = null where plan_id = ${plan.id}`;
    expect(await refusal(db.execute(setNull))).toContain(immutable);
    expect(await refusal(db.execute(sql`delete from plan_items where plan_id = ${plan.id}`))).toContain(
      immutable,
    );
    // SFJ-001 is not in the plan, so only the trigger stands in the way of adding it.
    const add = sql`insert into plan_items (department_id, plan_id, item_id, item_version_id, position)
      values (${department.id}, ${plan.id}, ${lawyers!.itemId}, ${lawyers!.id}, 1)`;
    expect(await refusal(db.execute(add))).toContain(immutable);
  });
});
