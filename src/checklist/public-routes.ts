import { z } from "zod";
import { departmentByCode } from "../departments/departments.js";
import { defineRoute } from "../http/route.js";
import { itemCode } from "./item-input.js";
import { currentOnly, listItemVersions, selectVersions } from "./item-queries.js";
import { itemVersionSchema } from "./item-view.js";

export const publicDepartmentSchema = z
  .object({ code: z.string(), name: z.string() })
  .meta({ id: "PublicDepartment" });

const tag = "public";

/** 事前公开: the published checklist, readable by anyone. Drafts never appear here. */
export const publicChecklistRoutes = [
  defineRoute({
    method: "get",
    path: "/public/departments/:code/checklist",
    operationId: "publicChecklist",
    summary: "The department's published inspection-item checklist (随机抽查事项清单)",
    tag,
    access: "public",
    params: z.object({ code: z.string().min(1).max(100) }),
    query: z.object({
      all: z
        .stringbool()
        .default(false)
        .describe("true: every published version (history), not only the current ones"),
    }),
    responses: {
      200: {
        description: "Published item versions, by code then version",
        schema: z.object({ department: publicDepartmentSchema, items: z.array(itemVersionSchema) }),
      },
    },
    handler: async (c, { ctx, params, query }) => {
      const dept = await departmentByCode(ctx.db, params.code);
      const versions = await selectVersions(ctx.db, dept.id, { publishedOnly: true });
      return c.json({
        department: { code: dept.code, name: dept.name },
        items: query.all ? versions : currentOnly(versions),
      });
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/departments/:code/checklist/:itemCode",
    operationId: "publicChecklistItem",
    summary: "One published checklist item with its version history",
    tag,
    access: "public",
    params: z.object({ code: z.string().min(1).max(100), itemCode }),
    responses: {
      200: {
        description: "The current published version and every published version, oldest first",
        schema: z.object({ current: itemVersionSchema, versions: z.array(itemVersionSchema) }),
      },
    },
    handler: async (c, { ctx, params }) => {
      const dept = await departmentByCode(ctx.db, params.code);
      const versions = await listItemVersions(ctx.db, dept.id, params.itemCode, { includeDrafts: false });
      return c.json({ current: versions.at(-1)!, versions });
    },
  }),
];
