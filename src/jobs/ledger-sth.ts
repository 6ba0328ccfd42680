/**
 * Scheduled ledger upkeep: anchor every grown audit chain in its department's log, then sign
 * a tree head for every log that grew since its last signed head, or whose last head is older
 * than a day (so monitors can see the log is alive). A department whose log no longer matches
 * its last head is skipped and reported; the run then fails so the failure is visible.
 */
import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { anchorAuditChains } from "../ledger/audit-anchor.js";
import type { OriginConfig } from "../ledger/checkpoints.js";
import { createTreeHead } from "../ledger/tree.js";
import {
  logsBehindWitnesses,
  submitCheckpoint,
  type WitnessOutcome,
  type WitnessSettings,
} from "../ledger/witness-submit.js";
import { type JobDef, startJobs } from "./runner.js";

export const STH_MAX_AGE_MS = 24 * 3_600_000;

export interface LedgerJobOptions {
  /** Restrict the run to these departments (tests; the schedule covers all). */
  only?: readonly string[];
  /** Where a witness's failure is reported (warn). */
  log?: Pick<Logger, "warn">;
}

export type LedgerJobConfig = Pick<Config, "SIGNING_KEY_HEX"> & OriginConfig & Partial<WitnessSettings>;

/**
 * One run: returns the audit anchors appended, the heads signed and the witness outcomes.
 * Checkpoints go to the witnesses after every head is signed, outside the signing, and a
 * witness's failure is logged and recorded, never thrown.
 */
export async function runLedgerSthJob(
  db: Db,
  config: LedgerJobConfig,
  now = new Date(),
  opts: LedgerJobOptions = {},
) {
  const anchored = await anchorAuditChains(db, now, opts.only);
  const all = await queryRows<{
    department_id: string;
    size: string;
    signed_size: string | null;
    last_ts: string | null;
  }>(
    db,
    sql`select e.department_id, count(*)::text as size,
          (select max(h.tree_size)::text from ledger_tree_heads h where h.department_id = e.department_id) as signed_size,
          (select max(h.timestamp_ms)::text from ledger_tree_heads h where h.department_id = e.department_id) as last_ts
        from ledger_entries e group by e.department_id`,
  );
  const logs = opts.only ? all.filter((l) => opts.only?.includes(l.department_id)) : all;
  const signed: { departmentId: string; treeSize: number }[] = [];
  const failed: { departmentId: string; error: string }[] = [];
  for (const l of logs) {
    const grew = l.signed_size === null || Number(l.signed_size) < Number(l.size);
    const stale = l.last_ts === null || now.getTime() - Number(l.last_ts) >= STH_MAX_AGE_MS;
    if (!grew && !stale) continue;
    try {
      const head = await createTreeHead(db, config, l.department_id, now);
      signed.push({ departmentId: l.department_id, treeSize: head.sth.treeSize });
    } catch (err) {
      failed.push({ departmentId: l.department_id, error: (err as Error).message });
    }
  }
  const witnessed = await submitToWitnesses(db, config, signed, opts);
  if (failed.length > 0) {
    throw new Error(
      `could not sign ${failed.length} log(s): ${failed.map((f) => `${f.departmentId}: ${f.error}`).join("; ")}`,
    );
  }
  return { anchored, signed, witnessed };
}

/** Logs just signed, and logs whose newest checkpoint some witness has not cosigned (it was down). */
async function submitToWitnesses(
  db: Db,
  config: LedgerJobConfig,
  signed: { departmentId: string }[],
  opts: LedgerJobOptions,
) {
  if (!config.WITNESSES?.length || config.WITNESS_TIMEOUT_MS === undefined) return [];
  const settings = { WITNESSES: config.WITNESSES, WITNESS_TIMEOUT_MS: config.WITNESS_TIMEOUT_MS };
  const lagging = await logsBehindWitnesses(db, settings);
  const justSigned = new Set(signed.map((s) => s.departmentId));
  const ids = [...new Set([...justSigned, ...lagging])].filter((id) => !opts.only || opts.only.includes(id));
  const results: { departmentId: string; outcomes: WitnessOutcome[] }[] = [];
  // A few logs at a time: each waits at most WITNESS_TIMEOUT_MS per round trip.
  for (let i = 0; i < ids.length; i += 4) {
    const batch = ids.slice(i, i + 4);
    const done = await Promise.all(
      batch.map(async (departmentId) => ({
        departmentId,
        outcomes: await submitCheckpoint(db, settings, departmentId, {
          onlyBehind: !justSigned.has(departmentId),
        }),
      })),
    );
    results.push(...done);
  }
  for (const r of results) {
    for (const o of r.outcomes.filter((x) => !x.ok)) {
      opts.log?.warn(
        { departmentId: r.departmentId, witness: o.witness, size: o.size, error: o.error },
        "witness did not cosign",
      );
    }
  }
  return results.map((r) => ({
    departmentId: r.departmentId,
    cosigned: r.outcomes.filter((o) => o.ok).map((o) => o.witness),
    failed: r.outcomes.filter((o) => !o.ok).map((o) => ({ witness: o.witness, error: o.error })),
  }));
}

/** The ledger's scheduled jobs, for src/jobs/registry.ts `allJobs`. */
export function ledgerJobs(config: LedgerJobConfig, log?: Pick<Logger, "warn">): JobDef[] {
  return [
    {
      name: "ledger.sign-tree-heads",
      cron: "*/10 * * * *",
      description:
        "Anchor audit chains, sign a tree head and checkpoint for every department log that grew (or daily), submit checkpoints to the witnesses",
      run: (db, now) => runLedgerSthJob(db, config, now, { log }),
    },
  ];
}

/** Starts the ledger jobs on their own (when not wired through the registry). */
export function scheduleLedgerJobs(db: Db, config: LedgerJobConfig, log: Logger) {
  return startJobs(db, ledgerJobs(config, log), log);
}
