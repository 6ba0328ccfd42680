/**
 * Who witnessed the ledger state that holds a round's proof entry. A witness that cosigned a
 * checkpoint of size > i has checked that this tree extends every tree it cosigned before, so
 * it vouches for entry i from its first such cosignature on: the round page shows, for each
 * witness, that first time. The cosignatures were verified against the configured witness
 * keys before they were stored (checkpoint submission); a reader who trusts nobody checks
 * them again with `sortes verify --witness … --quorum N`.
 */
import { and, asc, eq, gt, min } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { publicRound } from "../draws/public.js";
import { ledgerCheckpoints, ledgerCosignatures } from "./checkpoints.schema.js";
import { findLedgerEntries } from "./log.js";

export interface RoundWitnesses {
  /** The newest proof version's `round.proof` ledger entry; null before the draw. */
  entry: { index: number; leafHash: string; version: number } | null;
  /** The first checkpoint that covers the entry (size > index); null until one is signed. */
  checkpoint: { size: number; origin: string; timestamp: string } | null;
  /** Witnesses with a cosignature on a covering checkpoint, earliest first. */
  witnesses: { name: string; keyHash: string; timestamp: string; treeSize: number }[];
}

export async function roundWitnesses(db: Db, input: { roundId: string }): Promise<RoundWitnesses> {
  const round = await publicRound(db, input.roundId);
  const entries = await findLedgerEntries(db, round.departmentId, "round.proof", round.id);
  const newest = entries
    .map((e) => ({ e, version: (e.content as { version?: number } | null)?.version ?? 0 }))
    .reduce<{ e: (typeof entries)[number]; version: number } | null>(
      (a, b) => (a === null || b.version > a.version ? b : a),
      null,
    );
  if (!newest) return { entry: null, checkpoint: null, witnesses: [] };
  const index = newest.e.index;
  const covering = and(
    eq(ledgerCheckpoints.departmentId, round.departmentId),
    gt(ledgerCheckpoints.treeSize, index),
  );
  const [first] = await db
    .select({
      size: ledgerCheckpoints.treeSize,
      origin: ledgerCheckpoints.origin,
      timestamp: ledgerCheckpoints.timestamp,
    })
    .from(ledgerCheckpoints)
    .where(covering)
    .orderBy(asc(ledgerCheckpoints.treeSize))
    .limit(1);
  const rows = await db
    .select({
      name: ledgerCosignatures.witnessName,
      keyHash: ledgerCosignatures.keyHash,
      timestamp: min(ledgerCosignatures.timestamp),
      treeSize: min(ledgerCosignatures.treeSize),
    })
    .from(ledgerCosignatures)
    .where(
      and(eq(ledgerCosignatures.departmentId, round.departmentId), gt(ledgerCosignatures.treeSize, index)),
    )
    .groupBy(ledgerCosignatures.witnessName, ledgerCosignatures.keyHash);
  const witnesses = rows
    .map((r) => ({
      name: r.name,
      keyHash: r.keyHash,
      seconds: Number(r.timestamp),
      treeSize: Number(r.treeSize),
    }))
    .sort((a, b) => a.seconds - b.seconds || a.name.localeCompare(b.name))
    .map(({ seconds, ...w }) => ({ ...w, timestamp: new Date(seconds * 1000).toISOString() }));
  return {
    entry: { index, leafHash: newest.e.leafHash, version: newest.version },
    checkpoint: first
      ? { size: first.size, origin: first.origin, timestamp: new Date(first.timestamp).toISOString() }
      : null,
    witnesses,
  };
}
