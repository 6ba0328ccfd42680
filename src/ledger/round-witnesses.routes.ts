/** Public: which witnesses cosigned a ledger state holding a round's proof entry (the round page shows it). */
import { z } from "zod";
import { roundIdParams } from "../draws/views.js";
import { defineRoute } from "../http/route.js";
import { roundWitnesses } from "./round-witnesses.js";

const roundWitnessesSchema = z
  .object({
    entry: z
      .object({
        index: z.number().int(),
        leafHash: z.string(),
        version: z.number().int().describe("The proof version the entry pins"),
      })
      .nullable()
      .describe("The newest proof version's round.proof ledger entry; null before the draw"),
    checkpoint: z
      .object({ size: z.number().int(), origin: z.string(), timestamp: z.string() })
      .nullable()
      .describe("The first checkpoint whose tree holds the entry (size > index); null until one is signed"),
    witnesses: z
      .array(
        z.object({
          name: z.string().describe("The witness's key name"),
          keyHash: z.string().describe("Its 4-byte cosignature key hash, hex"),
          timestamp: z.string().describe("When it first cosigned a tree holding the entry (its signed time)"),
          treeSize: z.number().int().describe("The smallest such tree it cosigned"),
        }),
      )
      .describe("Empty: the entry is not witnessed yet"),
  })
  .meta({ id: "RoundWitnesses" });

export const roundWitnessRoutes = [
  defineRoute({
    method: "get",
    path: "/public/rounds/:id/witnesses",
    operationId: "getRoundWitnesses",
    summary: "Witnesses that cosigned a ledger state holding the round's proof entry",
    tag: "public",
    access: "public",
    params: roundIdParams,
    responses: {
      200: {
        description:
          "The round's proof entry, the first checkpoint holding it and each witness's first cosignature of such a checkpoint",
        schema: roundWitnessesSchema,
      },
    },
    handler: async (c, { ctx, params }) => c.json(await roundWitnesses(ctx.db, { roundId: params.id })),
  }),
];
