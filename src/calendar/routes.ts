import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { getCalendar, loadCalendar } from "./calendar.js";
import { DEADLINE_WORKING_DAYS, type DeadlineKind, deadlineFor } from "./deadlines.js";

const dayEntry = z.object({ date: z.string(), name: z.string().nullable() });
const calendarYear = z
  .object({
    year: z.number().int(),
    announced: z.boolean(),
    source: z.string().nullable(),
    holidays: z.array(dayEntry),
    makeupWorkdays: z.array(dayEntry),
  })
  .meta({ id: "CalendarYear" });

const deadlineKinds = Object.keys(DEADLINE_WORKING_DAYS) as [DeadlineKind, ...DeadlineKind[]];

export const calendarRoutes = [
  defineRoute({
    method: "get",
    path: "/public/calendar/years/:year",
    operationId: "getCalendarYear",
    summary: "Public holidays and make-up workdays of a year",
    tag: "calendar",
    access: "public",
    params: z.object({ year: z.coerce.number().int().min(1990).max(2200) }),
    responses: {
      200: { description: "The year's official calendar, or announced=false", schema: calendarYear },
    },
    handler: (c, { params }) => c.json(getCalendar().year(params.year)),
  }),
  defineRoute({
    method: "get",
    path: "/public/calendar/deadline",
    operationId: "computeDeadline",
    summary: "Compute a publication deadline in working days",
    tag: "calendar",
    access: "public",
    query: z.object({
      kind: z.enum(deadlineKinds),
      from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    }),
    responses: {
      200: {
        description: "The last day that meets the deadline",
        schema: z.object({
          kind: z.string(),
          from: z.string(),
          workingDays: z.number().int(),
          date: z.string(),
          provisional: z.boolean(),
        }),
      },
    },
    handler: (c, { query }) => {
      const d = deadlineFor(query.kind, query.from);
      return c.json({
        kind: query.kind,
        from: query.from,
        workingDays: DEADLINE_WORKING_DAYS[query.kind],
        ...d,
      });
    },
  }),
  defineRoute({
    method: "post",
    path: "/calendar/reload",
    operationId: "reloadCalendar",
    summary: "Reload the calendar from DATA_DIR/calendar",
    tag: "calendar",
    access: ["admin"],
    adminOnly: true,
    responses: {
      200: {
        description: "Announced years after the reload",
        schema: z.object({ years: z.array(z.object({ year: z.number().int(), source: z.string() })) }),
      },
    },
    handler: (c, { ctx }) => c.json({ years: loadCalendar(ctx.config.DATA_DIR).announcedYears() }),
  }),
];
