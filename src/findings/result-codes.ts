/**
 * Result codes of the national disclosure system (RULES §8), spelled exactly as the system
 * spells them (half-width parentheses included) so an export needs no mapping.
 */
export const RESULT_CODES = [
  "未发现问题",
  "未按规定公示应当公示的信息",
  "公示信息隐瞒真实情况、弄虚作假",
  "通过登记的住所(经营场所)无法联系",
  "发现问题已责令改正",
  "发现问题待后续处理",
  "不配合检查情节严重",
  "未发现开展本次抽查涉及的经营活动",
  "已关闭停业或正在组织清算",
  "已注销/吊销/撤销/迁出",
] as const;

export type ResultCode = (typeof RESULT_CODES)[number];

/** Timeline event kinds (全程留痕, RULES §6). */
export const EVENT_KINDS = [
  "arrival",
  "certificates_shown",
  "document_reviewed",
  "statement",
  "evidence_file",
  "media_reference",
  "note",
  "sign_off",
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * What a finding is, for the publication deadline (RULES §7, seed 002): normal results
 * ≤ 20 working days after the inspection ends; licensing/penalty decisions ≤ 7 working
 * days after the decision; other decisions ≤ 20.
 */
export const DECISION_TYPES = ["result", "decision", "other_decision"] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

/** Finding fields that may be withheld from publication (trade secret / privacy flags). */
export const WITHHOLDABLE_FIELDS = [
  "description",
  "rectification",
  "followUp",
  "evidence",
  "legalRepresentative",
  "address",
] as const;
export type WithholdableField = (typeof WITHHOLDABLE_FIELDS)[number];
