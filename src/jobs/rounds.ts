/**
 * Due round transitions, run by the scheduler every minute:
 *   - committed past the reveal deadline with a reveal missing → failed (published reason);
 *   - a planned drand beacon that is due → fetched from the relays and verified; still
 *     missing BEACON_GRACE_S after its emission → failed;
 *   - revealed with draw_at reached → drawn;
 *   - drawn whose inspection window has started (Asia/Shanghai date) → in_progress.
 * At most once across instances: the whole pass holds a transaction-scoped advisory lock
 * (an instance that cannot take it skips the tick), and every step is itself a guarded,
 * unique-per-state transition, so even a repeated pass cannot repeat a transition.
 */
import { and, eq, isNull, lte, sql } from "drizzle-orm";
import { drawAndAssign } from "../assignments/draw-and-assign.js";
import type { Config } from "../config.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import type { BeaconPlan } from "../draw-engine/index.js";
import { beaconDueAt, fetchBeacon } from "../draws/beacon.js";
import { appendRoundEvent } from "../draws/ledger-link.js";
import { roundContributors, rounds } from "../draws/schema.js";
import { failRound, transition } from "../draws/transitions.js";
import type { JobDef } from "./runner.js";

const LOCK_KEY = 7_243_404;
export const BEACON_GRACE_S = 600;
const ACTOR = "job:rounds.due";

export interface DueReport {
  skipped?: true;
  failed: string[];
  beacons: string[];
  drawn: string[];
  started: string[];
  errors: { roundId: string; error: string }[];
}

/** Today's date in China (the departments' legal time zone), YYYY-MM-DD. */
function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export async function runDueRoundTransitions(
  db: Db,
  config: Config,
  now = new Date(),
  /** Restrict the pass to one department (tests; an admin's "run now"). */
  departmentId?: string,
): Promise<DueReport> {
  const scope = departmentId ? eq(rounds.departmentId, departmentId) : undefined;
  const report: DueReport = { failed: [], beacons: [], drawn: [], started: [], errors: [] };
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as ok`,
    );
    if (!lock?.ok) return { ...report, skipped: true as const };
    // Each round's step runs in a savepoint: one round's error never undoes another's transition.
    const step = async (roundId: string, f: (sp: Db) => Promise<void>) => {
      try {
        await tx.transaction(async (sp) => f(sp));
      } catch (e) {
        report.errors.push({ roundId, error: (e as Error).message });
      }
    };

    // Past the deadline as submitReveal counts it (whole seconds: a reveal in the deadline's own
    // second is on time), so the job never fails a round a reveal could still complete.
    const overdue = await tx
      .select()
      .from(rounds)
      .where(
        and(
          scope,
          eq(rounds.status, "committed"),
          sql`date_trunc('second', ${rounds.revealDeadline}) + interval '1 second' <= ${now.toISOString()}::timestamptz`,
        ),
      );
    for (const r of overdue) {
      await step(r.id, async (sp) => {
        const missing = await sp
          .select({ name: roundContributors.name })
          .from(roundContributors)
          .where(and(eq(roundContributors.roundId, r.id), isNull(roundContributors.nonce)));
        const reason = `no reveal by the deadline ${r.revealDeadline.toISOString()} from: ${missing.map((m) => m.name).join(", ")}`;
        await failRound(
          sp,
          { roundId: r.id, departmentId: r.departmentId, from: "committed" },
          "reveal-missing",
          reason,
          ACTOR,
        );
        await appendRoundEvent(sp, r.departmentId, "round.failed", r.id, { code: "reveal-missing", reason });
        report.failed.push(r.id);
      });
    }

    const waiting = await tx
      .select()
      .from(rounds)
      .where(
        and(
          scope,
          sql`${rounds.status} in ('committed', 'revealed')`,
          sql`${rounds.beaconPlan} is not null`,
          isNull(rounds.beacon),
        ),
      );
    for (const r of waiting) {
      const plan = r.beaconPlan as BeaconPlan;
      const due = beaconDueAt(plan);
      if (now.getTime() / 1000 < due) continue;
      await step(r.id, async (sp) => {
        const beacon = await fetchBeacon(config.DRAND_RELAYS, plan);
        if (beacon) {
          await sp
            .update(rounds)
            .set({ beacon })
            .where(and(eq(rounds.id, r.id), isNull(rounds.beacon)));
          report.beacons.push(r.id);
        } else if (r.status === "revealed" && now.getTime() / 1000 > due + BEACON_GRACE_S) {
          const reason = `drand round ${plan.round} could not be obtained from any relay within ${BEACON_GRACE_S} s of its emission`;
          await failRound(
            sp,
            { roundId: r.id, departmentId: r.departmentId, from: "revealed" },
            "beacon-unavailable",
            reason,
            ACTOR,
          );
          await appendRoundEvent(sp, r.departmentId, "round.failed", r.id, {
            code: "beacon-unavailable",
            reason,
          });
          report.failed.push(r.id);
        }
      });
    }

    const toDraw = await tx
      .select()
      .from(rounds)
      .where(and(scope, eq(rounds.status, "revealed"), lte(rounds.drawAt, now)));
    for (const r of toDraw) {
      if (r.beaconPlan && !r.beacon && !report.beacons.includes(r.id)) continue;
      await step(r.id, async (sp) => {
        const res = await drawAndAssign(sp, config, {
          departmentId: r.departmentId,
          roundId: r.id,
          actor: ACTOR,
        });
        if (res.status === "drawn") report.drawn.push(r.id);
        else report.failed.push(r.id);
      });
    }

    const toStart = await tx
      .select()
      .from(rounds)
      .where(and(scope, eq(rounds.status, "drawn"), lte(rounds.windowFrom, chinaDate(now))));
    for (const r of toStart) {
      await step(r.id, async (sp) => {
        await transition(sp, {
          roundId: r.id,
          departmentId: r.departmentId,
          from: "drawn",
          to: "in_progress",
          actor: ACTOR,
        });
        report.started.push(r.id);
      });
    }
    return report;
  });
}

/** The scheduler entry (the lead wires it into src/jobs/registry.ts). */
export function roundsDueJob(config: Config): JobDef {
  return {
    name: "rounds.due",
    cron: "* * * * *",
    description:
      "Fail rounds with missing reveals or beacons, fetch due drand beacons, run scheduled draws, start inspection windows",
    run: (db, now) => runDueRoundTransitions(db, config, now),
  };
}
