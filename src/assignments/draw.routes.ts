/**
 * The routes that run a draw and re-store its proof. They live above src/draws because
 * both write assignments (drawAndAssign persists the drawn teams; restoreProof checks them).
 */
import { z } from "zod";
import { roundIdParams } from "../draws/views.js";
import { defineRoute } from "../http/route.js";
import { drawAndAssign } from "./draw-and-assign.js";
import { restoreProof } from "./proof-restore.js";

const actor = (tokenId: string) => `token:${tokenId}`;
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const restoredSchema = z.object({
  roundId: z.string().uuid(),
  version: z.number().int().describe("The new proof version (now the newest)"),
  sha256: hex64.describe("SHA-256 of the new version's canonical JSON text (pinned in the ledger)"),
  bytes: z.number().int(),
  replaces: z.object({
    version: z.number().int(),
    sha256: z.string().describe("The digest its ledger entry pinned at the time"),
    textSha256: hex64.describe("SHA-256 of the text it actually stored"),
    bytes: z.number().int(),
    defect: z.string().describe("What is wrong with the stored text, in plain words"),
  }),
});
const ok = z.object({}).passthrough();

export const drawExecutionRoutes = [
  defineRoute({
    method: "post",
    path: "/rounds/:id/draw",
    operationId: "drawRound",
    summary: "Run the draw (idempotent: a repeated trigger returns the same result)",
    tag: "rounds",
    access: ["admin"],
    params: roundIdParams,
    responses: { 200: { description: "The draw result summary", schema: ok } },
    handler: async (c, { ctx, params }) =>
      c.json(
        await drawAndAssign(ctx.db, ctx.config, {
          departmentId: ctx.auth!.departmentId,
          roundId: params.id,
          actor: actor(ctx.auth!.tokenId),
        }),
      ),
  }),
  defineRoute({
    method: "post",
    path: "/rounds/:id/proof/restore",
    operationId: "restoreRoundProof",
    summary:
      "Re-store a corrupted proof: rebuild it from the persisted draw and store it as a new version (the old one stays readable; the ledger records why)",
    tag: "rounds",
    access: ["admin"],
    params: roundIdParams,
    body: z.object({
      reason: z
        .string()
        .trim()
        .min(1)
        .max(500)
        .describe("Why the proof is re-stored; recorded in the ledger"),
    }),
    responses: {
      201: {
        description:
          "The new proof version: its digest and size, and the version it replaces (ledger digest, digest of its stored text, the defect found)",
        schema: restoredSchema,
      },
      409: {
        description:
          "Nothing to restore (the newest stored text is already the canonical, validly signed bundle), the round has no proof yet, or the persisted rows disagree with the rebuild (then nothing is re-signed)",
      },
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(
        await restoreProof(ctx.db, ctx.config, {
          departmentId: ctx.auth!.departmentId,
          roundId: params.id,
          reason: body.reason,
        }),
        201,
      ),
  }),
];
