import { createToken } from "../../src/auth/tokens.js";
import type { Db } from "../../src/db/types.js";
import { computeCheckChar, computeRegistrationCheckDigit } from "../../src/rosters/credit-code.js";

/** The public id inside a token string `srt_<id>_<secret>`. */
export function tokenId(token: string): string {
  return token.split("_")[1]!;
}

let n = 0;
/** A fresh certificate number, unique across test runs. */
export function certNo(prefix = "闽"): string {
  n += 1;
  return `${prefix}${Date.now().toString(36)}${n.toString().padStart(4, "0")}`;
}

export function inspectorBody(over: Record<string, unknown> = {}) {
  return {
    name: "林志明",
    post: "科员",
    certificateNo: certNo(),
    certValidFrom: "2024-01-01",
    certValidUntil: "2028-12-31",
    qualifications: ["食品安全", "特种设备"],
    district: "鼓楼片区",
    ...over,
  };
}

/** A valid 18-character unified social credit code built from 17 characters. */
export function uscc(first17: string): string {
  return first17 + computeCheckChar(first17);
}

/** A valid 15-digit legacy registration number built from 14 digits. */
export function legacyRegistration(first14: string): string {
  return first14 + computeRegistrationCheckDigit(first14);
}

export async function inspectorToken(db: Db, departmentId: string, inspectorId: string) {
  return (await createToken(db, { departmentId, role: "inspector", label: "执法人员", inspectorId })).token;
}
