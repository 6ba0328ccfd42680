/**
 * Substitution after recusal (draw-spec §9): the recusal becomes an input record
 * (entity, recused inspector, reason, time) appended to the round's list; the engine
 * replays the whole list from the committed inputs to find the substitute, and a new
 * proof version carrying the list is signed, so anyone can re-run it.
 */
import { and, eq, ne, sql } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import { fromHex, type InspectorRecord, type SubstitutionInput } from "../draw-engine/index.js";
import { utcSeconds } from "../draws/contributors.js";
import { getRoundForParticipant } from "../draws/joint.js";
import { proofSigningKey } from "../draws/ledger-link.js";
import { buildSignedProof, loadProof, roundTeamOutcome, storeProof } from "../draws/proofs.js";
import { lockRound } from "../draws/transitions.js";
import { Conflict, NotFound } from "../errors.js";
import { notifySubstitution } from "../notifications/domain-events.js";
import { conflictCategoryEnum } from "../rosters/conflicts/conflicts.schema.js";
import { assignments, roundSubstitutions } from "./schema.js";

/** Recusal grounds are the conflict registry's categories (RULES §5). */
export const RECUSAL_CATEGORIES = conflictCategoryEnum.enumValues;
export type RecusalCategory = (typeof RECUSAL_CATEGORIES)[number];

export interface SubstituteInput {
  /** The caller's department: the recused inspector's (in a joint round, the lead's or a member's). */
  departmentId: string;
  roundId: string;
  entityId: string;
  recused: string;
  category: RecusalCategory;
  statement: string;
  source: "declaration" | "entity-request";
}

/** Runs inside the caller's transaction or opens one. Returns the substitute (null: none eligible). */
export async function substitute(db: Db, config: Config, s: SubstituteInput, now = new Date()) {
  const key = await proofSigningKey(db, config);
  return db.transaction(async (tx) => {
    await lockRound(tx, s.roundId);
    // A joint round is the lead's; a member department acts on its own inspectors' assignments only.
    const round = await getRoundForParticipant(tx, s.departmentId, s.roundId);
    if (round.status !== "drawn" && round.status !== "in_progress") {
      throw new Conflict(
        `the round is ${round.status}; substitutions happen only after the draw and before closing`,
      );
    }
    const [current] = await tx
      .select()
      .from(assignments)
      .where(
        and(
          eq(assignments.roundId, s.roundId),
          eq(assignments.entityId, s.entityId),
          eq(assignments.inspectorId, s.recused),
          eq(assignments.departmentId, s.departmentId),
          ne(assignments.status, "recused"),
        ),
      );
    if (!current) throw new NotFound(`inspector ${s.recused} is not on the team of ${s.entityId}`);
    const { version, proof } = await loadProof(tx, s.roundId);
    // The proof's `at` must not go backwards; stored times are whole UTC seconds.
    const last = proof.substitutions.at(-1)?.at;
    const at = last && last > utcSeconds(now) ? last : utcSeconds(now);
    const record: SubstitutionInput = {
      entityId: s.entityId,
      recused: s.recused,
      reason: `${s.source}: ${s.category}`,
      at,
    };
    const inputs = [
      ...proof.substitutions.map(({ entityId, recused, reason, at }) => ({ entityId, recused, reason, at })),
      record,
    ];
    const outcome = roundTeamOutcome({
      commitment: proof.commitment,
      seed: fromHex(proof.seed, 32),
      pool: proof.inspectors,
      conflicts: proof.conflicts,
      selections: proof.selections,
      substitutions: inputs,
    });
    const result = outcome.substitutions.at(-1);
    const sub = result?.substitute ?? null;
    await tx
      .update(assignments)
      .set({ status: "recused", recusedAt: now })
      .where(and(eq(assignments.id, current.id), eq(assignments.departmentId, current.departmentId)));
    if (sub) {
      await tx.insert(assignments).values({
        departmentId: await departmentOfInspector(tx, proof.inspectors, sub, round.departmentId),
        roundId: s.roundId,
        entityId: s.entityId,
        inspectorId: sub,
        slot: current.slot,
      });
    } else {
      // No eligible substitute: the team is dissolved (never a smaller team), as the engine does.
      await tx
        .update(assignments)
        .set({ status: "recused", recusedAt: now })
        .where(
          and(
            eq(assignments.roundId, s.roundId),
            eq(assignments.entityId, s.entityId),
            ne(assignments.status, "recused"),
          ),
        );
    }
    await notifySubstitution(tx, {
      departmentId: s.departmentId,
      roundId: s.roundId,
      entityId: s.entityId,
      recused: s.recused,
      substitute: sub,
      source: s.source,
      category: s.category,
    });
    await tx.insert(roundSubstitutions).values({
      departmentId: s.departmentId,
      roundId: s.roundId,
      seq: inputs.length,
      entityId: s.entityId,
      recused: s.recused,
      substitute: sub,
      reason: record.reason,
      category: s.category,
      statement: s.statement,
      source: s.source,
      at,
    });
    const next = buildSignedProof(
      {
        commitment: proof.commitment,
        commitmentHash: proof.commitmentHash,
        reveals: proof.reveals,
        beacon: proof.beacon,
        seed: proof.seed,
        inspectors: proof.inspectors,
        conflicts: proof.conflicts,
        selections: proof.selections,
        outcome,
      },
      key,
    );
    // The proof is the round's, i.e. the lead's (as the draw stored it).
    await storeProof(tx, {
      roundId: s.roundId,
      departmentId: round.departmentId,
      version: version + 1,
      proof: next,
    });
    return {
      entityId: s.entityId,
      recused: s.recused,
      substitute: sub,
      at,
      proofVersion: version + 1,
      seq: inputs.length,
    };
  });
}

/**
 * The department an inspector of the committed pool belongs to: in a joint round the pool names
 * it by code (draw-spec §17.2) and the substitute of a member who was not its department's only
 * one may come from any department (§9.1); a single-department round's pool is the lead's.
 */
async function departmentOfInspector(
  tx: Db,
  pool: readonly InspectorRecord[],
  id: string,
  leadId: string,
): Promise<string> {
  const code = pool.find((r) => r.id === id)?.department;
  if (!code) return leadId;
  const [d] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.code, code));
  return d?.id ?? leadId;
}

export async function listSubstitutions(db: Db, roundId: string) {
  return db
    .select()
    .from(roundSubstitutions)
    .where(eq(roundSubstitutions.roundId, roundId))
    .orderBy(sql`seq`);
}
