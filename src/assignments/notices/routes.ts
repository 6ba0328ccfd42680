/** The 检查通知书 routes: one drawn entity's printable notice, and the round's notices as a ZIP. */
import { z } from "zod";
import { defineRoute } from "../../http/route.js";
import { noticeEntities, noticeRound } from "./notice-data.js";
import { noticeHtml, verifyQrSvg } from "./notice-html.js";
import { noticesZipStream } from "./notices-zip.js";

/** Inline styles and SVG only: nothing is loaded from anywhere, and nothing runs. */
const NOTICE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const integrityError = {
  description:
    "Integrity check failed (problem type …/integrity): a stored drawn row or team differs from the signed proof; nothing is printed",
};

export const inspectionNoticeRoutes = [
  defineRoute({
    method: "get",
    path: "/rounds/:id/notices/:entityId",
    operationId: "getInspectionNotice",
    summary: "The printable notice (检查通知书) to one drawn entity",
    tag: "assignments",
    access: ["admin", "auditor"],
    params: z.object({ id: z.string().uuid(), entityId: z.string().min(1).max(64) }),
    responses: {
      200: {
        description:
          "An A4 print-ready HTML page: the entity, the checklist item with its legal basis, content and method, the current team's names, posts and 执法证号, the window, how to request recusal, and the round's verification link with its QR code",
        contentTypes: ["text/html"],
      },
      404: { description: "No such round in the department, or the entity was not drawn in it" },
      409: { description: "The round is not drawn yet (or failed): there is no notice" },
      500: integrityError,
    },
    handler: async (c, { ctx, params }) => {
      const nr = await noticeRound(ctx.db, ctx.config, ctx.auth!.departmentId, params.id);
      const [entity] = await noticeEntities(ctx.db, nr, [params.entityId]);
      const html = noticeHtml(nr, entity!, await verifyQrSvg(nr.verifyUrl));
      return c.html(html, 200, {
        "content-security-policy": NOTICE_CSP,
        "cache-control": "private, no-cache",
      });
    },
  }),
  defineRoute({
    method: "get",
    path: "/rounds/:id/notices.zip",
    operationId: "downloadInspectionNotices",
    summary: "Every drawn entity's notice (检查通知书) as one ZIP",
    tag: "assignments",
    access: ["admin", "auditor"],
    params: z.object({ id: z.string().uuid() }),
    responses: {
      200: {
        description:
          "A ZIP, streamed: `<creditCode>-<name>.html` per drawn entity (the same page as GET /rounds/{id}/notices/{entityId}) and `index.html` listing them",
        contentTypes: ["application/zip"],
      },
      404: { description: "No such round in the department" },
      409: { description: "The round is not drawn yet (or failed): there is no notice" },
      500: integrityError,
    },
    handler: async (_c, { ctx, params }) => {
      const nr = await noticeRound(ctx.db, ctx.config, ctx.auth!.departmentId, params.id);
      return new Response(noticesZipStream(ctx.db, nr), {
        status: 200,
        headers: {
          "content-type": "application/zip",
          "content-disposition": `attachment; filename="notices-${nr.round.id}.zip"`,
          "cache-control": "private, no-cache",
        },
      });
    },
  }),
];
