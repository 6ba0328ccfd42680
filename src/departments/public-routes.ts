/**
 * The department tree for the public (the portal's region picker): a member of the public picks
 * a province, then a city, then a county — nobody needs to know a department code. Codes, names
 * and region codes only; internal ids stay internal.
 */
import { asc, eq, ilike, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/types.js";
import { defineRoute } from "../http/route.js";
import { departmentByCode, getDepartment } from "./departments.js";
import { LEVELS, levelOf } from "./region.js";
import { departments } from "./schema.js";

/** Top-level departments listed at most (a national tree has 31 provinces). */
const MAX_LISTED = 1000;

type Row = typeof departments.$inferSelect;

const publicNode = (r: Row) => ({
  code: r.code,
  name: r.name,
  regionCode: r.regionCode,
  level: levelOf(r.regionCode),
});

const nodeSchema = z
  .object({ code: z.string(), name: z.string(), regionCode: z.string(), level: z.enum(LEVELS) })
  .meta({ id: "PublicDepartmentNode" });

export async function topLevelDepartments(db: Db) {
  const rows = await db
    .select()
    .from(departments)
    .where(isNull(departments.parentId))
    .orderBy(asc(departments.regionCode), asc(departments.code))
    .limit(MAX_LISTED);
  return rows.map(publicNode);
}

/** Departments found by searching: listed at most (the picker asks for more letters). */
const MAX_FOUND = 50;

/** `%` and `_` are literal in the search text. */
const likeText = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Departments anywhere in the tree whose name or code contains `q` (case-insensitive). */
export async function searchDepartments(db: Db, q: string) {
  const rows = await db
    .select()
    .from(departments)
    .where(or(ilike(departments.name, likeText(q)), ilike(departments.code, likeText(q))))
    .orderBy(asc(departments.regionCode), asc(departments.code))
    .limit(MAX_FOUND);
  return rows.map(publicNode);
}

/** A department with the chain above it (top first) and the departments directly below it. */
export async function publicDepartmentNode(db: Db, code: string) {
  const dept = await departmentByCode(db, code);
  const ancestors: Row[] = [];
  for (let at = dept.parentId; at; ) {
    const parent = await getDepartment(db, at);
    ancestors.unshift(parent);
    at = parent.parentId;
  }
  const children = await db
    .select()
    .from(departments)
    .where(eq(departments.parentId, dept.id))
    .orderBy(asc(departments.regionCode), asc(departments.code));
  return { ...publicNode(dept), ancestors: ancestors.map(publicNode), children: children.map(publicNode) };
}

export const publicDepartmentRoutes = [
  defineRoute({
    method: "get",
    path: "/public/departments",
    operationId: "publicTopLevelDepartments",
    summary:
      "Top-level departments by region code: where the region picker starts; with `q`, departments anywhere in the tree by name or code",
    tag: "public",
    access: "public",
    query: z.object({
      q: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe(`Search text: departments whose name or code contains it (at most ${MAX_FOUND})`),
    }),
    responses: {
      200: {
        description: "Departments without a parent, or those found by `q`",
        schema: z.object({ items: z.array(nodeSchema) }),
      },
    },
    handler: async (c, { ctx, query }) =>
      c.json({
        items: query.q ? await searchDepartments(ctx.db, query.q) : await topLevelDepartments(ctx.db),
      }),
  }),
  defineRoute({
    method: "get",
    path: "/public/departments/:code",
    operationId: "publicDepartment",
    summary: "A department with the departments above it and directly below it",
    tag: "public",
    access: "public",
    params: z.object({ code: z.string().min(1).max(100) }),
    responses: {
      200: {
        description: "The department in the tree",
        schema: nodeSchema.extend({ ancestors: z.array(nodeSchema), children: z.array(nodeSchema) }),
      },
    },
    handler: async (c, { ctx, params }) => c.json(await publicDepartmentNode(ctx.db, params.code)),
  }),
];
