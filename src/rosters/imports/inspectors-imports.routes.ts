import { z } from "zod";
import { Invalid } from "../../errors.js";
import { defineRoute } from "../../http/route.js";
import { importErrorRoutes } from "./import-errors.routes.js";
import { createImportJob, getImportJob, importJobView } from "./import-jobs.js";
import { UPLOAD_REFUSED, uploadFormat, XLSX_TYPE } from "./import-source.js";
import { inspectorImportKind } from "./inspectors-import.js";

const KIND = "inspectors";

export const inspectorImportRoutes = [
  defineRoute({
    method: "post",
    path: "/inspectors/imports",
    operationId: "importInspectors",
    summary: "Import the inspector roster from a CSV or XLSX file",
    tag: "inspectors",
    access: ["admin"],
    query: z.object({
      mode: z
        .enum(["upsert", "replace"])
        .default("upsert")
        .describe(
          "upsert adds and updates by certificate number; replace also marks absent inspectors as left",
        ),
      format: z.enum(["csv", "xlsx"]).optional(),
      encoding: z.enum(["auto", "utf-8", "gb18030"]).default("auto"),
    }),
    rawBody: {
      contentTypes: ["text/csv", XLSX_TYPE, "application/octet-stream"],
      description:
        "CSV (UTF-8 or GBK/GB18030, detected) or XLSX with Chinese or English headers (姓名, 职务, 执法证号, " +
        "证件有效期起, 证件有效期止, 执法类型, 片区, 状态). All or nothing: one bad row and nothing is written.",
    },
    responses: {
      202: { description: "The queued import job", schema: importJobView },
      400: { description: UPLOAD_REFUSED },
    },
    handler: async (c, { ctx, query }) => {
      const body = c.req.raw.body;
      if (!body) throw new Invalid("the upload is empty");
      const auth = ctx.auth!;
      const job = await createImportJob({
        database: ctx.database,
        dataDir: ctx.config.DATA_DIR,
        departmentId: auth.departmentId,
        kind: inspectorImportKind({ tokenId: auth.tokenId, role: auth.role }),
        format: uploadFormat(c.req.header("content-type"), query.format),
        mode: query.mode,
        encoding: query.encoding === "auto" ? undefined : query.encoding,
        body,
        createdBy: auth.tokenId,
      });
      return c.json(job, 202, { location: `/inspectors/imports/${job.id}` });
    },
  }),
  defineRoute({
    method: "get",
    path: "/inspectors/imports/:id",
    operationId: "getInspectorImport",
    summary: "Show an inspector import job",
    tag: "inspectors",
    access: ["admin", "auditor"],
    params: z.object({ id: z.string().uuid() }),
    responses: {
      200: { description: "State, progress and (when finished) the report", schema: importJobView },
    },
    handler: async (c, { ctx, params }) =>
      c.json(await getImportJob(ctx.db, ctx.auth!.departmentId, params.id, KIND)),
  }),
  ...importErrorRoutes("/inspectors/imports", KIND),
];
