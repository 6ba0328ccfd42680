/** OpenAPI shape of the public document built by redaction.ts (what the ledger commits to). */
import { z } from "zod";
import { DECISION_TYPES, RESULT_CODES } from "../findings/result-codes.js";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const withheldNote = (what: string) => `${what}; null when withheld (see \`withheld\`)`;

export const publicDocumentSchema = z
  .object({
    v: z.literal(1),
    findingId: z.string().uuid(),
    department: z.object({ code: z.string(), name: z.string() }),
    round: z.object({ id: z.string().uuid(), title: z.string() }),
    inspection: z
      .object({
        item: z.string().describe("抽查事项"),
        inspectingBody: z.string(),
        legalBasis: z.string().describe("检查依据"),
        matters: z.string().describe("检查内容"),
        methods: z.array(z.string()),
      })
      .nullable(),
    entity: z.object({
      name: z.string().describe("Masked (张**) for a natural person"),
      creditCode: z.string(),
      naturalPerson: z.boolean(),
      legalRepresentative: z.string().nullable().describe(withheldNote("Legal representative")),
      address: z.string().nullable().describe(withheldNote("Address")),
    }),
    resultCode: z.enum(RESULT_CODES),
    decisionType: z.enum(DECISION_TYPES),
    inspectionEndedOn: z.string(),
    decidedOn: z.string().nullable(),
    description: z.string().nullable().describe(withheldNote("Problems found")),
    rectification: z
      .object({ ordered: z.boolean(), deadline: z.string().nullable() })
      .nullable()
      .describe(withheldNote("Rectification ordered")),
    followUp: z
      .object({
        penaltyCaseNo: z.string().nullable(),
        referralAuthority: z.string().nullable(),
        creditListing: z.boolean(),
      })
      .nullable()
      .describe(withheldNote("Penalty case, referral (移送), credit record")),
    evidence: z.array(hex64).nullable().describe(withheldNote("SHA-256 of evidence files")),
    withheld: z
      .array(z.object({ field: z.string(), reason: z.string() }))
      .describe("What is withheld and why"),
    withholdingNote: z.string().nullable(),
    publishedAt: z.string(),
    deadline: z.object({ date: z.string(), provisional: z.boolean(), met: z.boolean() }),
    corrected: z
      .object({ at: z.string(), requestId: z.string().uuid(), previousLeafHash: hex64 })
      .optional()
      .describe("Present once a correction request re-published the document"),
  })
  .meta({ id: "PublicDocument" });
