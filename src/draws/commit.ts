/**
 * Committing a round: freeze the eligible set, the inspector pool and the conflict set,
 * and fix the commitment before any entropy exists. All in one transaction: a rule
 * violation (e.g. the floor) leaves the round a draft with nothing stored.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import {
  ALGORITHM_ID,
  type BeaconPlan,
  type Commitment,
  CURRENT_ALGORITHM,
  commitmentHashHex,
  compareUtf8,
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
import { utcSeconds } from "./contributors.js";
import { eligibleRootAndCounts, insertEligibleSet, listExclusions } from "./eligible.js";
import { commitEligibleChunks } from "./eligible-chunks.js";
import { appendRoundEvent } from "./ledger-link.js";
import { explainExclusions } from "./pool-exclusions.js";
import { getRound } from "./rounds.js";
import { roundContributors } from "./schema.js";
import {
  conflictDigestsAt,
  departmentInspectors,
  getPublishedVersionById,
  inspectorPool,
  latestRevision,
  roundRule,
} from "./sources.js";
import { lockRound, transition } from "./transitions.js";

/** Qualification label of rounds whose checklist item requires none: a valid enforcement certificate. */
export const ANY_CERTIFIED = "持有效执法证";

/** The filter as committed: a canonical JSON string of the item's target filter. */
function filterText(f: { entityTypes: string[]; industries: string[]; regionCodes: string[] }): string {
  return JSON.stringify({ entityTypes: f.entityTypes, industries: f.industries, regionCodes: f.regionCodes });
}

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
    const item = await getPublishedVersionById(tx, input.departmentId, round.itemVersionId);
    const rule = await roundRule(tx, input.departmentId, round.planYear, item.itemId);
    const revision = await latestRevision(tx, input.departmentId);
    const [dept] = await tx.select().from(departments).where(eq(departments.id, input.departmentId));
    const filter = {
      entityTypes: item.targetEntityTypes,
      industries: item.targetIndustries,
      regionCodes: item.targetRegionCodes,
    };
    await insertEligibleSet(tx, {
      roundId: round.id,
      departmentId: input.departmentId,
      revisionId: revision.id,
      planYear: round.planYear,
      windowFrom: round.windowFrom,
      filter,
      cooldownDays: rule.cooldownDays,
      yearlyCap: rule.yearlyCap,
    });
    // sortes-draw/v2: chunk hashes in SQL; v1 (on request, for older verifiers): per-entity leaves.
    const el =
      algorithm === ALGORITHM_ID
        ? await eligibleRootAndCounts(tx, round.id)
        : await commitEligibleChunks(tx, round.id);
    const exclusions = await listExclusions(tx, round.id);
    const qualification = item.requiredQualification ?? ANY_CERTIFIED;
    const pool = (await inspectorPool(tx, input.departmentId, dept?.code ?? "?", round.windowFrom)).map(
      (r) =>
        // An item without a required qualification takes any certified inspector: every committed
        // pool record then carries the explicit label, so the engine's rule stays "holds the label".
        item.requiredQualification
          ? r
          : { ...r, qualifications: [...new Set([...r.qualifications, ANY_CERTIFIED])] },
    );
    // Who on the roster cannot be drawn, and why: frozen with the pool, shown to admins.
    const excludedInspectors = explainExclusions(await departmentInspectors(tx, input.departmentId), {
      qualification: item.requiredQualification ?? null,
      window: { from: round.windowFrom, until: round.windowUntil },
    });
    const conflicts = await conflictDigestsAt(tx, input.departmentId, round.windowFrom);
    const committedAt = utcSeconds(now);
    // Every stratum of the set must have a rate, or the set would not match its commitment.
    const unrated = [...el.counts.keys()].filter((s) => rule.rates[s] === undefined);
    if (unrated.length > 0)
      throw new Unprocessable(
        `the plan gives no rate for stratum ${unrated.map((s) => JSON.stringify(s)).join(", ")}`,
      );
    const strata = Object.keys(rule.rates)
      .sort(compareUtf8)
      .map((s) => ({ stratum: s, count: el.counts.get(s) ?? 0, rateBp: rule.rates[s] as number }));
    const commitment: Commitment = {
      algorithm,
      roundId: round.id,
      committedAt,
      roster: { revision: revision.label, root: revision.root },
      filter: filterText(filter),
      eligible: { root: el.root, strata, exclusions },
      floor: { minTotalBp: rule.minTotalBp, legalBasis: rule.legalBasis },
      teams: {
        size: round.teamSize,
        qualification,
        window: { from: round.windowFrom, until: round.windowUntil },
        jointDepartments: [],
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
        planId: rule.planId,
        revisionId: revision.id,
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
