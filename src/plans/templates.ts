/**
 * Plan templates (issue 14): a higher level publishes the items, rounds and rates it expects;
 * the departments below it adopt a template into their own draft plan, which then goes through
 * the very checks of any plan (细则第九条 floors, the adopter's own published checklist items)
 * and is approved by the adopter. Templates come down the tree only: a department sees the ones
 * published by itself and by the departments above it, never a sibling's or a subordinate's.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import { ancestorIds } from "../departments/tree.js";
import { NotFound } from "../errors.js";
import type { PlanFields } from "./plan-input.js";
import { createPlan } from "./plans.js";
import { planTemplateAdoptions, planTemplates } from "./templates.schema.js";

export interface TemplateInput extends PlanFields {
  year: number;
}

type TemplateRow = typeof planTemplates.$inferSelect;

function templateView(row: TemplateRow, publisher: { code: string; name: string }) {
  const content = row.content as PlanFields;
  return {
    id: row.id,
    year: row.year,
    publisher,
    publishedAt: row.publishedAt.toISOString(),
    ...content,
  };
}

export async function publishTemplate(db: Db, departmentId: string, input: TemplateInput) {
  const { year, ...content } = input;
  const [row] = await db
    .insert(planTemplates)
    .values({ departmentId, year, title: content.title, content })
    .returning();
  return getTemplate(db, departmentId, row!.id);
}

/** The departments whose templates `departmentId` may read: itself and those above it. */
async function sources(db: Db, departmentId: string) {
  return [departmentId, ...(await ancestorIds(db, departmentId))];
}

async function withPublishers(db: Db, rows: TemplateRow[]) {
  if (rows.length === 0) return [];
  const pubs = await db
    .select({ id: departments.id, code: departments.code, name: departments.name })
    .from(departments)
    .where(inArray(departments.id, [...new Set(rows.map((r) => r.departmentId))]));
  const by = new Map(pubs.map((p) => [p.id, { code: p.code, name: p.name }]));
  return rows.map((r) => templateView(r, by.get(r.departmentId)!));
}

export async function listTemplates(db: Db, departmentId: string) {
  const rows = await db
    .select()
    .from(planTemplates)
    .where(inArray(planTemplates.departmentId, await sources(db, departmentId)))
    .orderBy(desc(planTemplates.year), desc(planTemplates.publishedAt));
  return withPublishers(db, rows);
}

/**
 * One template the department may read; a template of a sibling or of a department below is
 * 404 like one that does not exist. The publisher also sees who adopted it.
 */
export async function getTemplate(db: Db, departmentId: string, id: string) {
  const [row] = await db
    .select()
    .from(planTemplates)
    .where(
      and(eq(planTemplates.id, id), inArray(planTemplates.departmentId, await sources(db, departmentId))),
    )
    .limit(1);
  if (!row) throw new NotFound(`no plan template ${id} for this department`);
  const [view] = await withPublishers(db, [row]);
  const adoptions =
    row.departmentId === departmentId
      ? await db
          .select({
            code: departments.code,
            name: departments.name,
            adoptedAt: planTemplateAdoptions.adoptedAt,
          })
          .from(planTemplateAdoptions)
          .innerJoin(departments, eq(departments.id, planTemplateAdoptions.departmentId))
          .where(eq(planTemplateAdoptions.templateId, id))
          .orderBy(departments.code)
      : [];
  return { ...view!, adoptions: adoptions.map((a) => ({ ...a, adoptedAt: a.adoptedAt.toISOString() })) };
}

/**
 * Adopts a template into the department's draft plan for the template's year: the plan is
 * created from the template's content (409 when the year already has a plan; 422 when an item
 * is not in the adopter's published checklist or a figure breaks the floors).
 */
export async function adoptTemplate(db: Db, departmentId: string, id: string) {
  return db.transaction(async (tx) => {
    const template = await getTemplate(tx, departmentId, id);
    const { year, publisher: _p, publishedAt: _t, id: _id, adoptions: _a, ...fields } = template;
    const plan = await createPlan(tx, departmentId, year, fields as PlanFields);
    await tx.insert(planTemplateAdoptions).values({ templateId: id, departmentId, planId: plan.id });
    return plan;
  });
}
