/**
 * What a 检查通知书 (notice to the inspected firm, RULES §6) says, read for one drawn entity
 * or a batch of them. Which entities were drawn and who is on each team come from the round's
 * signed proof (its newest version, so substitutions are included), and the stored rows of the
 * entities are checked against it before anything is printed — a notice never names a team the
 * proof does not (as the board and the public drawn list).
 */
import { sql } from "drizzle-orm";
import { getPublishedVersionById } from "../../checklist/item-queries.js";
import type { ChecklistItemVersion } from "../../checklist/item-view.js";
import type { Config } from "../../config.js";
import { textArrayLiteral } from "../../db/arrays.js";
import { queryRows } from "../../db/rows.js";
import type { Db } from "../../db/types.js";
import { getDepartment } from "../../departments/departments.js";
import { getRound, type RoundRow } from "../../draws/rounds.js";
import { type SignedDraw, signedDraw } from "../../draws/signed-draw.js";
import { assertEntitiesMatch } from "../../draws/table-checks.js";
import { Conflict, NotFound } from "../../errors.js";

/** Round statuses whose draw is done (a failed round drew nothing). */
const DRAWN = new Set(["drawn", "in_progress", "closed"]);

export interface NoticeRound {
  round: RoundRow;
  department: { name: string; code: string };
  item: ChecklistItemVersion;
  proofVersion: number;
  /** The portal page that shows the round's commitment and re-runs its draw (also the QR code). */
  verifyUrl: string;
  /** The firm's recusal request page (回避申请), for this round; `?entity=` is added per notice. */
  recusalUrl: string;
  signed: SignedDraw;
}

export interface TeamMember {
  inspectorId: string;
  slot: number;
  name: string;
  post: string | null;
  certificateNo: string;
}

export interface NoticeEntity {
  creditCode: string;
  name: string;
  address: string;
  legalRepresentative: string;
  team: TeamMember[];
}

export function roundVerifyUrl(config: Config, roundId: string): string {
  return `${config.PUBLIC_BASE_URL}/zh/rounds/${roundId}`;
}

/** The round a department prints notices for: 404 for another department's, 409 before its draw. */
export async function noticeRound(
  db: Db,
  config: Config,
  departmentId: string,
  roundId: string,
): Promise<NoticeRound> {
  const round = await getRound(db, departmentId, roundId);
  if (!DRAWN.has(round.status)) {
    throw new Conflict(
      round.status === "failed"
        ? "the round failed and drew no entity, so there is no notice to print"
        : `the round is ${round.status}; notices exist once it is drawn`,
    );
  }
  const signed = await signedDraw(db, round);
  if (!signed) throw new Conflict("the round has no signed proof yet");
  const [department, item] = await Promise.all([
    getDepartment(db, departmentId),
    getPublishedVersionById(db, departmentId, round.itemVersionId),
  ]);
  return {
    round,
    department: { name: department.name, code: department.code },
    item,
    proofVersion: signed.version,
    verifyUrl: roundVerifyUrl(config, round.id),
    recusalUrl: `${config.PUBLIC_BASE_URL}/zh/rounds/${round.id}/recusal`,
    signed,
  };
}

/**
 * The drawn entities `ids` (in the given order) with their frozen roster row and current team.
 * Entity details come from the roster revision the round drew from, so the notice names the
 * firm as it was drawn; inspectors' names and certificates are the roster's current ones.
 */
export async function noticeEntities(
  db: Db,
  nr: NoticeRound,
  ids: readonly string[],
): Promise<NoticeEntity[]> {
  for (const id of ids) {
    if (!nr.signed.selected.has(id)) throw new NotFound(`entity ${id} was not drawn in this round`);
  }
  await assertEntitiesMatch(db, nr.round.id, nr.signed, ids);
  const list = textArrayLiteral(ids);
  const rows = await queryRows<{ code: string; name: string; address: string; rep: string }>(
    db,
    sql`select credit_code as code, name, address, legal_representative as rep from revision_entities
        where revision_id = ${nr.round.revisionId} and credit_code = any(${list}::text[])`,
  );
  const memberIds = [...new Set(ids.flatMap((id) => nr.signed.teams.get(id) ?? []))];
  const people = await queryRows<{ id: string; name: string; post: string | null; cert: string }>(
    db,
    sql`select id, name, post, certificate_no as cert from inspectors
        where department_id = ${nr.round.departmentId} and id = any(${textArrayLiteral(memberIds)}::uuid[])`,
  );
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const byId = new Map(people.map((p) => [p.id, p]));
  return ids.map((id) => {
    const e = byCode.get(id);
    return {
      creditCode: id,
      name: e?.name ?? "",
      address: e?.address ?? "",
      legalRepresentative: e?.rep ?? "",
      team: (nr.signed.teams.get(id) ?? []).map((inspectorId, slot) => {
        const p = byId.get(inspectorId);
        return {
          inspectorId,
          slot,
          name: p?.name ?? inspectorId,
          post: p?.post ?? null,
          certificateNo: p?.cert ?? "",
        };
      }),
    };
  });
}
