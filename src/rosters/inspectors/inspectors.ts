/**
 * Inspector roster (执法人员名录库, RULES §4): real-time create / update / suspend /
 * reinstate / leave, each change written to `inspector_history` in the same transaction.
 */
import { and, eq, sql } from "drizzle-orm";
import { apiTokens } from "../../auth/schema.js";
import { announceChange } from "../../db/change-feed.js";
import type { Db } from "../../db/types.js";
import { Conflict, Invalid, NotFound, Unprocessable } from "../../errors.js";
import { inspectorHistory, inspectors } from "./inspectors.schema.js";
import {
  type Actor,
  changedFields,
  type Inspector,
  type InspectorAction,
  type InspectorState,
  type InspectorStatus,
  isUniqueViolation,
  normaliseCertificateNo,
  normaliseQualifications,
  stateOf,
  toInspector,
} from "./inspectors-model.js";

export interface CreateInspectorInput {
  name: string;
  post?: string | null;
  certificateNo: string;
  certValidFrom?: string | null;
  certValidUntil: string;
  qualifications?: string[];
  district?: string | null;
}

export type UpdateInspectorInput = Partial<CreateInspectorInput>;

function checkRules(s: InspectorState): void {
  if (s.certificateNo === "") {
    throw new Invalid("certificate number is empty", [{ field: "certificateNo", reason: "required" }]);
  }
  if (s.certValidFrom !== null && s.certValidFrom > s.certValidUntil) {
    throw new Invalid("certificate validity ends before it starts", [
      { field: "certValidUntil", reason: `${s.certValidUntil} is before certValidFrom ${s.certValidFrom}` },
    ]);
  }
}

function duplicateCertificate(certificateNo: string): Conflict {
  return new Conflict(`certificate number ${certificateNo} is already on this department's roster`, [
    { field: "certificateNo", reason: "already used by another inspector in this department" },
  ]);
}

async function writeHistory(
  db: Db,
  row: { departmentId: string; inspectorId: string; version: number },
  action: InspectorAction,
  actor: Actor,
  before: InspectorState | null,
  after: InspectorState,
  reason: string | null,
) {
  await db.insert(inspectorHistory).values({
    ...row,
    action,
    actorTokenId: actor.tokenId,
    actorRole: actor.role,
    reason,
    changedFields: changedFields(before, after),
    before,
    after,
  });
}

/** Insert one inspector with its `create` (or `import`) history row. */
export async function createInspector(
  db: Db,
  departmentId: string,
  input: CreateInspectorInput,
  actor: Actor,
  action: "create" | "import" = "create",
): Promise<Inspector> {
  const state: InspectorState = {
    name: input.name.trim(),
    post: input.post?.trim() || null,
    certificateNo: normaliseCertificateNo(input.certificateNo),
    certValidFrom: input.certValidFrom ?? null,
    certValidUntil: input.certValidUntil,
    qualifications: normaliseQualifications(input.qualifications ?? []),
    district: input.district?.trim() || null,
    status: "active",
  };
  checkRules(state);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(inspectors)
        .values({ departmentId, ...state })
        .returning();
      if (!row) throw new Error("inspector insert returned no row");
      await writeHistory(
        tx,
        { departmentId, inspectorId: row.id, version: row.version },
        action,
        actor,
        null,
        state,
        null,
      );
      return toInspector(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateCertificate(state.certificateNo);
    throw err;
  }
}

/** The inspector, or NotFound when it does not exist in this department. */
export async function getInspector(db: Db, departmentId: string, id: string): Promise<Inspector> {
  const [row] = await db
    .select()
    .from(inspectors)
    .where(and(eq(inspectors.id, id), eq(inspectors.departmentId, departmentId)))
    .limit(1);
  if (!row) throw new NotFound(`inspector ${id} not found`);
  return toInspector(row);
}

/**
 * Change one inspector under a row lock: `next` derives the new state from the current one.
 * A change that alters nothing writes no history and keeps the version.
 */
async function mutate(
  db: Db,
  departmentId: string,
  id: string,
  action: InspectorAction,
  actor: Actor,
  opts: { reason?: string | null; expectedVersion?: number },
  next: (current: Inspector) => InspectorState,
): Promise<Inspector> {
  let attempted = "";
  try {
    return await db.transaction(async (tx) => {
      const [locked] = await tx
        .select()
        .from(inspectors)
        .where(and(eq(inspectors.id, id), eq(inspectors.departmentId, departmentId)))
        .for("update")
        .limit(1);
      if (!locked) throw new NotFound(`inspector ${id} not found`);
      const current = toInspector(locked);
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== current.version) {
        throw new Conflict(
          `inspector ${id} is at version ${current.version}, not ${opts.expectedVersion}; reload and retry`,
        );
      }
      const before = stateOf(current);
      const after = next(current);
      checkRules(after);
      attempted = after.certificateNo;
      if (changedFields(before, after).length === 0) return current;
      const [row] = await tx
        .update(inspectors)
        .set({ ...after, version: sql`${inspectors.version} + 1`, updatedAt: new Date() })
        .where(eq(inspectors.id, id))
        .returning();
      if (!row) throw new Error("inspector update returned no row");
      await writeHistory(
        tx,
        { departmentId, inspectorId: id, version: row.version },
        action,
        actor,
        before,
        after,
        opts.reason ?? null,
      );
      return toInspector(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateCertificate(attempted);
    throw err;
  }
}

/** Edit roster fields (not the status: that has its own transitions). */
export async function updateInspector(
  db: Db,
  departmentId: string,
  id: string,
  patch: UpdateInspectorInput,
  actor: Actor,
  opts: { reason?: string | null; expectedVersion?: number; action?: "update" | "import" } = {},
): Promise<Inspector> {
  return mutate(db, departmentId, id, opts.action ?? "update", actor, opts, (cur) => ({
    name: patch.name !== undefined ? patch.name.trim() : cur.name,
    post: patch.post !== undefined ? patch.post?.trim() || null : cur.post,
    certificateNo:
      patch.certificateNo !== undefined ? normaliseCertificateNo(patch.certificateNo) : cur.certificateNo,
    certValidFrom: patch.certValidFrom !== undefined ? patch.certValidFrom : cur.certValidFrom,
    certValidUntil: patch.certValidUntil ?? cur.certValidUntil,
    qualifications:
      patch.qualifications !== undefined ? normaliseQualifications(patch.qualifications) : cur.qualifications,
    district: patch.district !== undefined ? patch.district?.trim() || null : cur.district,
    status: cur.status,
  }));
}

export type StatusAction = "suspend" | "reinstate" | "leave";

/** Allowed transitions: which statuses each action starts from, and where it goes. */
const TRANSITIONS: Record<StatusAction, { from: readonly InspectorStatus[]; to: InspectorStatus }> = {
  suspend: { from: ["active"], to: "suspended" },
  // Reinstating someone who left keeps their certificate number and history on one record.
  reinstate: { from: ["suspended", "left"], to: "active" },
  leave: { from: ["active", "suspended"], to: "left" },
};

/**
 * Suspend, reinstate or mark as left. Leaving also revokes the inspector's API tokens:
 * someone no longer on staff must not keep acting as an inspector.
 */
export async function changeInspectorStatus(
  db: Db,
  departmentId: string,
  id: string,
  action: StatusAction,
  actor: Actor,
  reason: string | null = null,
): Promise<Inspector> {
  const rule = TRANSITIONS[action];
  return db.transaction(async (tx) => {
    const updated = await mutate(tx, departmentId, id, action, actor, { reason }, (cur) => {
      if (!rule.from.includes(cur.status)) {
        throw new Unprocessable(`cannot ${action} an inspector whose status is ${cur.status}`, [
          { field: "status", reason: `${action} needs status ${rule.from.join(" or ")}` },
        ]);
      }
      return { ...stateOf(cur), status: rule.to };
    });
    if (action === "leave") {
      await tx
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(
          and(
            eq(apiTokens.departmentId, departmentId),
            eq(apiTokens.inspectorId, id),
            sql`${apiTokens.revokedAt} is null`,
          ),
        );
      await announceChange(tx, departmentId);
    }
    return updated;
  });
}
