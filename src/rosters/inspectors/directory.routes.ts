/** Public 执法人员名录 and certificate check (src/rosters/inspectors/directory.ts). */
import { z } from "zod";
import { shanghaiDate } from "../../calendar/dates.js";
import { departmentByIdOrCode } from "../../departments/departments.js";
import { cachedResponse } from "../../http/cache.js";
import { defineRoute } from "../../http/route.js";
import { checkCertificate, inspectorDirectory, normaliseCertificateNo } from "./directory.js";

const departmentParam = z.string().min(1).max(100).describe("Department id (uuid) or code");
const publicDepartment = z.object({ code: z.string(), name: z.string() });

const directoryEntry = z
  .object({
    name: z.string(),
    post: z.string().nullable(),
    certificateNo: z.string().describe("执法证号"),
    enforcementTypes: z.array(z.string()).describe("Enforcement types / matters the inspector may inspect"),
    validUntil: z.string().describe("Last day the certificate is valid"),
  })
  .strict()
  .meta({ id: "DirectoryInspector" });

const certificateCheck = z
  .object({
    valid: z.boolean().describe("True only for an active inspector whose certificate is valid today"),
    name: z.string(),
    department: publicDepartment,
    status: z.enum(["valid", "expired", "not-yet-valid", "suspended", "left"]),
    validUntil: z.string(),
  })
  .meta({ id: "CertificateCheck" });

// Answers are cached until the department's data changes (any roster write announces it);
// the key holds today's Shanghai date because a certificate expires at midnight, not by a write.
const publicCache = { "cache-control": "public, no-cache" };

export const directoryRoutes = [
  defineRoute({
    method: "get",
    path: "/public/inspectors",
    operationId: "publicInspectorDirectory",
    summary: "The department's public inspector directory (执法人员名录): certified, active inspectors",
    tag: "public",
    access: "public",
    query: z.object({
      department: departmentParam,
      q: z.string().max(100).optional().describe("Part of a name, or the start of a certificate number"),
      page: z.coerce.number().int().min(1).max(100_000).default(1),
    }),
    responses: {
      200: {
        description:
          "One page by certificate number: name, post, certificate number, enforcement types and validity — nothing more",
        schema: z.object({
          department: publicDepartment,
          items: z.array(directoryEntry),
          total: z.number().int(),
          page: z.number().int(),
          pageSize: z.number().int(),
        }),
      },
      404: { description: "Unknown department" },
    },
    handler: async (c, { ctx, query }) => {
      const dept = await departmentByIdOrCode(ctx.db, query.department);
      const today = shanghaiDate(new Date());
      const q = query.q?.trim() ?? "";
      return cachedResponse(c, ctx.caches, `directory:${dept.id}:${today}:${query.page}:${q}`, async () => ({
        department: dept.id,
        body: JSON.stringify({
          department: { code: dept.code, name: dept.name },
          ...(await inspectorDirectory(ctx.db, dept.id, { q, page: query.page, today })),
        }),
        headers: publicCache,
      }));
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/inspectors/certificates/:certificateNo",
    operationId: "publicCertificateCheck",
    summary: "Check an inspector's certificate number (执法证号) at the door",
    tag: "public",
    access: "public",
    params: z.object({ certificateNo: z.string().min(1).max(100) }),
    query: z.object({ department: departmentParam }),
    responses: {
      200: {
        description: "The holder's name and whether the certificate is valid today",
        schema: certificateCheck,
      },
      404: { description: "No inspector of this department holds this number (or unknown department)" },
    },
    handler: async (c, { ctx, params, query }) => {
      const dept = await departmentByIdOrCode(ctx.db, query.department);
      const today = shanghaiDate(new Date());
      const certificateNo = normaliseCertificateNo(params.certificateNo);
      return cachedResponse(c, ctx.caches, `certificate:${dept.id}:${today}:${certificateNo}`, async () => {
        const check = await checkCertificate(ctx.db, dept.id, certificateNo, today);
        return {
          department: dept.id,
          body: JSON.stringify({ ...check, department: { code: dept.code, name: dept.name } }),
          headers: publicCache,
        };
      });
    },
  }),
];
