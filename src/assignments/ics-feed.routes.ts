/** Calendar-feed routes: an inspector's secret ICS URL, and the public feed behind it. */
import { z } from "zod";
import { Forbidden } from "../errors.js";
import { cachedResponse } from "../http/cache.js";
import { defineRoute } from "../http/route.js";
import {
  createCalendarFeed,
  type FeedOwner,
  feedPath,
  liveCalendarFeed,
  resolveCalendarFeed,
  revokeCalendarFeed,
} from "./ics-feed.js";
import { renderFeed } from "./ics-render.js";
import { myAssignmentsWithChanges } from "./my-assignments.js";

function ownerOf(auth: { departmentId: string; inspectorId: string | null }): FeedOwner {
  if (!auth.inspectorId) throw new Forbidden("this credential is not bound to an inspector");
  return { departmentId: auth.departmentId, inspectorId: auth.inspectorId };
}

const FEED_FILE = /^(.+)\.ics$/;

export const calendarFeedRoutes = [
  defineRoute({
    method: "get",
    path: "/me/calendar-feed",
    operationId: "getMyCalendarFeed",
    summary: "Whether the calling inspector has a live calendar feed",
    tag: "assignments",
    access: ["inspector"],
    responses: {
      200: {
        description: "The live feed's creation time, or null (its URL is shown only when created)",
        schema: z.object({ feed: z.object({ createdAt: z.string() }).nullable() }),
      },
    },
    handler: async (c, { ctx }) => c.json({ feed: await liveCalendarFeed(ctx.db, ownerOf(ctx.auth!)) }),
  }),
  defineRoute({
    method: "post",
    path: "/me/calendar-feed",
    operationId: "createMyCalendarFeed",
    summary: "Create a secret calendar (ICS) feed URL; the previous one stops working",
    tag: "assignments",
    access: ["inspector"],
    responses: {
      201: {
        description:
          "The feed URL, shown this once (only the SHA-256 of its secret is stored). Subscribe to it in a calendar app",
        schema: z.object({ url: z.string().url(), createdAt: z.string() }),
      },
    },
    handler: async (c, { ctx }) => {
      const feed = await createCalendarFeed(ctx.db, ownerOf(ctx.auth!));
      const base = ctx.config.PUBLIC_BASE_URL.replace(/\/+$/, "");
      return c.json({ url: `${base}${feedPath(feed.secret)}`, createdAt: feed.createdAt }, 201);
    },
  }),
  defineRoute({
    method: "delete",
    path: "/me/calendar-feed",
    operationId: "revokeMyCalendarFeed",
    summary: "Revoke the calling inspector's calendar feed URL",
    tag: "assignments",
    access: ["inspector"],
    responses: { 204: { description: "No live feed remains (also when there was none)" } },
    handler: async (c, { ctx }) => {
      await revokeCalendarFeed(ctx.db, ownerOf(ctx.auth!));
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/calendar/:feed",
    operationId: "getCalendarFeed",
    summary: "An inspector's assignments as an iCalendar feed (the secret URL is the credential)",
    tag: "public",
    access: "public",
    params: z.object({
      feed: z.string().max(200).describe("`<secret>.ics`, as in the URL `POST /me/calendar-feed` returned"),
    }),
    responses: {
      200: {
        description:
          "One all-day VEVENT per assignment over the inspection window (Asia/Shanghai dates): entity and item in SUMMARY, address in LOCATION, teammates and their 执法证号 in DESCRIPTION; UID per assignment; SEQUENCE and LAST-MODIFIED follow team changes; a recused assignment is STATUS:CANCELLED",
        contentTypes: ["text/calendar"],
      },
      404: { description: "Unknown or revoked feed" },
    },
    handler: async (c, { ctx, params }) => {
      const secret = FEED_FILE.exec(params.feed)?.[1] ?? "";
      // The owner is looked up on every request (a revoked URL must stop at once); the body is
      // cached per feed until the department's data changes.
      const owner = await resolveCalendarFeed(ctx.db, secret);
      return cachedResponse(c, ctx.caches, `ics:${owner.inspectorId}`, async () => ({
        department: owner.departmentId,
        body: renderFeed(await myAssignmentsWithChanges(ctx.db, owner.departmentId, owner.inspectorId), {
          inspectorName: owner.inspectorName,
          publicBaseUrl: ctx.config.PUBLIC_BASE_URL,
        }),
        contentType: "text/calendar; charset=utf-8",
        headers: {
          "cache-control": "private, no-cache",
          "content-disposition": 'inline; filename="sortes-assignments.ics"',
        },
      }));
    },
  }),
];
