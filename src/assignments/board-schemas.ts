/** Response schemas of the team board, recusal requests and substitutions (the console reads them). */
import { z } from "zod";

export const boardRowSchema = z
  .object({
    entityId: z.string(),
    entityName: z.string().nullable(),
    stratum: z.string().describe("Risk class the entity was drawn in"),
    rank: z.number().int().describe("1-based draw order within its stratum"),
    ticket: z.string(),
    inspectorId: z.string().uuid(),
    inspectorName: z.string().nullable(),
    post: z.string().nullable().describe("职务"),
    certificateNo: z.string().nullable(),
    slot: z.number().int().describe("0-based place in the team; a substitute takes the recused one's slot"),
    status: z.enum(["assigned", "accepted", "recused"]),
    acceptedAt: z.string().nullable(),
    recusedAt: z.string().nullable(),
  })
  .meta({ id: "BoardRow" });

export const recusalRequestSchema = z
  .object({
    id: z.string().uuid(),
    roundId: z.string().uuid(),
    entityId: z.string(),
    entityName: z.string().nullable(),
    inspectorId: z.string().uuid(),
    inspectorName: z.string().nullable(),
    certificateNo: z.string().nullable(),
    category: z.string(),
    statement: z.string(),
    contact: z.string(),
    status: z.enum(["pending", "accepted", "rejected"]),
    decisionNote: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: "RecusalRequest" });

export const substitutionRecord = z
  .object({
    seq: z.number().int(),
    entityId: z.string(),
    recused: z.string().uuid(),
    substitute: z.string().uuid().nullable(),
    reason: z.string(),
    category: z.string(),
    statement: z.string(),
    source: z.string().describe("declaration (the inspector) or entity-request (decided request)"),
    at: z.string(),
  })
  .passthrough()
  .meta({ id: "SubstitutionRecord" });
