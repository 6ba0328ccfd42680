import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { getDepartment } from "./departments.js";
import { publicDepartmentRoutes } from "./public-routes.js";
import { LEVELS } from "./region.js";
import { createSubordinate, departmentView, listSubtree } from "./tree.js";

const department = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    name: z.string(),
    regionCode: z.string(),
    parentId: z.string().uuid().nullable(),
    level: z.enum(LEVELS),
    createdAt: z.string(),
  })
  .meta({ id: "Department" });

const createBody = z.object({
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  regionCode: z.string().regex(/^\d{6}$/, "an administrative region code is 6 digits, e.g. 350102"),
  admin: z
    .object({ login: z.string().min(1), displayName: z.string().min(1) })
    .optional()
    .describe("Creates the new department's first admin account with a one-time password"),
});

const created = department
  .extend({
    admin: z
      .object({ login: z.string(), oneTimePassword: z.string() })
      .optional()
      .describe("Shown once: the new admin account's one-time password"),
  })
  .meta({ id: "CreatedDepartment" });

export const departmentRoutes = [
  defineRoute({
    method: "get",
    path: "/department",
    operationId: "getOwnDepartment",
    summary: "Get the caller's department",
    tag: "departments",
    access: ["admin", "inspector", "auditor"],
    responses: { 200: { description: "The department", schema: department } },
    handler: async (c, { ctx }) =>
      c.json(departmentView(await getDepartment(ctx.db, ctx.auth!.departmentId))),
  }),
  defineRoute({
    method: "get",
    path: "/departments",
    operationId: "listDepartments",
    summary: "The caller's department and every department below it (province → city → county)",
    tag: "departments",
    access: ["admin", "auditor"],
    responses: {
      200: { description: "The subtree, by region code", schema: z.object({ items: z.array(department) }) },
    },
    handler: async (c, { ctx }) => c.json({ items: await listSubtree(ctx.db, ctx.auth!.departmentId) }),
  }),
  defineRoute({
    method: "post",
    path: "/departments",
    operationId: "createSubordinateDepartment",
    summary: "Create a department directly below the caller's (its region code must lie under the caller's)",
    tag: "departments",
    access: ["admin"],
    adminOnly: true,
    body: createBody,
    responses: {
      201: { description: "The new department", schema: created },
      400: { description: "The region code does not lie under the caller's department's" },
      409: { description: "The code (or the admin login) is taken" },
    },
    handler: async (c, { ctx, body }) =>
      c.json(await createSubordinate(ctx.db, ctx.auth!.departmentId, body), 201),
  }),
  ...publicDepartmentRoutes,
];
