/** Admin and contributor routes of rounds (抽查任务). Public reads are in public-routes.ts. */
import { z } from "zod";
import { readDownQuery, resolveReadableDepartment } from "../departments/read-scope.js";
import { CURRENT_ALGORITHM, SUPPORTED_ALGORITHMS } from "../draw-engine/index.js";
import { defineRoute } from "../http/route.js";
import { submitBeacon } from "./beacon.js";
import { commitRound } from "./commit.js";
import { submitCommitment, submitReveal } from "./contributors.js";
import { getRoundForParticipant } from "./joint.js";
import { jointRoundRoutes } from "./joint.routes.js";
import type { ExcludedInspector } from "./pool-exclusions.js";
import { readinessRoutes } from "./readiness-routes.js";
import { createRound, getRound, listRounds, roundView } from "./rounds.js";
import { listTransitions, transition } from "./transitions.js";
import {
  complaintStratumSchema,
  excludedInspectorsSchema,
  isoDate,
  isoTime,
  roundDetailSchema,
  roundIdParams,
  roundSchema,
} from "./views.js";

const createBody = z.object({
  title: z.string().min(1).max(200),
  planYear: z.number().int().min(2000).max(2100),
  itemCode: z.string().min(1),
  itemVersion: z.number().int().positive().optional(),
  teamSize: z.number().int().min(2).max(20),
  windowFrom: isoDate,
  windowUntil: isoDate,
  revealDeadline: isoTime,
  drawAt: isoTime.nullable().optional(),
  contributors: z.array(z.string().min(1).max(100)).max(20),
  beaconRound: z.number().int().positive().nullable().optional(),
  supplementsRoundId: z.string().uuid().nullable().optional(),
  jointDepartments: z
    .array(z.string().min(1).max(100))
    .max(10)
    .optional()
    .describe("Joint round (联合抽查): codes of the departments invited; each joins before the commit"),
  complaintStratum: complaintStratumSchema.nullable().optional(),
});

const actor = (tokenId: string) => `token:${tokenId}`;
const ok = z.object({}).passthrough();

export const drawRoutes = [
  defineRoute({
    method: "post",
    path: "/rounds",
    operationId: "createRound",
    summary: "Create a draft round with its entropy plan",
    tag: "rounds",
    access: ["admin"],
    body: createBody,
    responses: {
      201: {
        description: "The round and each contributor's one-time credential (shown only here)",
        schema: z.object({
          round: roundSchema,
          credentials: z.array(z.object({ name: z.string(), credential: z.string() })),
        }),
      },
      422: {
        description:
          "Refused by a rule commit would apply: no approved plan for planYear, the approved plan does not cover the item, or too few independent entropy parties (code entropy-single-party: fewer than 2 contributors, or a beacon without a contributor; docs/draw-spec.md §8.5)",
      },
    },
    handler: async (c, { ctx, body }) =>
      c.json(await createRound(ctx.db, ctx.auth!.departmentId, body, actor(ctx.auth!.tokenId)), 201),
  }),
  defineRoute({
    method: "get",
    path: "/rounds",
    operationId: "listRounds",
    summary: "List the department's rounds",
    tag: "rounds",
    access: ["admin", "auditor"],
    query: readDownQuery,
    responses: {
      200: { description: "Rounds, newest first", schema: z.object({ items: z.array(roundSchema) }) },
    },
    handler: async (c, { ctx, query }) =>
      c.json({
        items: await listRounds(ctx.db, await resolveReadableDepartment(ctx.db, ctx.auth!, query.department)),
      }),
  }),
  defineRoute({
    method: "get",
    path: "/rounds/:id",
    operationId: "getRound",
    summary: "Get a round",
    tag: "rounds",
    access: ["admin", "auditor"],
    params: roundIdParams,
    query: readDownQuery,
    responses: {
      200: {
        description: "The round, with the roster inspectors its draw cannot use and why",
        schema: roundDetailSchema,
      },
    },
    handler: async (c, { ctx, params, query }) => {
      // ?department= reads a subordinate's round (read-down); as that department would see it.
      const departmentId = await resolveReadableDepartment(ctx.db, ctx.auth!, query.department);
      // A joint round's invited departments read it too; the roster exclusions stay the lead's.
      const round = await getRoundForParticipant(ctx.db, departmentId, params.id);
      const lead = round.departmentId === departmentId;
      return c.json({
        ...(await roundView(ctx.db, round)),
        excludedInspectors: lead ? ((round.inspectorExclusions as ExcludedInspector[] | null) ?? null) : null,
      });
    },
  }),
  defineRoute({
    method: "get",
    path: "/rounds/:id/transitions",
    operationId: "listRoundTransitions",
    summary: "List a round's status transitions",
    tag: "rounds",
    access: ["admin", "auditor"],
    params: roundIdParams,
    responses: { 200: { description: "Transitions in order", schema: z.object({ items: z.array(ok) }) } },
    handler: async (c, { ctx, params }) => {
      await getRound(ctx.db, ctx.auth!.departmentId, params.id);
      return c.json({ items: await listTransitions(ctx.db, params.id) });
    },
  }),
  defineRoute({
    method: "post",
    path: "/rounds/:id/commit",
    operationId: "commitRound",
    summary: "Commit a round: freeze the eligible set, pool and conflicts, fix the commitment",
    tag: "rounds",
    access: ["admin"],
    params: roundIdParams,
    query: z.object({
      algorithm: z
        .enum(SUPPORTED_ALGORITHMS as [string, ...string[]])
        .optional()
        .describe(
          `Draw algorithm to commit to (docs/draw-spec.md); default ${CURRENT_ALGORITHM}. sortes-draw/v1 only for verifiers that do not know v2 yet.`,
        ),
    }),
    responses: {
      200: {
        description:
          "The commitment and its hash, and the roster inspectors the draw cannot use with the reasons",
        schema: z
          .object({
            roundId: z.string().uuid(),
            commitmentHash: z.string(),
            commitment: z.unknown().describe("The committed document (draw-spec §8.1)"),
            eligibleCount: z.number().int(),
            excludedInspectors: excludedInspectorsSchema,
          })
          .passthrough(),
      },
      409: { description: "The round is not a draft, or a contributor has not committed yet" },
      422: {
        description:
          "Refused by a rule: code entropy-single-party (one party could fix the draw: fewer than 2 independent contributors, equal commitments, or a beacon without a contributor; docs/draw-spec.md §8.5), the rate floor, a stratum without a rate",
      },
    },
    handler: async (c, { ctx, params, query }) => {
      const r = await commitRound(ctx.db, {
        departmentId: ctx.auth!.departmentId,
        roundId: params.id,
        actor: actor(ctx.auth!.tokenId),
        ...(query.algorithm ? { algorithm: query.algorithm } : {}),
      });
      return c.json(r);
    },
  }),
  defineRoute({
    method: "post",
    path: "/rounds/:id/beacon",
    operationId: "submitRoundBeacon",
    summary: "Submit the planned drand beacon (verified before it is stored)",
    tag: "rounds",
    access: ["admin"],
    params: roundIdParams,
    body: z.object({ round: z.number().int().positive(), signature: z.string(), randomness: z.string() }),
    responses: { 200: { description: "The stored beacon", schema: ok } },
    handler: async (c, { ctx, params, body }) =>
      c.json(await submitBeacon(ctx.db, ctx.auth!.departmentId, params.id, body)),
  }),
  ...(["start", "close"] as const).map((step) =>
    defineRoute({
      method: "post",
      path: `/rounds/:id/${step}`,
      operationId: step === "start" ? "startRound" : "closeRound",
      summary: step === "start" ? "Mark a drawn round as in progress" : "Close an in-progress round",
      tag: "rounds",
      access: ["admin"],
      params: roundIdParams,
      responses: { 204: { description: "Moved" } },
      handler: async (c, { ctx, params }) => {
        await getRound(ctx.db, ctx.auth!.departmentId, params.id);
        await transition(ctx.db, {
          roundId: params.id,
          departmentId: ctx.auth!.departmentId,
          from: step === "start" ? "drawn" : "in_progress",
          to: step === "start" ? "in_progress" : "closed",
          actor: actor(ctx.auth!.tokenId),
        });
        return c.body(null, 204);
      },
    }),
  ),
  defineRoute({
    method: "post",
    path: "/contributions/commitment",
    operationId: "submitContributorCommitment",
    summary: "Submit an entropy contributor's commitment H(tag ‖ nonce) (one-time credential)",
    tag: "contributions",
    access: "public",
    rateLimit: "contribution",
    body: z.object({ credential: z.string(), commitment: z.string() }),
    responses: {
      200: { description: "Recorded (the same commitment sent again answers the same)", schema: ok },
      401: { description: "Malformed or unknown contributor credential" },
      409: { description: "A different commitment was already recorded, or the round is no longer a draft" },
    },
    handler: async (c, { ctx, body }) => c.json(await submitCommitment(ctx.db, body)),
  }),
  defineRoute({
    method: "post",
    path: "/contributions/reveal",
    operationId: "submitContributorReveal",
    summary: "Reveal an entropy contributor's nonce (a wrong nonce fails the round)",
    tag: "contributions",
    access: "public",
    rateLimit: "contribution",
    body: z.object({ credential: z.string(), nonce: z.string() }),
    responses: {
      200: {
        description:
          "Recorded; the round's status after it (and the reason when it failed). The same nonce sent again answers 200 with the round's status now",
        schema: ok,
      },
      401: { description: "Malformed or unknown contributor credential" },
      409: {
        description:
          "This credential already revealed a different nonce, the round is not committed, or the reveal deadline has passed",
      },
    },
    handler: async (c, { ctx, body }) => c.json(await submitReveal(ctx.db, body)),
  }),
  // Preflight checks and the contributor's own status (readiness-routes.ts).
  ...readinessRoutes,
  ...jointRoundRoutes,
];
