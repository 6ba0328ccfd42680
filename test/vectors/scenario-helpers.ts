/** Types and builders shared by the draw scenarios (scenarios.ts, scenarios-teams.ts). */
import type {
  CommitmentParams,
  DrawResult,
  EligibleEntry,
  InspectorRecord,
  SubstitutionInput,
} from "../../src/draw-engine/index.js";

export interface Scenario {
  name: string;
  description: string;
  eligible: EligibleEntry[];
  rates: Record<string, number>;
  inspectors?: InspectorRecord[];
  conflictPairs?: [string, string][];
  contributors?: string[];
  beaconRound?: number | null;
  tweak?: (p: CommitmentParams) => void;
  /** Eligible set used for the commitment roots when it differs from the published one. */
  committedEligible?: EligibleEntry[];
  badReveal?: "wrong-nonce" | "late";
  badBeacon?: "tampered-signature" | "wrong-round";
  substitutions?: (r: DrawResult) => SubstitutionInput[];
}

export const ids = (stratum: string, prefix: string, n: number): EligibleEntry[] =>
  Array.from({ length: n }, (_, i) => ({ stratum, id: `${prefix}${String(i + 1).padStart(4, "0")}` }));

export const pool = (
  n: number,
  over: Partial<InspectorRecord> & { depts?: string[] } = {},
): InspectorRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `INS-${String(i + 1).padStart(3, "0")}`,
    department: over.depts ? over.depts[i % over.depts.length]! : "SCJ",
    qualifications: over.qualifications ?? ["food-safety", "licensing"],
    validFrom: over.validFrom ?? "2022-01-01",
    validUntil: over.validUntil ?? "2027-12-31",
  }));

export const sub = (
  entityId: string,
  recused: string,
  at: string,
  reason = "spouse works for the entity (回避)",
): SubstitutionInput => ({ entityId, recused, reason, at });
