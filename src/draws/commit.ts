/**
 * Committing a round: freeze the eligible set, the inspector pool and the conflict set,
 * and fix the commitment before any entropy exists. All in one transaction: a rule
 * violation (e.g. the floor) leaves the round a draft with nothing stored.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import {
  ALGORITHM_ID,
  type BeaconPlan,
  type Commitment,
  CURRENT_ALGORITHM,
  commitmentHashHex,
  conflictSetRoot,
  DrawError,
  ENTROPY_RULE_CODE,
  entropyRuleViolation,
  FAILURE_POLICY,
  fromHex,
  inspectorPoolRoot,
  toHex,
  validateCommitment,
} from "../draw-engine/index.js";
import { Conflict, Unprocessable } from "../errors.js";
import {
  type ComplaintStratumRule,
  commitSources,
  committedConflicts,
  committedFilter,
  committedFloor,
  committedPool,
  committedQualification,
  committedStrata,
  sourceFilter,
} from "./commit-sources.js";
import { utcSeconds } from "./contributors.js";
import { eligibleRootAndCounts, insertEligibleSet, listExclusions } from "./eligible.js";
import { commitEligibleChunks } from "./eligible-chunks.js";
import { appendRoundEvent } from "./ledger-link.js";
import { getRound } from "./rounds.js";
import { roundContributors, roundJointDepartments } from "./schema.js";
import { lockRound, transition } from "./transitions.js";

export { ANY_CERTIFIED } from "./commit-sources.js";

export async function commitRound(
  db: Db,
  input: { departmentId: string; roundId: string; actor: string; algorithm?: string },
  now = new Date(),
) {
  const algorithm = input.algorithm ?? CURRENT_ALGORITHM;
  return db.transaction(async (tx) => {
    await lockRound(tx, input.roundId);
    const round = await getRound(tx, input.departmentId, input.roundId);
    if (round.status !== "draft")
      throw new Conflict(`the round is ${round.status}; only a draft can be committed`);
    const contributors = await tx
      .select()
      .from(roundContributors)
      .where(eq(roundContributors.roundId, round.id))
      .orderBy(roundContributors.position);
    const missing = contributors.filter((c) => c.commitment === null).map((c) => c.name);
    if (missing.length > 0) throw new Conflict(`waiting for the commitment of: ${missing.join(", ")}`);
    // No single party (draw-spec §8.5); drafts created before the rule existed are caught here,
    // and so are two credentials that committed one nonce.
    const violation = entropyRuleViolation({ contributors, beacon: round.beaconPlan ?? null });
    if (violation) throw new Unprocessable(violation, [], { code: ENTROPY_RULE_CODE });
    const [dept] = await tx.select().from(departments).where(eq(departments.id, input.departmentId));
    // The lead alone, or every department of a joint round (lead first): draw-spec §17.
    const sources = await commitSources(tx, round, dept?.code ?? "?");
    const lead = sources[0] as (typeof sources)[number];
    const complaints = (round.complaintStratum as ComplaintStratumRule | null) ?? null;
    await insertEligibleSet(tx, {
      roundId: round.id,
      planYear: round.planYear,
      windowFrom: round.windowFrom,
      sources: sources.map((s) => ({
        departmentId: s.departmentId,
        revisionId: s.revision.id,
        stratumPrefix: s.stratumPrefix,
        filter: sourceFilter(s),
        cooldownDays: s.rule.cooldownDays,
        yearlyCap: s.rule.yearlyCap,
      })),
      complaintStratum: complaints,
    });
    // sortes-draw/v2: chunk hashes in SQL; v1 (on request, for older verifiers): per-entity leaves.
    const el =
      algorithm === ALGORITHM_ID
        ? await eligibleRootAndCounts(tx, round.id)
        : await commitEligibleChunks(tx, round.id);
    const exclusions = await listExclusions(tx, round.id);
    const window = { from: round.windowFrom, until: round.windowUntil };
    // Who on the rosters cannot be drawn, and why: frozen with the pool, shown to admins.
    const { pool, excluded: excludedInspectors } = await committedPool(tx, sources, window);
    const conflicts = await committedConflicts(tx, sources, round.windowFrom);
    const committedAt = utcSeconds(now);
    const strata = committedStrata(sources, el.counts, complaints);
    for (const s of sources.slice(1))
      await tx
        .update(roundJointDepartments)
        .set({ revisionId: s.revision.id })
        .where(
          and(
            eq(roundJointDepartments.roundId, round.id),
            eq(roundJointDepartments.departmentId, s.departmentId),
          ),
        );
    const commitment: Commitment = {
      algorithm,
      roundId: round.id,
      committedAt,
      roster: { revision: lead.revision.label, root: lead.revision.root },
      filter: committedFilter(sources, complaints),
      eligible: { root: el.root, strata, exclusions },
      floor: committedFloor(sources),
      teams: {
        size: round.teamSize,
        qualification: committedQualification(sources),
        window,
        jointDepartments: sources.length > 1 ? sources.map((s) => s.code) : [],
      },
      inspectors: { root: toHex(inspectorPoolRoot(pool)), count: pool.length },
      conflicts: {
        root: toHex(conflictSetRoot(conflicts.map((d) => fromHex(d, 32)))),
        count: conflicts.length,
      },
      entropy: {
        contributors: contributors.map((c) => ({ name: c.name, commitment: c.commitment as string })),
        beacon: (round.beaconPlan as BeaconPlan | null) ?? null,
        revealDeadline: utcSeconds(round.revealDeadline),
        failurePolicy: FAILURE_POLICY,
      },
    };
    try {
      validateCommitment(commitment);
    } catch (e) {
      if (e instanceof DrawError) throw new Unprocessable(e.message, [], { code: e.code });
      throw e;
    }
    const hash = commitmentHashHex(commitment);
    const json = JSON.stringify(commitment);
    await transition(tx, {
      roundId: round.id,
      departmentId: input.departmentId,
      from: "draft",
      to: "committed",
      actor: input.actor,
      set: {
        commitment: json,
        commitmentHash: hash,
        committedAt: new Date(committedAt),
        planId: lead.rule.planId,
        revisionId: lead.revision.id,
        inspectorPool: pool,
        inspectorExclusions: excludedInspectors,
        conflictDigests: conflicts,
      },
    });
    await appendRoundEvent(tx, input.departmentId, "round.commitment", round.id, { commitmentHash: hash });
    return {
      roundId: round.id,
      commitmentHash: hash,
      commitment,
      eligibleCount: el.size,
      excludedInspectors,
    };
  });
}
