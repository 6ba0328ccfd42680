/** Response schemas and views shared by the findings routes. */
import { z } from "zod";
import { publicationDeadline } from "../publication/deadlines.js";
import type { FindingRow } from "./findings.js";
import { DECISION_TYPES, EVENT_KINDS, RESULT_CODES } from "./result-codes.js";

export const teamParams = z.object({
  roundId: z.string().uuid(),
  entityId: z
    .string()
    .regex(/^[0-9A-Za-z-]{1,40}$/, "a credit code")
    .describe("The drawn entity's credit code"),
});

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const inspectionEventSchema = z
  .object({
    id: z.string().uuid(),
    seq: z.number().int(),
    kind: z.enum(EVENT_KINDS),
    inspectorId: z.string().uuid(),
    occurredAt: z.string(),
    recordedAt: z.string(),
    summary: z.string(),
    detail: z.record(z.string(), z.unknown()),
    correctsEventId: z.string().uuid().nullable(),
    evidence: z
      .object({ sha256: hex64, size: z.number().int(), mediaType: z.string(), path: z.string() })
      .nullable(),
    prevHash: hex64,
    hash: hex64,
  })
  .meta({ id: "InspectionEvent" });

export const findingSchema = z
  .object({
    id: z.string().uuid(),
    roundId: z.string().uuid(),
    entityId: z.string(),
    entityName: z.string(),
    naturalPerson: z.boolean(),
    resultCode: z.enum(RESULT_CODES),
    description: z.string(),
    rectification: z.object({ ordered: z.boolean(), deadline: z.string().nullable() }),
    followUp: z.object({
      penaltyCaseNo: z.string().nullable(),
      referralAuthority: z.string().nullable(),
      creditListing: z.boolean(),
    }),
    evidenceHashes: z.array(hex64),
    involvesMinor: z.boolean(),
    tradeSecretFields: z.array(z.string()),
    privacyFields: z.array(z.string()),
    withholdingNote: z.string().nullable(),
    decisionType: z.enum(DECISION_TYPES),
    inspectionEndedOn: z.string(),
    decidedOn: z.string().nullable(),
    signedHead: hex64,
    filedByInspectorId: z.string().uuid(),
    filedAt: z.string(),
    publicationDeadline: z
      .object({ date: z.string(), provisional: z.boolean(), basis: z.string() })
      .nullable()
      .describe("Null when the finding must never be published (the party is a minor)"),
  })
  .meta({ id: "Finding" });

export function findingView(f: FindingRow) {
  const d = publicationDeadline(f);
  return {
    id: f.id,
    roundId: f.roundId,
    entityId: f.entityId,
    entityName: f.entityName,
    naturalPerson: f.naturalPerson,
    resultCode: f.resultCode,
    description: f.description,
    rectification: { ordered: f.rectificationOrdered, deadline: f.rectificationDeadline },
    followUp: {
      penaltyCaseNo: f.penaltyCaseNo,
      referralAuthority: f.referralAuthority,
      creditListing: f.creditListing,
    },
    evidenceHashes: f.evidenceHashes,
    involvesMinor: f.involvesMinor,
    tradeSecretFields: f.tradeSecretFields,
    privacyFields: f.privacyFields,
    withholdingNote: f.withholdingNote,
    decisionType: f.decisionType,
    inspectionEndedOn: f.inspectionEndedOn,
    decidedOn: f.decidedOn,
    signedHead: f.signedHead,
    filedByInspectorId: f.filedByInspectorId,
    filedAt: f.filedAt.toISOString(),
    publicationDeadline: d ? { date: d.date, provisional: d.provisional, basis: d.basis } : null,
  };
}
