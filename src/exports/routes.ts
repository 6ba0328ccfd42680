/**
 * Exports for the national disclosure system and for the department's own records: inspection
 * results as CSV or XLSX, a round's eligible set and drawn list as XLSX. All streamed (see
 * src/http/tabular.ts) and scoped to the caller's department, or with `?department=CODE` to a subordinate
 * one (read-down, src/departments/read-scope.ts): another department's round is 404.
 */
import { z } from "zod";
import { readDownQuery, resolveReadableDepartment } from "../departments/read-scope.js";
import { getRound } from "../draws/rounds.js";
import { roundIdParams } from "../draws/views.js";
import { defineRoute } from "../http/route.js";
import { csvResponse, XLSX_TYPE, xlsxResponse } from "../http/tabular.js";
import { FINDINGS_HEADERS, findingsExportRows } from "./findings-export.js";
import { DRAWN_HEADERS, drawnExportRows, ELIGIBLE_HEADERS, eligibleExportRows } from "./round-lists.js";

const READERS = ["admin", "auditor"] as const;

const findingsQuery = readDownQuery.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional().describe("The rounds' plan year"),
  item: z.string().trim().min(1).max(100).optional().describe("Checklist item code"),
  round: z.string().uuid().optional().describe("One round"),
});

const columns = `Columns, in this order: ${FINDINGS_HEADERS.join(", ")}. 检查结果 is one of the national system's result codes (RULES §8).`;

function findingsTable(
  ctx: { db: Parameters<typeof findingsExportRows>[0] },
  departmentId: string,
  q: z.output<typeof findingsQuery>,
) {
  const suffix = [q.year, q.item, q.round].filter((v) => v !== undefined).join("-");
  return {
    filename: `抽查检查结果${suffix ? `-${suffix}` : ""}`,
    headers: FINDINGS_HEADERS,
    rows: findingsExportRows(ctx.db, departmentId, { year: q.year, item: q.item, roundId: q.round }),
  };
}

export const exportRoutes = [
  defineRoute({
    method: "get",
    path: "/exports/findings.csv",
    operationId: "exportFindingsCsv",
    summary: "Export inspection results as CSV in the national disclosure system's columns",
    tag: "exports",
    access: READERS,
    query: findingsQuery,
    responses: {
      200: {
        description: `Streamed UTF-8 CSV with a byte-order mark (for Excel), CRLF line ends. ${columns}`,
        contentTypes: ["text/csv"],
      },
    },
    handler: async (_c, { ctx, query }) => {
      const departmentId = await resolveReadableDepartment(ctx.db, ctx.auth!, query.department);
      return csvResponse(findingsTable(ctx, departmentId, query));
    },
  }),
  defineRoute({
    method: "get",
    path: "/exports/findings.xlsx",
    operationId: "exportFindingsXlsx",
    summary: "Export inspection results as XLSX in the national disclosure system's columns",
    tag: "exports",
    access: READERS,
    query: findingsQuery,
    responses: {
      200: {
        description: `Streamed workbook (more than 1 048 575 rows continue on a second sheet). ${columns}`,
        contentTypes: [XLSX_TYPE],
      },
    },
    handler: async (_c, { ctx, query }) => {
      const departmentId = await resolveReadableDepartment(ctx.db, ctx.auth!, query.department);
      return xlsxResponse({ ...findingsTable(ctx, departmentId, query), sheetName: "抽查检查结果" });
    },
  }),
  defineRoute({
    method: "get",
    path: "/exports/rounds/:id/eligible.xlsx",
    operationId: "exportEligibleXlsx",
    summary: "Export a round's eligible set as XLSX",
    tag: "exports",
    access: READERS,
    params: roundIdParams,
    query: readDownQuery,
    responses: {
      200: {
        description: `Streamed workbook, in the committed (leaf) order. Columns: ${ELIGIBLE_HEADERS.join(", ")}`,
        contentTypes: [XLSX_TYPE],
      },
      404: { description: "No such round in the caller's department" },
    },
    handler: async (_c, { ctx, params, query }) => {
      const departmentId = await resolveReadableDepartment(ctx.db, ctx.auth!, query.department);
      const round = await getRound(ctx.db, departmentId, params.id);
      return xlsxResponse({
        filename: `抽取范围-${round.id}`,
        sheetName: "抽取范围",
        headers: ELIGIBLE_HEADERS,
        rows: eligibleExportRows(ctx.db, round),
      });
    },
  }),
  defineRoute({
    method: "get",
    path: "/exports/rounds/:id/drawn.xlsx",
    operationId: "exportDrawnXlsx",
    summary: "Export a round's drawn list with the current teams as XLSX",
    tag: "exports",
    access: READERS,
    params: roundIdParams,
    query: readDownQuery,
    responses: {
      200: {
        description: `Streamed workbook, by stratum and rank (1-based). Columns: ${DRAWN_HEADERS.join(", ")}`,
        contentTypes: [XLSX_TYPE],
      },
      404: { description: "No such round in the caller's department" },
    },
    handler: async (_c, { ctx, params, query }) => {
      const departmentId = await resolveReadableDepartment(ctx.db, ctx.auth!, query.department);
      const round = await getRound(ctx.db, departmentId, params.id);
      return xlsxResponse({
        filename: `抽查名单-${round.id}`,
        sheetName: "抽查名单",
        headers: DRAWN_HEADERS,
        rows: drawnExportRows(ctx.db, round),
      });
    },
  }),
];
