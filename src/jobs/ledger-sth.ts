/**
 * Scheduled signing of tree heads: every department whose log grew since its last signed
 * head, or whose last head is older than a day (so monitors can see the log is alive),
 * gets a fresh signed tree head.
 */
import { sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { createTreeHead } from "../ledger/tree.js";
import { type JobDef, startJobs } from "./runner.js";

export const STH_MAX_AGE_MS = 24 * 3_600_000;

/** One run: returns the departments signed and their new tree sizes. */
export async function runLedgerSthJob(db: Db, config: Pick<Config, "SIGNING_KEY_HEX">, now = new Date()) {
  const logs = await queryRows<{
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
  const signed: { departmentId: string; treeSize: number }[] = [];
  for (const l of logs) {
    const grew = l.signed_size === null || Number(l.signed_size) < Number(l.size);
    const stale = l.last_ts === null || now.getTime() - Number(l.last_ts) >= STH_MAX_AGE_MS;
    if (!grew && !stale) continue;
    const head = await createTreeHead(db, config, l.department_id, now);
    signed.push({ departmentId: l.department_id, treeSize: head.sth.treeSize });
  }
  signed.sort((a, b) => (a.departmentId < b.departmentId ? -1 : 1));
  return { signed };
}

/** The ledger's scheduled jobs, for src/jobs/registry.ts `allJobs`. */
export function ledgerJobs(config: Pick<Config, "SIGNING_KEY_HEX">): JobDef[] {
  return [
    {
      name: "ledger.sign-tree-heads",
      cron: "*/10 * * * *",
      description: "Sign a tree head for every department log that grew (or daily)",
      run: (db, now) => runLedgerSthJob(db, config, now),
    },
  ];
}

/** Starts the ledger jobs on their own (when not wired through the registry). */
export function scheduleLedgerJobs(db: Db, config: Pick<Config, "SIGNING_KEY_HEX">, log: Logger) {
  return startJobs(db, ledgerJobs(config), log);
}
