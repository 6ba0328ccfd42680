import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { getDepartment } from "./departments.js";

const department = z
  .object({
    id: z.string().uuid(),
    code: z.string(),
    name: z.string(),
    regionCode: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: "Department" });

export const departmentRoutes = [
  defineRoute({
    method: "get",
    path: "/department",
    operationId: "getOwnDepartment",
    summary: "Get the caller's department",
    tag: "departments",
    access: ["admin", "inspector", "auditor"],
    responses: { 200: { description: "The department", schema: department } },
    handler: async (c, { ctx }) => c.json(await getDepartment(ctx.db, ctx.auth!.departmentId)),
  }),
];
