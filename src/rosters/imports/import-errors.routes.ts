import { z } from "zod";
import { defineRoute } from "../../http/route.js";
import { importErrorsCsv, importErrorsPage, importErrorsQuery, listImportErrors } from "./import-errors.js";

const READERS = ["admin", "auditor"] as const;

/** The refused rows of an import job: a server-paged list and the CSV error file. */
export function importErrorRoutes(prefix: "/entities/imports" | "/inspectors/imports", kind: string) {
  const name = kind === "entities" ? "Entity" : "Inspector";
  const params = z.object({ id: z.string().uuid() });
  return [
    defineRoute({
      method: "get",
      path: `${prefix}/:id/errors`,
      operationId: `list${name}ImportErrors`,
      summary: `The refused rows of a ${kind} import, by line, one page at a time`,
      tag: kind,
      access: READERS,
      params,
      query: importErrorsQuery,
      responses: {
        200: { description: "One page of refused rows (line, column, reason)", schema: importErrorsPage },
      },
      handler: async (c, { ctx, params, query }) =>
        c.json(await listImportErrors(ctx.db, ctx.auth!.departmentId, params.id, kind, query)),
    }),
    defineRoute({
      method: "get",
      path: `${prefix}/:id/errors.csv`,
      operationId: `download${name}ImportErrors`,
      summary: `The refused rows of a ${kind} import as a CSV error file`,
      tag: kind,
      access: READERS,
      params,
      responses: {
        200: {
          description:
            "UTF-8 CSV with a byte-order mark (for Excel), CRLF line ends; columns 行号,列,原因, by line",
          contentTypes: ["text/csv"],
        },
      },
      handler: async (_c, { ctx, params }) =>
        importErrorsCsv(ctx.db, ctx.auth!.departmentId, params.id, kind),
    }),
  ];
}
