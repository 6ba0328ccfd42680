/**
 * Preflight routes: whether creating or committing a round would be refused, and why, before
 * anyone acts (readiness.ts); and a contributor's own status by its credential.
 */
import { z } from "zod";
import { localizeDetail, problemLocale } from "../http/problem-locale.js";
import { defineRoute } from "../http/route.js";
import { contributorStatus } from "./contributor-status.js";
import { FIX_TARGETS, plannedRoundReadiness, READINESS_CODES, roundReadiness } from "./readiness.js";
import { excludedInspectorsSchema, isoDate, roundIdParams, roundSchema } from "./views.js";

const checkSchema = z.object({
  code: z.enum(READINESS_CODES),
  ok: z.boolean(),
  blocking: z.boolean().describe("false: a warning; the step itself is not refused"),
  detail: z
    .string()
    .describe(
      "What was found, or the refusal in the words the step itself would use (in Chinese when Accept-Language prefers zh)",
    ),
  fix: z.enum(FIX_TARGETS).nullable().describe("Where a failed check is fixed"),
});

const readinessSchema = z
  .object({ ready: z.boolean(), checks: z.array(checkSchema) })
  .meta({ id: "RoundReadiness" });

const plannedQuery = z.object({
  planYear: z.coerce.number().int().min(2000).max(2100),
  itemCode: z.string().min(1),
  itemVersion: z.coerce.number().int().positive().optional(),
  contributors: z
    .string()
    .default("")
    .describe("Contributor names, comma-separated (only their number and distinctness matter here)"),
  beaconRound: z.coerce.number().int().positive().optional(),
  teamSize: z.coerce.number().int().min(2).max(20).optional(),
  windowFrom: isoDate.optional(),
  windowUntil: isoDate.optional(),
});

/** The checks' details in the caller's language (Accept-Language, as problems are). */
function localized<R extends { checks: { detail: string }[] }>(readiness: R, acceptLanguage?: string): R {
  const locale = problemLocale(acceptLanguage);
  return {
    ...readiness,
    checks: readiness.checks.map((c) => ({ ...c, detail: localizeDetail(c.detail, locale) })),
  };
}

export const readinessRoutes = [
  defineRoute({
    method: "get",
    path: "/round-readiness",
    operationId: "plannedRoundReadiness",
    summary: "Would a round with these settings be created and committed? Checks before POST /rounds",
    tag: "rounds",
    access: ["admin", "auditor"],
    query: plannedQuery,
    responses: { 200: { description: "Each check commit would apply", schema: readinessSchema } },
    handler: async (c, { ctx, query }) =>
      c.json(
        localized(
          await plannedRoundReadiness(ctx.db, ctx.auth!.departmentId, {
            ...query,
            contributors: query.contributors
              .split(",")
              .map((s) => s.trim())
              .filter((s) => s !== ""),
          }),
          c.req.header("accept-language"),
        ),
      ),
  }),
  defineRoute({
    method: "get",
    path: "/rounds/:id/readiness",
    operationId: "roundReadiness",
    summary: "Would POST /rounds/{id}/commit go through now? And which inspectors the draw will not use",
    tag: "rounds",
    access: ["admin", "auditor"],
    params: roundIdParams,
    responses: {
      200: {
        description:
          "Each check commit applies, and the roster inspectors the draw cannot use with the reasons",
        schema: readinessSchema.extend({
          roundId: z.string().uuid(),
          status: roundSchema.shape.status,
          excludedInspectors: excludedInspectorsSchema,
        }),
      },
    },
    handler: async (c, { ctx, params }) =>
      c.json(
        localized(
          await roundReadiness(ctx.db, ctx.auth!.departmentId, params.id),
          c.req.header("accept-language"),
        ),
      ),
  }),
  defineRoute({
    method: "post",
    path: "/contributions/status",
    operationId: "contributorStatus",
    summary: "An entropy contributor's round and own state, by its one-time credential",
    tag: "contributions",
    access: "public",
    rateLimit: "contribution",
    body: z.object({ credential: z.string() }),
    responses: {
      200: {
        description: "The round (title, department, status, reveal deadline) and this contributor's state",
        schema: z
          .object({
            roundId: z.string().uuid(),
            roundTitle: z.string(),
            departmentName: z.string(),
            name: z.string(),
            roundStatus: roundSchema.shape.status,
            commitment: z.string().nullable(),
            revealed: z.boolean(),
            revealDeadline: z.string(),
            failure: z.object({ code: z.string(), reason: z.string() }).nullable(),
          })
          .meta({ id: "ContributorStatus" }),
      },
      401: { description: "Malformed or unknown contributor credential" },
    },
    handler: async (c, { ctx, body }) => c.json(await contributorStatus(ctx.db, body.credential)),
  }),
];
