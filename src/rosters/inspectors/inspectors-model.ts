/**
 * Shared shapes for the inspector roster: the public record, the snapshot kept in the
 * history, the actor of a change, and the small helpers every writer uses.
 */
import type { Role } from "../../auth/tokens.js";
import { toHalfWidth } from "../columns.js";
import type { inspectors } from "./inspectors.schema.js";

export type InspectorStatus = "active" | "suspended" | "left";
export type InspectorAction = "create" | "update" | "suspend" | "reinstate" | "leave" | "import";

/** Who made a change: the API token and its role (null only outside the API). */
export interface Actor {
  tokenId: string | null;
  role: Role | null;
}

/** The editable state of an inspector; also what a history row stores before/after. */
export interface InspectorState {
  name: string;
  post: string | null;
  certificateNo: string;
  certValidFrom: string | null;
  certValidUntil: string;
  qualifications: string[];
  district: string | null;
  status: InspectorStatus;
}

export const STATE_FIELDS = [
  "name",
  "post",
  "certificateNo",
  "certValidFrom",
  "certValidUntil",
  "qualifications",
  "district",
  "status",
] as const satisfies readonly (keyof InspectorState)[];

export interface Inspector extends InspectorState {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

type InspectorRecord = typeof inspectors.$inferSelect;

export function toInspector(r: InspectorRecord): Inspector {
  return {
    id: r.id,
    name: r.name,
    post: r.post,
    certificateNo: r.certificateNo,
    certValidFrom: r.certValidFrom,
    certValidUntil: r.certValidUntil,
    qualifications: r.qualifications,
    district: r.district,
    status: r.status,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function stateOf(i: InspectorState): InspectorState {
  const out = {} as Record<string, unknown>;
  for (const f of STATE_FIELDS) out[f] = i[f];
  return out as unknown as InspectorState;
}

/** Fields whose values differ (arrays compared element by element, in order). */
export function changedFields(before: InspectorState | null, after: InspectorState): string[] {
  if (!before) return [...STATE_FIELDS];
  return STATE_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

/** Certificate numbers are compared half-width and trimmed, as the import normalises them. */
export function normaliseCertificateNo(s: string): string {
  return toHalfWidth(s).trim();
}

/** Trim each qualification, drop blanks and repeats, keep the given order. */
export function normaliseQualifications(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const q of list) {
    const t = q.trim();
    if (t !== "" && !out.includes(t)) out.push(t);
  }
  return out;
}

/** Unique-constraint violation, whichever driver raised it (drizzle may wrap it in `cause`). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 4; depth++) {
    if ((e as { code?: unknown }).code === "23505") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
