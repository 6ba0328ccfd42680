/**
 * The public drawn list (抽查结果): every drawn entity of a round with its stratum, rank,
 * ticket and current team, a page at a time in proof order. The page is built from the
 * signed proof and served only when the stored rows of its entities say the same, and the
 * tables hold no row the proof lacks (counts; on a difference the whole round is compared to
 * name the first row that differs). `sortes audit` compares this list with the proof too.
 */
import type { Db } from "../db/types.js";
import type { RoundRow } from "./rounds.js";
import { signedDraw } from "./signed-draw.js";
import { assertEntitiesMatch } from "./table-checks.js";

export interface DrawnPage {
  roundId: string;
  proofVersion: number | null;
  proofSha256: string | null;
  total: number;
  offset: number;
  limit: number;
  items: { entityId: string; stratum: string; rank: number; ticket: string; inspectors: string[] }[];
}

export async function drawnList(
  db: Db,
  round: RoundRow,
  page: { offset: number; limit: number },
): Promise<DrawnPage> {
  const signed = await signedDraw(db, round);
  const ids = signed?.order.slice(page.offset, page.offset + page.limit) ?? [];
  await assertEntitiesMatch(db, round.id, signed, ids, { publicOnly: true });
  return {
    roundId: round.id,
    proofVersion: signed?.version ?? null,
    proofSha256: signed?.sha256 ?? null,
    total: signed?.order.length ?? 0,
    offset: page.offset,
    limit: page.limit,
    items: ids.map((id) => {
      const r = signed?.selected.get(id) as { stratum: string; rank: number; ticket: string };
      // Ranks are 1-based on every public surface (draw-spec §7); the proof's list index is rank − 1.
      return { entityId: id, ...r, rank: r.rank + 1, inspectors: [...(signed?.teams.get(id) ?? [])] };
    }),
  };
}
