/** Creating and reading rounds (抽查任务). The lifecycle itself is in transitions.ts. */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import {
  type BeaconPlan,
  canonicalLabel,
  DRAND_QUICKNET,
  DRAND_SCHEME,
  type DrawError,
  ENTROPY_RULE_CODE,
  entropyRuleViolation,
} from "../draw-engine/index.js";
import { Invalid, NotFound, Unprocessable } from "../errors.js";
import { newCredential, utcSeconds } from "./contributors.js";
import { inviteDepartments, jointInvitationRows, jointMembers } from "./joint.js";
import { roundContributors, rounds, roundTransitions } from "./schema.js";
import { getPublishedItemVersion, roundRule } from "./sources.js";

export interface CreateRoundInput {
  title: string;
  planYear: number;
  itemCode: string;
  itemVersion?: number;
  teamSize: number;
  windowFrom: string;
  windowUntil: string;
  revealDeadline: string;
  drawAt?: string | null;
  contributors: string[];
  /** drand quicknet round whose emission must come after the commitment. */
  beaconRound?: number | null;
  supplementsRoundId?: string | null;
  /** Codes of the departments invited to a joint round (联合抽查); each joins before commit. */
  jointDepartments?: string[];
  /** RULES §5: entities with ≥ minComplaints complaints draw at rateBp (draw-spec §17.1). */
  complaintStratum?: { minComplaints: number; rateBp: number } | null;
}

export function quicknetPlan(round: number): BeaconPlan {
  return { network: "drand", scheme: DRAND_SCHEME, ...DRAND_QUICKNET, round };
}

function contributorNames(names: string[]): string[] {
  const out: string[] = [];
  for (const [i, n] of names.entries()) {
    try {
      out.push(canonicalLabel(n, "contributor name"));
    } catch (e) {
      throw new Invalid("invalid contributor name", [
        { field: `contributors.${i}`, reason: (e as DrawError).message },
      ]);
    }
  }
  if (new Set(out).size !== out.length)
    throw new Invalid("a contributor is listed twice", [{ field: "contributors", reason: "duplicate name" }]);
  return out;
}

/** Creates a draft round and returns each contributor's one-time credential (shown only here). */
export async function createRound(db: Db, departmentId: string, input: CreateRoundInput, actor = "api") {
  const names = contributorNames(input.contributors);
  const joint = (input.jointDepartments ?? []).length > 0;
  if (joint && input.teamSize < 1 + (input.jointDepartments as string[]).length)
    throw new Invalid("a joint round's team needs a member of every department", [
      { field: "teamSize", reason: `at least ${1 + (input.jointDepartments as string[]).length}` },
    ]);
  // No single party (draw-spec §8.5): refused now rather than at commit, after contributors committed.
  // A joint round's other departments may bring contributors when they join: checked at commit.
  const violation = joint
    ? null
    : entropyRuleViolation({
        contributors: names.map((name) => ({ name, commitment: null })),
        beacon: input.beaconRound ? quicknetPlan(input.beaconRound) : null,
      });
  if (violation) {
    throw new Unprocessable(
      violation,
      [{ field: "contributors", reason: "fewer than the entropy rule needs" }],
      {
        code: ENTROPY_RULE_CODE,
      },
    );
  }
  if (input.windowFrom > input.windowUntil) {
    throw new Invalid("the inspection window ends before it starts", [
      { field: "windowUntil", reason: "before windowFrom" },
    ]);
  }
  const item = await getPublishedItemVersion(db, departmentId, input.itemCode, input.itemVersion);
  // The plan rule commit applies (same 422 and words): refused before any contributor commits.
  const rule = await roundRule(db, departmentId, input.planYear, item.itemId);
  const complaints = input.complaintStratum ?? null;
  const highest = Math.max(...Object.values(rule.rates));
  if (complaints && complaints.rateBp < highest)
    throw new Unprocessable(
      `the complaint stratum's rate ${complaints.rateBp} bp is below ${highest} bp, the plan's highest class rate: it must raise the intensity`,
      [{ field: "complaintStratum.rateBp", reason: `at least ${highest}` }],
    );
  if (input.supplementsRoundId) await getRound(db, departmentId, input.supplementsRoundId);
  return db.transaction(async (tx) => {
    const [round] = await tx
      .insert(rounds)
      .values({
        departmentId,
        title: input.title,
        planYear: input.planYear,
        itemVersionId: item.id,
        teamSize: input.teamSize,
        windowFrom: input.windowFrom,
        windowUntil: input.windowUntil,
        revealDeadline: new Date(input.revealDeadline),
        drawAt: input.drawAt ? new Date(input.drawAt) : null,
        beaconPlan: input.beaconRound ? quicknetPlan(input.beaconRound) : null,
        supplementsRoundId: input.supplementsRoundId ?? null,
        complaintStratum: complaints,
      })
      .returning();
    if (!round) throw new Error("round insert returned no row");
    await inviteDepartments(tx, { roundId: round.id, departmentId }, input.jointDepartments ?? []);
    await tx
      .insert(roundTransitions)
      .values({ roundId: round.id, departmentId, fromStatus: null, toStatus: "draft", actor });
    const credentials: { name: string; credential: string }[] = [];
    for (const [position, name] of names.entries()) {
      const id = crypto.randomUUID();
      const c = newCredential(id);
      await tx
        .insert(roundContributors)
        .values({ id, departmentId, roundId: round.id, position, name, credentialHash: c.hash });
      credentials.push({ name, credential: c.credential });
    }
    return { round: await roundView(tx, round), credentials };
  });
}

export type RoundRow = typeof rounds.$inferSelect;

export async function getRound(db: Db, departmentId: string, roundId: string): Promise<RoundRow> {
  const [r] = await db
    .select()
    .from(rounds)
    .where(and(eq(rounds.id, roundId), eq(rounds.departmentId, departmentId)));
  if (!r) throw new NotFound(`round ${roundId} not found`);
  return r;
}

/** A round by id alone (public reads: ids are unguessable uuids and rounds are public once committed). */
export async function getRoundById(db: Db, roundId: string): Promise<RoundRow> {
  const [r] = await db.select().from(rounds).where(eq(rounds.id, roundId));
  if (!r) throw new NotFound(`round ${roundId} not found`);
  return r;
}

export async function listRounds(db: Db, departmentId: string) {
  const rows = await db
    .select()
    .from(rounds)
    .where(eq(rounds.departmentId, departmentId))
    .orderBy(desc(rounds.createdAt));
  return Promise.all(rows.map((r) => roundView(db, r)));
}

const SETTLED = new Set(["drawn", "in_progress", "closed", "failed"]);

/**
 * From the draw on (or a failure), a round's public data — view, proofs, eligible set,
 * selections — changes only by transition() or a new proof version (logged in the ledger),
 * both of which announce the change (src/db/change-feed.ts): it may be cached in memory.
 * Before, each contributor's reveal changes it too.
 */
export const publicDataSettled = (status: string): boolean => SETTLED.has(status);

const NONCES_VISIBLE = new Set(["revealed", "drawn", "in_progress", "closed", "failed"]);

/**
 * The round as anyone may see it: commitment, status, failure reason, contributors with
 * their commitments — and their nonces only once the round is revealed (or failed).
 */
export async function roundView(db: Db, r: RoundRow) {
  const cs = await db
    .select()
    .from(roundContributors)
    .where(eq(roundContributors.roundId, r.id))
    .orderBy(roundContributors.position);
  const showNonces = NONCES_VISIBLE.has(r.status);
  const [lead] = await db.select().from(departments).where(eq(departments.id, r.departmentId));
  // A draft lists declined invitations too (the lead sees who said no); later only the members.
  const members = await (r.status === "draft" ? jointInvitationRows : jointMembers)(db, r.id);
  return {
    id: r.id,
    departmentId: r.departmentId,
    title: r.title,
    planYear: r.planYear,
    itemVersionId: r.itemVersionId,
    revisionId: r.revisionId,
    status: r.status,
    failure: r.failureCode ? { code: r.failureCode, reason: r.failureReason ?? "" } : null,
    teamSize: r.teamSize,
    window: { from: r.windowFrom, until: r.windowUntil },
    // Times that also appear in the commitment or the proof are in its form (draw-spec §3.2).
    revealDeadline: utcSeconds(r.revealDeadline),
    drawAt: r.drawAt?.toISOString() ?? null,
    beaconPlan: (r.beaconPlan as BeaconPlan | null) ?? null,
    beacon: r.beacon ?? null,
    commitment: r.commitment ? (JSON.parse(r.commitment) as unknown) : null,
    commitmentHash: r.commitmentHash,
    seed: r.seed,
    supplementsRoundId: r.supplementsRoundId,
    complaintStratum: (r.complaintStratum as { minComplaints: number; rateBp: number } | null) ?? null,
    // Every department of the round, the lead first (a joint round lists its invited ones too).
    departments: [
      {
        code: lead?.code ?? "",
        name: lead?.name ?? "",
        role: "lead" as const,
        joined: true,
        declined: false,
      },
      ...members.map((m) => ({
        code: m.code,
        name: m.name,
        role: "member" as const,
        joined: m.joinedAt !== null,
        declined: m.declinedAt !== null,
      })),
    ],
    contributors: cs.map((c) => ({
      name: c.name,
      commitment: c.commitment,
      revealed: c.nonce !== null,
      nonce: showNonces ? c.nonce : null,
      revealedAt: showNonces && c.revealedAt ? utcSeconds(c.revealedAt) : null,
    })),
    createdAt: r.createdAt.toISOString(),
    committedAt: r.committedAt ? utcSeconds(r.committedAt) : null,
  };
}
