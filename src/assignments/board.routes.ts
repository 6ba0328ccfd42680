/**
 * The team board of a round and its exports. In a joint round each department (lead or member)
 * reads its own inspectors' rows only (board.ts).
 */
import { z } from "zod";
import { getRoundForParticipant } from "../draws/joint.js";
import { roundIdParams } from "../draws/views.js";
import { defineRoute } from "../http/route.js";
import { boardCsv, boardXlsx, teamBoard } from "./board.js";
import { boardRowSchema } from "./board-schemas.js";

/** Team board pages: a default that keeps a 300 000-team round from answering in one response. */
const BOARD_DEFAULT_LIMIT = 1000;
const BOARD_MAX_LIMIT = 10_000;

export const boardRoutes = [
  defineRoute({
    method: "get",
    path: "/rounds/:id/board",
    operationId: "getTeamBoard",
    summary: "Team board of a round",
    tag: "assignments",
    access: ["admin", "auditor"],
    params: roundIdParams,
    query: z.object({
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(BOARD_MAX_LIMIT)
        .default(BOARD_DEFAULT_LIMIT)
        .describe("Rows per page (each assignment is a row: a team of two is two rows)"),
      cursor: z.string().max(2000).optional().describe("`nextCursor` of the previous page"),
    }),
    responses: {
      200: {
        description: "One page of assignments, in draw order then slot; `nextCursor` null on the last page",
        schema: z.object({ items: z.array(boardRowSchema), nextCursor: z.string().nullable() }),
      },
    },
    handler: async (c, { ctx, params, query }) =>
      c.json(await teamBoard(ctx.db, ctx.auth!.departmentId, params.id, query)),
  }),
  defineRoute({
    method: "get",
    path: "/rounds/:id/assignments.csv",
    operationId: "exportAssignmentsCsv",
    summary: "Export a round's assignments as CSV (Chinese headers)",
    tag: "assignments",
    access: ["admin", "auditor"],
    params: roundIdParams,
    responses: { 200: { description: "UTF-8 CSV with BOM", contentTypes: ["text/csv"] } },
    handler: async (c, { ctx, params }) => {
      const { items: rows } = await teamBoard(ctx.db, ctx.auth!.departmentId, params.id);
      return c.body(boardCsv(rows), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="assignments-${params.id}.csv"`,
      });
    },
  }),
  defineRoute({
    method: "get",
    path: "/rounds/:id/assignments.xlsx",
    operationId: "exportAssignmentsXlsx",
    summary: "Export a round's assignments as XLSX (Chinese headers)",
    tag: "assignments",
    access: ["admin", "auditor"],
    params: roundIdParams,
    responses: {
      200: {
        description: "Workbook",
        contentTypes: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      },
    },
    handler: async (c, { ctx, params }) => {
      const round = await getRoundForParticipant(ctx.db, ctx.auth!.departmentId, params.id);
      const { items: rows } = await teamBoard(ctx.db, ctx.auth!.departmentId, params.id);
      const buf = await boardXlsx(rows, round.title);
      return c.body(buf as unknown as ArrayBuffer, 200, {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="assignments-${params.id}.xlsx"`,
      });
    },
  }),
];
