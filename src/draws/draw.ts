/**
 * Executing a draw (draw-spec §10) inside one transaction holding the round's row lock:
 * tickets and per-stratum top-k in SQL, teams through the engine's assignTeams on the
 * selected entities only, the signed proof, then the `drawn` transition. A second
 * trigger waits for the lock and returns the stored result; a crash rolls everything
 * back and the retry recomputes the identical result (every input is committed).
 */
import { asc, eq } from "drizzle-orm";
import type { Config } from "../config.js";
import { ensureRoundPartitions } from "../db/department-partitions.js";
import type { Db } from "../db/types.js";
import {
  ALGORITHM_V2,
  type Beacon,
  type Commitment,
  checkReveals,
  computeSeed,
  DrawError,
  ENTROPY_RULE_CODE,
  entropyRuleViolation,
  fromHex,
  type InspectorRecord,
  type Reveal,
  type StratumSelection,
  sampleSize,
  type TeamAssignment,
  toHex,
  verifyBeacon,
} from "../draw-engine/index.js";
import { Conflict } from "../errors.js";
import { utcSeconds } from "./contributors.js";
import { appendRoundEvent, proofSigningKey } from "./ledger-link.js";
import { installNodeHashing } from "./node-hash-link.js";
import { buildSignedProof, proofVersion, roundTeamOutcome, storeProof } from "./proofs.js";
import { getRound } from "./rounds.js";
import { roundContributors } from "./schema.js";
import { selectEntitiesInDb, startNow } from "./select-v2.js";
import { checkLeafRanges, selectStratumInSql, stratumLeafRanges } from "./tickets-sql.js";
import { failRound, lockRound, transition } from "./transitions.js";

/**
 * Persists the drawn teams inside the draw's transaction. The assignments domain provides
 * it (src/assignments/draw-and-assign.ts): draws computes and signs the teams and never
 * imports the layer that stores and announces them.
 */
export type PersistTeams = (
  tx: Db,
  drawn: {
    roundId: string;
    departmentId: string;
    teams: readonly TeamAssignment[];
    /** The committed pool (each record names its department: joint rounds mix departments). */
    pool: readonly InspectorRecord[];
  },
) => Promise<void>;

export interface DrawHooks {
  /** Test hook: runs after everything is written, before the transaction commits. */
  beforeCommit?: () => Promise<void>;
  /** Benchmark hook: called with each phase's name and duration in ms. */
  phase?: (name: string, ms: number) => void;
}

const DONE = new Set(["drawn", "in_progress", "closed"]);

export async function drawRound(
  db: Db,
  config: Config,
  input: { departmentId: string; roundId: string; actor: string },
  persistTeams: PersistTeams,
  hooks: DrawHooks = {},
) {
  installNodeHashing();
  const key = await proofSigningKey(db, config);
  // Before the draw's transaction: creating a partition locks the whole table (department-partitions.ts).
  await ensureRoundPartitions(db, input.roundId);
  return db.transaction(async (tx) => {
    await lockRound(tx, input.roundId);
    const round = await getRound(tx, input.departmentId, input.roundId);
    if (DONE.has(round.status)) {
      const p = await proofVersion(tx, round.id, 1);
      return {
        roundId: round.id,
        status: round.status,
        seed: round.seed as string,
        proofVersion: p.version,
        alreadyDrawn: true,
      };
    }
    if (round.status === "failed") throw new Conflict(`the round failed: ${round.failureReason}`);
    const cs = await tx
      .select()
      .from(roundContributors)
      .where(eq(roundContributors.roundId, round.id))
      .orderBy(asc(roundContributors.position));
    if (round.status !== "revealed") {
      const waiting = cs.filter((c) => c.nonce === null).map((c) => c.name);
      throw new Conflict(
        `the round is ${round.status}; waiting for the reveal of: ${waiting.join(", ") || "—"}`,
      );
    }
    const commitment = JSON.parse(round.commitment as string) as Commitment;
    const ref = { roundId: round.id, departmentId: input.departmentId };
    const reveals: Reveal[] = cs.map((c) => ({
      name: c.name,
      nonce: c.nonce as string,
      revealedAt: utcSeconds(c.revealedAt as Date),
    }));
    let beacon: Beacon | null = null;
    let nonces: Uint8Array[];
    let randomness: Uint8Array | null = null;
    try {
      // A round committed before the entropy rule (draw-spec §8.5) with a single party is not drawn.
      const violation = entropyRuleViolation(commitment.entropy);
      if (violation) throw new DrawError(ENTROPY_RULE_CODE, violation);
      nonces = checkReveals(commitment.entropy.contributors, reveals, commitment.entropy.revealDeadline);
      if (commitment.entropy.beacon) {
        beacon = (round.beacon as Beacon | null) ?? null;
        if (!beacon) throw new Conflict(`waiting for drand round ${commitment.entropy.beacon.round}`);
        randomness = verifyBeacon(commitment.entropy.beacon, beacon);
      }
    } catch (e) {
      if (!(e instanceof DrawError)) throw e;
      await failRound(tx, { ...ref, from: "revealed" }, e.code, e.message, input.actor);
      await appendRoundEvent(tx, input.departmentId, "round.failed", round.id, {
        code: e.code,
        reason: e.message,
      });
      return { roundId: round.id, status: "failed" as const, failure: { code: e.code, reason: e.message } };
    }
    const seed = computeSeed(fromHex(round.commitmentHash as string, 32), nonces, randomness);
    let mark = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      hooks.phase?.(name, now - mark);
      mark = now;
    };
    const ranges = stratumLeafRanges(commitment.eligible.strata);
    await checkLeafRanges(tx, round.id, ranges);
    // v2: the selected rows are written while the teams are computed, and the assignments
    // while the proof is signed (PostgreSQL and Node each on their own core).
    const { selections, stored } =
      commitment.algorithm === ALGORITHM_V2
        ? await selectEntitiesInDb(tx, {
            roundId: round.id,
            departmentId: round.departmentId,
            seed,
            strata: commitment.eligible.strata,
            leafRanges: ranges,
          })
        : {
            selections: await selectV1InSql(tx, round, seed, commitment, ranges),
            stored: Promise.resolve(),
          };
    lap("selection (v2: drawn positions read by index; v1: tickets + top-k in SQL)");
    const pool = round.inspectorPool as InspectorRecord[];
    const conflicts = round.conflictDigests as string[];
    const outcome = roundTeamOutcome({ commitment, seed, pool, conflicts, selections, substitutions: [] });
    lap("teams (engine)");
    await stored;
    lap("selections stored (rest of the overlapped insert)");
    // The inspectors hear of it exactly when the draw commits (the writer enqueues in this transaction).
    const assignmentsStored = startNow(persistTeams(tx, { ...ref, teams: outcome.finalTeams, pool }));
    const seedHex = toHex(seed);
    const proof = buildSignedProof(
      {
        commitment,
        commitmentHash: round.commitmentHash as string,
        reveals,
        beacon,
        seed: seedHex,
        inspectors: pool,
        conflicts,
        selections,
        outcome,
      },
      key,
    );
    lap("proof signed");
    await assignmentsStored;
    lap("assignments stored and notifications enqueued (rest of the overlapped write)");
    await storeProof(tx, { ...ref, version: 1, proof });
    await transition(tx, {
      ...ref,
      from: "revealed",
      to: "drawn",
      actor: input.actor,
      set: { seed: seedHex },
    });
    lap("proof stored, transition, ledger");
    await hooks.beforeCommit?.();
    const selected = selections.reduce((n, s) => n + s.k, 0);
    return {
      roundId: round.id,
      status: "drawn" as const,
      seed: seedHex,
      proofVersion: 1,
      selected,
      teams: outcome.finalTeams.length,
      infeasible: outcome.infeasible.length,
      alreadyDrawn: false,
    };
  });
}

/** sortes-draw/v1: every entity's ticket computed in SQL, per-stratum top-k (draw-spec §6.2, §7). */
async function selectV1InSql(
  tx: Db,
  round: { id: string; departmentId: string },
  seed: Uint8Array,
  commitment: Commitment,
  ranges: Map<string, [number, number]>,
): Promise<StratumSelection[]> {
  const selections: StratumSelection[] = [];
  for (const s of commitment.eligible.strata) {
    const k = sampleSize(s.count, s.rateBp);
    const rows = await selectStratumInSql(tx, {
      roundId: round.id,
      departmentId: round.departmentId,
      seed,
      stratum: s.stratum,
      k,
      leafRange: ranges.get(s.stratum) as [number, number],
    });
    selections.push({
      stratum: s.stratum,
      n: s.count,
      rateBp: s.rateBp,
      k,
      selected: rows.map((r) => ({ id: r.entity_id, ticket: r.ticket })),
    });
  }
  return selections;
}
