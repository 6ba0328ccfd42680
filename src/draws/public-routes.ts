/** Public read API of rounds (no token). */
import { z } from "zod";
import { cachedResponse } from "../http/cache.js";
import { defineRoute } from "../http/route.js";
import { listExclusions } from "./eligible.js";
import { proofText, proofTextParts, proofVersion } from "./proofs.js";
import { eligibleCsv, eligibleNdjson, entityLookup, listPublicRounds, publicRound } from "./public.js";
import { drawnList } from "./public-drawn.js";
import { publicDataSettled, roundView } from "./rounds.js";
import { roundIdParams, roundSchema, streamText } from "./views.js";

/** Raised inside the cache's producer when the bundle is too large to keep in memory. */
class StreamProof extends Error {
  constructor(
    readonly version: number,
    readonly sha256: string,
  ) {
    super("stream the proof");
  }
}

const lookupSchema = z
  .object({
    roundId: z.string().uuid(),
    entityId: z.string(),
    status: z.string(),
    eligible: z.boolean(),
    stratum: z.string().nullable(),
    excluded: z.object({ reason: z.string() }).nullable(),
    drawn: z.boolean(),
    rank: z
      .number()
      .int()
      .nullable()
      .describe(
        "1-based rank in the stratum when drawn (draw-spec §7): entry rank − 1 of its `selected` list",
      ),
    ticket: z.string().nullable(),
    inclusion: z
      .object({
        root: z.string(),
        treeSize: z.number().int(),
        index: z.number().int(),
        stratum: z.string(),
        id: z.string(),
        path: z.array(z.string()),
        leafHash: z.string().optional().describe("sortes-draw/v1: the entity's RFC 6962 leaf hash"),
        algorithm: z.literal("sortes-draw/v2").optional().describe("present for sortes-draw/v2 rounds"),
        chunk: z
          .array(z.object({ stratum: z.string(), id: z.string() }))
          .optional()
          .describe("sortes-draw/v2: the entries of the entity's 1024-entry chunk, in set order"),
      })
      .nullable()
      .describe(
        "Inclusion proof against the committed eligible root (input of `sortes verify-inclusion`); draw-spec §5.4 (v1) or §16.8 (v2)",
      ),
  })
  .meta({ id: "EntityDrawLookup" });

const drawnPageSchema = z
  .object({
    roundId: z.string().uuid(),
    proofVersion: z
      .number()
      .int()
      .nullable()
      .describe("The signed proof version the list was checked against"),
    proofSha256: z.string().nullable().describe("SHA-256 of that version's text, as pinned in the ledger"),
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    items: z.array(
      z.object({
        entityId: z.string(),
        stratum: z.string(),
        rank: z
          .number()
          .int()
          .describe(
            "1-based rank in the stratum (draw-spec §7): entry rank − 1 of its `selected` list in the proof",
          ),
        ticket: z.string(),
        inspectors: z
          .array(z.string())
          .describe("The current team (proof `finalTeams`), in slot order; empty when none"),
      }),
    ),
  })
  .meta({ id: "DrawnPage" });

export const publicDrawRoutes = [
  defineRoute({
    method: "get",
    path: "/public/rounds",
    operationId: "listPublicRounds",
    summary: "List committed rounds with commitment and status",
    tag: "public",
    access: "public",
    query: z.object({ departmentId: z.string().uuid().optional(), year: z.coerce.number().int().optional() }),
    responses: {
      200: {
        description: "Rounds (drafts are not public)",
        schema: z.object({ items: z.array(roundSchema) }),
      },
    },
    handler: async (c, { ctx, query }) => c.json({ items: await listPublicRounds(ctx.db, query) }),
  }),
  defineRoute({
    method: "get",
    path: "/public/rounds/:id",
    operationId: "getPublicRound",
    summary: "Get a round's commitment, status and (after reveal) the nonces",
    tag: "public",
    access: "public",
    params: roundIdParams,
    responses: { 200: { description: "The round", schema: roundSchema } },
    handler: (c, { ctx, params }) =>
      cachedResponse(c, ctx.caches, `round:${params.id}`, async () => {
        const round = await publicRound(ctx.db, params.id);
        return {
          department: publicDataSettled(round.status) ? round.departmentId : null,
          body: JSON.stringify(await roundView(ctx.db, round)),
        };
      }),
  }),
  defineRoute({
    method: "get",
    path: "/public/rounds/:id/proof",
    operationId: "getRoundProof",
    summary: "Get the signed proof bundle (newest version unless one is named)",
    tag: "public",
    access: "public",
    params: roundIdParams,
    query: z.object({ version: z.coerce.number().int().positive().optional() }),
    responses: {
      200: {
        description: "The signed proof bundle (JSON; the signature covers its RFC 8785 form)",
        schema: z.object({}).passthrough(),
      },
    },
    handler: async (c, { ctx, params, query }) => {
      try {
        return await cachedResponse(
          c,
          ctx.caches,
          `proof:${params.id}:${query.version ?? "newest"}`,
          async () => {
            const round = await publicRound(ctx.db, params.id);
            const v = await proofVersion(ctx.db, params.id, query.version);
            if (v.bytes > ctx.config.PROOF_CACHE_MAX_BYTES) throw new StreamProof(v.version, v.sha256);
            return {
              department: publicDataSettled(round.status) ? round.departmentId : null,
              body: await proofText(ctx.db, params.id, v.version),
              headers: { "x-proof-version": String(v.version) },
            };
          },
        );
      } catch (e) {
        if (!(e instanceof StreamProof)) throw e;
        // A large bundle (300 000 teams ≈ 100 MB) is streamed part by part, never held whole.
        const res = streamText(proofTextParts(ctx.db, params.id, e.version), "application/json");
        res.headers.set("x-proof-version", String(e.version));
        res.headers.set("etag", `"${e.sha256}"`);
        return res;
      }
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/rounds/:id/eligible.ndjson",
    operationId: "downloadEligibleNdjson",
    summary: "Download the frozen eligible set as NDJSON (streamed)",
    tag: "public",
    access: "public",
    params: roundIdParams,
    responses: {
      200: {
        description: 'One {"stratum","id"} object per line, in Merkle leaf order',
        contentTypes: ["application/x-ndjson"],
      },
    },
    handler: async (_c, { ctx, params }) => {
      await publicRound(ctx.db, params.id);
      return streamText(
        eligibleNdjson(ctx.db, params.id),
        "application/x-ndjson",
        `eligible-${params.id}.ndjson`,
      );
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/rounds/:id/eligible.csv",
    operationId: "downloadEligibleCsv",
    summary: "Download the frozen eligible set as CSV (streamed)",
    tag: "public",
    access: "public",
    params: roundIdParams,
    responses: {
      200: { description: "Header `stratum,id`, in Merkle leaf order", contentTypes: ["text/csv"] },
    },
    handler: async (_c, { ctx, params }) => {
      await publicRound(ctx.db, params.id);
      return streamText(
        eligibleCsv(ctx.db, params.id),
        "text/csv; charset=utf-8",
        `eligible-${params.id}.csv`,
      );
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/rounds/:id/exclusions",
    operationId: "listRoundExclusions",
    summary: "List the entities excluded from the eligible set, with reasons",
    tag: "public",
    access: "public",
    params: roundIdParams,
    responses: {
      200: {
        description: "Exclusions",
        schema: z.object({ items: z.array(z.object({ id: z.string(), reason: z.string() })) }),
      },
    },
    handler: async (c, { ctx, params }) => {
      await publicRound(ctx.db, params.id);
      return c.json({ items: await listExclusions(ctx.db, params.id) });
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/rounds/:id/entities/:code",
    operationId: "lookupEntityInRound",
    summary: "Was this entity drawn in the round? Ticket, rank and inclusion proof",
    tag: "public",
    access: "public",
    params: z.object({ id: z.string().uuid(), code: z.string().min(1).max(64) }),
    responses: {
      200: { description: "The entity's standing in the round", schema: lookupSchema },
      500: {
        description:
          "Integrity check failed (problem type …/integrity): the stored drawn row differs from the signed proof",
      },
    },
    handler: (c, { ctx, params }) =>
      cachedResponse(c, ctx.caches, `lookup:${params.id}:${params.code}`, async () => {
        const round = await publicRound(ctx.db, params.id);
        return {
          department: publicDataSettled(round.status) ? round.departmentId : null,
          body: JSON.stringify(await entityLookup(ctx.db, round, params.code)),
        };
      }),
  }),
  defineRoute({
    method: "get",
    path: "/public/rounds/:id/drawn",
    operationId: "listDrawnEntities",
    summary: "The drawn entities with their teams, checked against the signed proof",
    tag: "public",
    access: "public",
    params: roundIdParams,
    query: z.object({
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(5000).default(1000),
    }),
    responses: {
      200: { description: "A page of the drawn list, in proof order", schema: drawnPageSchema },
      500: {
        description:
          "Integrity check failed (problem type …/integrity): a stored row differs from the signed proof; `integrity` names it",
      },
    },
    handler: (c, { ctx, params, query }) =>
      cachedResponse(c, ctx.caches, `drawn:${params.id}:${query.offset}:${query.limit}`, async () => {
        const round = await publicRound(ctx.db, params.id);
        return {
          department: publicDataSettled(round.status) ? round.departmentId : null,
          body: JSON.stringify(await drawnList(ctx.db, round, query)),
        };
      }),
  }),
];
