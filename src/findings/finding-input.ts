import { z } from "zod";
import { isIsoDate } from "../calendar/dates.js";
import { DECISION_TYPES, RESULT_CODES, WITHHOLDABLE_FIELDS } from "./result-codes.js";

const isoDate = z.string().refine(isIsoDate, "expected a YYYY-MM-DD date");
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "lower-case hex SHA-256");

export const findingInput = z
  .object({
    resultCode: z.enum(RESULT_CODES).describe("National result code (RULES §8), exact Chinese string"),
    description: z.string().trim().min(1).max(8000),
    rectification: z
      .object({ ordered: z.boolean(), deadline: isoDate.nullable().default(null) })
      .default({ ordered: false, deadline: null }),
    followUp: z
      .object({
        penaltyCaseNo: z.string().trim().min(1).max(100).nullable().default(null),
        referralAuthority: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .nullable()
          .default(null)
          .describe("移送: the competent authority the matter is referred to"),
        creditListing: z.boolean().default(false).describe("Entered in the credit record (诚信档案)"),
      })
      .default({ penaltyCaseNo: null, referralAuthority: null, creditListing: false }),
    evidenceHashes: z.array(hex64).max(500).default([]),
    involvesMinor: z.boolean().default(false),
    tradeSecretFields: z.array(z.enum(WITHHOLDABLE_FIELDS)).default([]),
    privacyFields: z.array(z.enum(WITHHOLDABLE_FIELDS)).default([]),
    withholdingNote: z.string().trim().min(1).max(1000).nullable().default(null),
    decisionType: z.enum(DECISION_TYPES).default("result"),
    inspectionEndedOn: isoDate,
    decidedOn: isoDate.nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (v.decisionType !== "result" && !v.decidedOn) {
      ctx.addIssue({ code: "custom", path: ["decidedOn"], message: "required for decisions" });
    }
    if (v.rectification.ordered && !v.rectification.deadline) {
      ctx.addIssue({ code: "custom", path: ["rectification", "deadline"], message: "required when ordered" });
    }
  })
  .meta({ id: "FindingInput" });

export type FindingInput = z.output<typeof findingInput>;
