/**
 * Public reads (no token): committed rounds with their commitment and status, proofs,
 * the eligible set (NDJSON / CSV, streamed) and per-entity lookup with inclusion proof.
 * Drafts are not public; a draft's id answers 404 like an unknown id.
 */
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { ALGORITHM_V2, canonicalEntityId, type DrawError } from "../draw-engine/index.js";
import { Invalid, NotFound } from "../errors.js";
import { csvCell } from "../http/csv.js";
import { eligibleRows } from "./eligible.js";
import { chunkInclusionProof } from "./eligible-chunks.js";
import { leafHashSql, streamingInclusionProof } from "./inclusion.js";
import { getRoundById, type RoundRow, roundView } from "./rounds.js";
import { rounds } from "./schema.js";
import { signedDraw } from "./signed-draw.js";
import { assertSelectedRow } from "./table-checks.js";

export async function publicRound(db: Db, roundId: string): Promise<RoundRow> {
  const r = await getRoundById(db, roundId);
  if (r.status === "draft") throw new NotFound(`round ${roundId} not found`);
  return r;
}

export async function listPublicRounds(db: Db, filter: { departmentId?: string; year?: number }) {
  const conds = [ne(rounds.status, "draft")];
  if (filter.departmentId) conds.push(eq(rounds.departmentId, filter.departmentId));
  if (filter.year) conds.push(eq(rounds.planYear, filter.year));
  const rows = await db
    .select()
    .from(rounds)
    .where(and(...conds))
    .orderBy(desc(rounds.committedAt))
    .limit(500);
  return Promise.all(rows.map((r) => roundView(db, r)));
}

/** Eligible rows as NDJSON lines {"stratum","id"} in leaf order — what `sortes verify --eligible` reads. */
export async function* eligibleNdjson(db: Db, roundId: string): AsyncGenerator<string> {
  for await (const r of eligibleRows(db, roundId))
    yield `${JSON.stringify({ stratum: r.stratum, id: r.id })}\n`;
}

/** Eligible rows as CSV with header `stratum,id`. */
export async function* eligibleCsv(db: Db, roundId: string): AsyncGenerator<string> {
  yield "stratum,id\n";
  for await (const r of eligibleRows(db, roundId)) yield `${csvCell(r.stratum)},${csvCell(r.id)}\n`;
}

/**
 * Was this entity drawn in the round? Answers eligibility (with the inclusion proof
 * against the committed eligible root), exclusion with reason, and selection with
 * ticket and rank. `round` comes from publicRound (a draft is never looked up).
 */
export async function entityLookup(db: Db, round: RoundRow, code: string) {
  const roundId = round.id;
  let id: string;
  try {
    id = canonicalEntityId(code);
  } catch (e) {
    throw new Invalid((e as DrawError).message, [{ field: "code", reason: "not a valid entity id" }]);
  }
  const commitment = round.commitment
    ? (JSON.parse(round.commitment) as {
        algorithm: string;
        eligible: { root: string; strata: { count: number }[] };
      })
    : null;
  const [el] = await queryRows<{ stratum: string; leaf_index: number; leaf_hash: string }>(
    db,
    sql`select stratum, leaf_index, encode(${leafHashSql}, 'hex') as leaf_hash from round_eligible
        where round_id = ${roundId} and entity_id = ${id}`,
  );
  const [ex] = await queryRows<{ reason: string }>(
    db,
    sql`select reason from round_exclusions where round_id = ${roundId} and entity_id = ${id}`,
  );
  const [sel] = await queryRows<{ stratum: string; rank: number; ticket: string }>(
    db,
    // With the round's department: the lookup reads that department's partition only.
    sql`select stratum, rank, ticket from round_selected
        where round_id = ${roundId} and entity_id = ${id} and department_id = ${round.departmentId}`,
  );
  // Served only when it is what the signed proof (its digest pinned in the ledger) says.
  assertSelectedRow(await signedDraw(db, round), roundId, id, sel && { ...sel, rank: Number(sel.rank) });
  // The committed counts are the set's size (checked at commit); no count(*) over a million rows.
  const treeSize = (commitment?.eligible.strata ?? []).reduce((n, x) => n + x.count, 0);
  // Shaped as the engine's inclusion proof of the round's algorithm, so `sortes verify-inclusion`
  // reads it as is: v2 carries the entity's chunk, v1 the entity's own leaf hash.
  const root = commitment?.eligible.root ?? "";
  const index = Number(el?.leaf_index);
  const inclusion = !el
    ? null
    : commitment?.algorithm === ALGORITHM_V2
      ? await chunkInclusionProof(db, { roundId, root, size: treeSize, index, stratum: el.stratum, id })
      : {
          root,
          treeSize,
          index,
          stratum: el.stratum,
          id,
          path: await streamingInclusionProof(db, roundId, index, treeSize),
          leafHash: el.leaf_hash,
        };
  return {
    roundId,
    entityId: id,
    status: round.status,
    eligible: Boolean(el),
    stratum: el?.stratum ?? null,
    excluded: ex ? { reason: ex.reason } : null,
    drawn: Boolean(sel),
    // 1-based like every public surface (draw-spec §7); round_selected.rank is the 0-based list index.
    rank: sel ? Number(sel.rank) + 1 : null,
    ticket: sel?.ticket ?? null,
    inclusion,
  };
}
