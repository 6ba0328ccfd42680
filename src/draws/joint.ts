/**
 * Joint rounds (联合抽查, 国发〔2019〕5号 "进一次门、查多项事"). The lead department creates the
 * round and invites other departments; each joins with its own published checklist item,
 * covered by its own approved plan, and may name entropy contributors. At commit the round
 * covers every department (commit-sources.ts): one eligible set over their rosters, one pool of
 * their inspectors, one commitment listing them in `teams.jointDepartments` (lead first), so
 * every team has a member of each department (draw-spec §9). Each department then sees its own
 * inspectors' assignments only (src/assignments/board.ts filters by department).
 */
import { and, asc, eq, inArray, max, or } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import { canonicalLabel } from "../draw-engine/index.js";
import { Conflict, Invalid, NotFound } from "../errors.js";
import { newCredential } from "./contributors.js";
import type { RoundRow } from "./rounds.js";
import { roundContributors, roundJointDepartments, rounds } from "./schema.js";
import { getPublishedItemVersion, roundRule } from "./sources.js";
import { lockRound } from "./transitions.js";

/** Inserts the invitations of a new round (inside its creation transaction). Codes are checked first. */
export async function inviteDepartments(
  tx: Db,
  lead: { roundId: string; departmentId: string },
  codes: readonly string[],
): Promise<void> {
  if (codes.length === 0) return;
  if (new Set(codes).size !== codes.length)
    throw new Invalid("a department is invited twice", [{ field: "jointDepartments", reason: "duplicate" }]);
  const rows = await tx
    .select()
    .from(departments)
    .where(inArray(departments.code, [...codes]));
  const byCode = new Map(rows.map((d) => [d.code, d]));
  const errors = codes.flatMap((c, i) => {
    const d = byCode.get(c);
    if (!d) return [{ field: `jointDepartments.${i}`, reason: `no department has the code ${c}` }];
    if (d.id === lead.departmentId)
      return [{ field: `jointDepartments.${i}`, reason: "the lead department takes part anyway" }];
    return [];
  });
  if (errors.length > 0) throw new Invalid("invalid joint departments", errors);
  await tx.insert(roundJointDepartments).values(
    codes.map((c, i) => ({
      roundId: lead.roundId,
      departmentId: (byCode.get(c) as { id: string }).id,
      position: i + 1,
    })),
  );
}

export interface JointMember {
  departmentId: string;
  code: string;
  name: string;
  position: number;
  itemVersionId: string | null;
  revisionId: string | null;
  joinedAt: Date | null;
  declinedAt: Date | null;
}

/**
 * The invited departments of a round that have not declined, in position order (empty for a
 * single-department round). These are the round's members at commit (commit-sources.ts).
 */
export async function jointMembers(db: Db, roundId: string): Promise<JointMember[]> {
  return (await jointInvitationRows(db, roundId)).filter((m) => m.declinedAt === null);
}

/** Every invitation of a round, declined ones included, in position order. */
export async function jointInvitationRows(db: Db, roundId: string): Promise<JointMember[]> {
  return db
    .select({
      departmentId: roundJointDepartments.departmentId,
      code: departments.code,
      name: departments.name,
      position: roundJointDepartments.position,
      itemVersionId: roundJointDepartments.itemVersionId,
      revisionId: roundJointDepartments.revisionId,
      joinedAt: roundJointDepartments.joinedAt,
      declinedAt: roundJointDepartments.declinedAt,
    })
    .from(roundJointDepartments)
    .innerJoin(departments, eq(departments.id, roundJointDepartments.departmentId))
    .where(eq(roundJointDepartments.roundId, roundId))
    .orderBy(asc(roundJointDepartments.position));
}

/**
 * A round the department leads or was invited to. Reads of a joint round (its view, the team
 * board and exports) go through here; writes to the round stay the lead's (getRound).
 */
export async function getRoundForParticipant(
  db: Db,
  departmentId: string,
  roundId: string,
): Promise<RoundRow> {
  const [r] = await db
    .select({ round: rounds })
    .from(rounds)
    .leftJoin(
      roundJointDepartments,
      and(eq(roundJointDepartments.roundId, rounds.id), eq(roundJointDepartments.departmentId, departmentId)),
    )
    .where(
      and(
        eq(rounds.id, roundId),
        or(eq(rounds.departmentId, departmentId), eq(roundJointDepartments.departmentId, departmentId)),
      ),
    );
  if (!r) throw new NotFound(`round ${roundId} not found`);
  return r.round;
}

/** The department of a joint member: the row of its invitation, or 404 (never 403: no leak). */
export async function invitation(tx: Db, departmentId: string, roundId: string) {
  const [m] = await tx
    .select()
    .from(roundJointDepartments)
    .where(
      and(eq(roundJointDepartments.roundId, roundId), eq(roundJointDepartments.departmentId, departmentId)),
    );
  if (!m) throw new NotFound(`round ${roundId} not found`);
  return m;
}

export interface JoinRoundInput {
  itemCode: string;
  itemVersion?: number;
  /** Entropy contributors this department brings (each gets a one-time credential). */
  contributors: string[];
}

/**
 * An invited department joins a draft joint round with its published checklist item (its
 * approved plan for the round's year must cover it) and optional contributors. Once only.
 */
export async function joinRound(db: Db, departmentId: string, roundId: string, input: JoinRoundInput) {
  const names = input.contributors.map((n, i) => {
    try {
      return canonicalLabel(n, "contributor name");
    } catch (e) {
      throw new Invalid("invalid contributor name", [
        { field: `contributors.${i}`, reason: (e as Error).message },
      ]);
    }
  });
  return db.transaction(async (tx) => {
    await lockRound(tx, roundId);
    const m = await invitation(tx, departmentId, roundId);
    const [round] = await tx.select().from(rounds).where(eq(rounds.id, roundId));
    if (!round) throw new NotFound(`round ${roundId} not found`);
    if (round.status !== "draft")
      throw new Conflict(`the round is ${round.status}; only a draft can be joined`);
    if (m.joinedAt) throw new Conflict("this department has already joined the round");
    if (m.declinedAt) throw new Conflict("this department has declined the invitation");
    const item = await getPublishedItemVersion(tx, departmentId, input.itemCode, input.itemVersion);
    // The member's own plan must cover its item for the round's year (the rates its entities draw at).
    await roundRule(tx, departmentId, round.planYear, item.itemId);
    const taken = await tx
      .select({ name: roundContributors.name })
      .from(roundContributors)
      .where(eq(roundContributors.roundId, roundId));
    const dup = names.find((n, i) => names.indexOf(n) !== i || taken.some((t) => t.name === n));
    if (dup !== undefined)
      throw new Invalid("a contributor is listed twice", [
        { field: "contributors", reason: `${dup} is already a contributor of the round` },
      ]);
    const [last] = await tx
      .select({ p: max(roundContributors.position) })
      .from(roundContributors)
      .where(eq(roundContributors.roundId, roundId));
    let position = (last?.p ?? -1) + 1;
    const credentials: { name: string; credential: string }[] = [];
    for (const name of names) {
      const id = crypto.randomUUID();
      const c = newCredential(id);
      await tx
        .insert(roundContributors)
        .values({ id, departmentId, roundId, position: position++, name, credentialHash: c.hash });
      credentials.push({ name, credential: c.credential });
    }
    await tx
      .update(roundJointDepartments)
      .set({ itemVersionId: item.id, joinedAt: new Date() })
      .where(
        and(eq(roundJointDepartments.roundId, roundId), eq(roundJointDepartments.departmentId, departmentId)),
      );
    return { roundId, itemCode: item.code, itemVersion: item.version, credentials };
  });
}

/** Joint rounds the department was invited to (led by another department), newest first. */
export async function listJointInvitations(db: Db, departmentId: string) {
  const rows = await db
    .select({
      round: rounds,
      joinedAt: roundJointDepartments.joinedAt,
      declinedAt: roundJointDepartments.declinedAt,
      lead: departments,
    })
    .from(roundJointDepartments)
    .innerJoin(rounds, eq(rounds.id, roundJointDepartments.roundId))
    .innerJoin(departments, eq(departments.id, rounds.departmentId))
    .where(eq(roundJointDepartments.departmentId, departmentId))
    .orderBy(asc(rounds.createdAt));
  return rows.reverse().map((r) => ({
    roundId: r.round.id,
    title: r.round.title,
    planYear: r.round.planYear,
    status: r.round.status,
    lead: { code: r.lead.code, name: r.lead.name },
    joined: r.joinedAt !== null,
    declined: r.declinedAt !== null,
  }));
}
