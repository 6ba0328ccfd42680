/** Filing and reading findings. Filing needs every current team member's sign-off. */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { rounds } from "../draws/schema.js";
import { NotFound, Unprocessable } from "../errors.js";
import { entities, revisionEntities } from "../rosters/entities/entities.schema.js";
import { type Author, contentHead, signersOf } from "./events.js";
import type { FindingInput } from "./finding-input.js";
import { findings, inspectionEvents } from "./schema.js";
import { lockTimeline, requireMember, type TeamRef } from "./team.js";

export type FindingRow = typeof findings.$inferSelect;

/** The entity as drawn: the round's frozen roster revision, else the working roster. */
async function entitySnapshot(db: Db, team: TeamRef) {
  const cols = {
    name: revisionEntities.name,
    legalRepresentative: revisionEntities.legalRepresentative,
    address: revisionEntities.address,
    naturalPerson: revisionEntities.naturalPerson,
  };
  const [round] = await db
    .select({ revisionId: rounds.revisionId })
    .from(rounds)
    .where(and(eq(rounds.id, team.roundId), eq(rounds.departmentId, team.departmentId)));
  if (round?.revisionId) {
    const [row] = await db
      .select(cols)
      .from(revisionEntities)
      .where(
        and(
          eq(revisionEntities.revisionId, round.revisionId),
          eq(revisionEntities.creditCode, team.entityId),
        ),
      );
    if (row) return row;
  }
  const [row] = await db
    .select({
      name: entities.name,
      legalRepresentative: entities.legalRepresentative,
      address: entities.address,
      naturalPerson: entities.naturalPerson,
    })
    .from(entities)
    .where(and(eq(entities.departmentId, team.departmentId), eq(entities.creditCode, team.entityId)));
  if (!row) throw new Unprocessable(`entity ${team.entityId} is in no roster of this department`);
  return row;
}

export async function fileFinding(db: Db, team: TeamRef, author: Author, input: FindingInput) {
  return db.transaction(async (tx) => {
    const members = await requireMember(tx, team, author.inspectorId);
    await lockTimeline(tx, team);
    if (members.length < 2) {
      throw new Unprocessable("a team needs two or more inspectors before it can file a finding");
    }
    const head = await contentHead(tx, team);
    if (!head) throw new Unprocessable("the inspection timeline is empty");
    const signers = await signersOf(tx, team, head);
    const missing = members.filter((m) => !signers.has(m));
    if (missing.length > 0) {
      throw new Unprocessable(
        "every team member must sign off the current timeline before a finding is filed",
        missing.map((m) => ({ field: "signOff", reason: `inspector ${m} has not signed head ${head}` })),
      );
    }
    await checkEvidence(tx, team, input.evidenceHashes);
    const entity = await entitySnapshot(tx, team);
    const [row] = await tx
      .insert(findings)
      .values({
        departmentId: team.departmentId,
        roundId: team.roundId,
        entityId: team.entityId,
        entityName: entity.name,
        legalRepresentative: entity.legalRepresentative,
        address: entity.address,
        naturalPerson: entity.naturalPerson,
        resultCode: input.resultCode,
        description: input.description,
        rectificationOrdered: input.rectification.ordered,
        rectificationDeadline: input.rectification.deadline,
        penaltyCaseNo: input.followUp.penaltyCaseNo,
        referralAuthority: input.followUp.referralAuthority,
        creditListing: input.followUp.creditListing,
        evidenceHashes: [...new Set(input.evidenceHashes)],
        involvesMinor: input.involvesMinor,
        tradeSecretFields: [...new Set(input.tradeSecretFields)],
        privacyFields: [...new Set(input.privacyFields)],
        withholdingNote: input.withholdingNote,
        decisionType: input.decisionType,
        inspectionEndedOn: input.inspectionEndedOn,
        decidedOn: input.decidedOn,
        signedHead: head,
        filedByInspectorId: author.inspectorId as string,
      })
      .returning();
    return row as FindingRow;
  });
}

/** Every referenced hash must be an evidence file recorded in this team's timeline. */
async function checkEvidence(db: Db, team: TeamRef, hashes: string[]) {
  if (hashes.length === 0) return;
  const rows = await db
    .select({ sha256: inspectionEvents.evidenceSha256 })
    .from(inspectionEvents)
    .where(
      and(
        eq(inspectionEvents.departmentId, team.departmentId),
        eq(inspectionEvents.roundId, team.roundId),
        eq(inspectionEvents.entityId, team.entityId),
        inArray(inspectionEvents.evidenceSha256, hashes),
      ),
    );
  const known = new Set(rows.map((r) => r.sha256));
  const unknown = hashes.filter((h) => !known.has(h));
  if (unknown.length > 0) {
    throw new Unprocessable(
      "evidence references must name files recorded in this team's timeline",
      unknown.map((h) => ({
        field: `evidenceHashes[${hashes.indexOf(h)}]`,
        reason: `${h} is not in this timeline`,
      })),
    );
  }
}

export async function getFinding(db: Db, departmentId: string, id: string): Promise<FindingRow> {
  const [row] = await db
    .select()
    .from(findings)
    .where(and(eq(findings.id, id), eq(findings.departmentId, departmentId)));
  if (!row) throw new NotFound(`finding ${id} not found`);
  return row;
}

export async function listFindings(
  db: Db,
  departmentId: string,
  filter: { roundId?: string; entityId?: string } = {},
) {
  const where = and(
    eq(findings.departmentId, departmentId),
    filter.roundId ? eq(findings.roundId, filter.roundId) : undefined,
    filter.entityId ? eq(findings.entityId, filter.entityId) : undefined,
  );
  return db.select().from(findings).where(where).orderBy(desc(findings.filedAt)).limit(1000);
}
