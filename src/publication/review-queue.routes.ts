/** GET /publication/findings: the console's review queue (review-queue.ts). */
import { z } from "zod";
import { DECISION_TYPES, RESULT_CODES } from "../findings/result-codes.js";
import { defineRoute } from "../http/route.js";
import { REVIEW_STATES, reviewQueue } from "./review-queue.js";
import { publicationWithholdings, retractionReasonEnum } from "./schema.js";

export const reviewItem = z
  .object({
    id: z.string().uuid(),
    roundId: z.string().uuid(),
    entityId: z.string(),
    entityName: z.string(),
    resultCode: z.enum(RESULT_CODES),
    decisionType: z.enum(DECISION_TYPES),
    involvesMinor: z.boolean(),
    filedAt: z.string(),
    state: z.enum(REVIEW_STATES),
    deadline: z
      .object({ date: z.string(), provisional: z.boolean(), basis: z.string() })
      .nullable()
      .describe("The legal publication deadline; null for a minor's finding (never published)"),
    due: z
      .object({
        state: z.enum(["on-time", "due-soon", "overdue"]),
        today: z.string().describe("Shanghai date the count starts from"),
        workingDaysLeft: z
          .number()
          .int()
          .describe("Working days from today to the deadline (working-day calendar; negative when overdue)"),
      })
      .nullable()
      .describe("Pending findings only"),
    publishedAt: z.string().nullable(),
    takenDownAt: z.string().nullable(),
    withheld: z
      .object({
        reason: z.enum(publicationWithholdings.reason.enumValues),
        note: z.string().nullable().describe("Null when the team flagged a minor and nobody decided"),
        decidedAt: z.string().nullable(),
      })
      .nullable(),
    retraction: z
      .object({ reason: z.enum(retractionReasonEnum.enumValues), retractedAt: z.string().nullable() })
      .nullable(),
  })
  .meta({ id: "FindingReviewItem" });

const n = z.number().int();
const stateCounts = z.object({ pending: n, published: n, retracted: n, withheld: n });

export const reviewQueueRoutes = [
  defineRoute({
    method: "get",
    path: "/publication/findings",
    operationId: "listFindingsForReview",
    summary: "The department's findings by publication state (pending: overdue first)",
    tag: "publication",
    access: ["admin", "auditor"],
    query: z.object({
      state: z.enum(REVIEW_STATES).default("pending"),
      round: z.string().uuid().optional(),
      q: z.string().trim().min(1).max(100).optional().describe("Part of the credit code or entity name"),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      limit: z.coerce.number().int().min(1).max(200).default(20),
    }),
    responses: {
      200: {
        description:
          "One page: pending findings by deadline (overdue first), the others newest decision first; `counts` per state under the same filter",
        schema: z.object({
          items: z.array(reviewItem),
          total: z.number().int(),
          counts: stateCounts,
          overdue: z.number().int().nullable().describe("Overdue pending findings (state pending only)"),
        }),
      },
    },
    handler: async (c, { ctx, query }) =>
      c.json(
        await reviewQueue(
          ctx.db,
          ctx.auth!.departmentId,
          { state: query.state, roundId: query.round, q: query.q, offset: query.offset, limit: query.limit },
          ctx.now(),
        ),
      ),
  }),
];
