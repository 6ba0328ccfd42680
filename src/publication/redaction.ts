/**
 * Builds the public document of a finding (RULES §7): a minor's result is never published,
 * a natural person's data is minimised (name masked, legal representative and address
 * withheld), fields flagged as trade secret or privacy are withheld, and every withholding
 * is listed with its reason. Pure: the same finding always gives the same document.
 */
import { Unprocessable } from "../errors.js";
import type { FindingRow } from "../findings/findings.js";
import type { WithholdableField } from "../findings/result-codes.js";

export const WITHHOLDING_REASONS = {
  tradeSecret: "涉及商业秘密 / trade secret",
  privacy: "涉及个人隐私 / personal privacy",
  naturalPerson: "自然人信息最小化 / natural person's data minimised",
} as const;

/** 张三 → 张*, 张三丰 → 张**: the first character stays, the rest become asterisks. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return "*";
  return chars[0] + "*".repeat(chars.length - 1);
}

export interface PublicContext {
  department: { code: string; name: string };
  round: { id: string; title: string };
  /** The checklist version the round inspected: matters, basis, methods (null if unknown). */
  inspection: {
    item: string;
    inspectingBody: string;
    legalBasis: string;
    matters: string;
    methods: string[];
  } | null;
  publishedAt: string;
  deadline: { date: string; provisional: boolean; met: boolean };
}

export function assertPublishable(f: Pick<FindingRow, "involvesMinor">): void {
  if (f.involvesMinor) {
    throw new Unprocessable("results concerning a minor are never published (RULES §7)", [
      { field: "involvesMinor", reason: "the party is a minor" },
    ]);
  }
}

export function publicDocument(f: FindingRow, ctx: PublicContext) {
  assertPublishable(f);
  const withheld: { field: string; reason: string }[] = [];
  const hidden = new Set<string>();
  const withhold = (field: string, reason: string) => {
    if (hidden.has(field)) return;
    hidden.add(field);
    withheld.push({ field, reason });
  };
  for (const field of f.tradeSecretFields as WithholdableField[])
    withhold(field, WITHHOLDING_REASONS.tradeSecret);
  for (const field of f.privacyFields as WithholdableField[]) withhold(field, WITHHOLDING_REASONS.privacy);
  if (f.naturalPerson) {
    withhold("name", WITHHOLDING_REASONS.naturalPerson);
    withhold("legalRepresentative", WITHHOLDING_REASONS.naturalPerson);
    withhold("address", WITHHOLDING_REASONS.naturalPerson);
  }
  const show = <T>(field: string, value: T): T | null => (hidden.has(field) ? null : value);
  return {
    v: 1,
    findingId: f.id,
    department: ctx.department,
    round: ctx.round,
    inspection: ctx.inspection,
    entity: {
      name: f.naturalPerson ? maskName(f.entityName) : f.entityName,
      creditCode: f.entityId,
      naturalPerson: f.naturalPerson,
      legalRepresentative: show("legalRepresentative", f.legalRepresentative),
      address: show("address", f.address),
    },
    resultCode: f.resultCode,
    decisionType: f.decisionType,
    inspectionEndedOn: f.inspectionEndedOn,
    decidedOn: f.decidedOn,
    description: show("description", f.description),
    rectification: show("rectification", {
      ordered: f.rectificationOrdered,
      deadline: f.rectificationDeadline,
    }),
    followUp: show("followUp", {
      penaltyCaseNo: f.penaltyCaseNo,
      referralAuthority: f.referralAuthority,
      creditListing: f.creditListing,
    }),
    evidence: show("evidence", f.evidenceHashes),
    withheld,
    withholdingNote: f.withholdingNote,
    publishedAt: ctx.publishedAt,
    deadline: ctx.deadline,
  };
}

export type PublicDocument = ReturnType<typeof publicDocument>;
