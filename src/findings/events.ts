/**
 * The append-only inspection timeline (全程留痕). Each event's hash covers the previous one,
 * so the timeline is a hash chain per team; sign-offs name the content head they sign.
 * There is deliberately no function that updates or deletes an event.
 */
import { and, asc, desc, eq, ne } from "drizzle-orm";
import { shanghaiDate } from "../calendar/dates.js";
import type { Db } from "../db/types.js";
import { Conflict, Invalid } from "../errors.js";
import { canonicalJson, sha256Hex } from "../ledger/canonical.js";
import type { EventKind } from "./result-codes.js";
import { inspectionEvents } from "./schema.js";
import { lockTimeline, requireMember, requireWindowOpen, type TeamRef, teamCertificates } from "./team.js";

export const GENESIS_HASH = "0".repeat(64);

export interface EvidenceRef {
  sha256: string;
  size: number;
  mediaType: string;
  path: string;
}

export interface EventInput {
  kind: Exclude<EventKind, "sign_off">;
  summary: string;
  occurredAt?: string;
  detail?: Record<string, unknown>;
  correctsEventId?: string | null;
  evidence?: EvidenceRef | null;
}

export interface Author {
  inspectorId: string | null;
  tokenId: string;
}

type EventRow = typeof inspectionEvents.$inferSelect;

/** The canonical document an event's hash covers. */
export function eventHashInput(row: Omit<EventRow, "id" | "departmentId" | "hash">) {
  return canonicalJson(
    {
      v: 1,
      roundId: row.roundId,
      entityId: row.entityId,
      seq: row.seq,
      kind: row.kind,
      inspectorId: row.inspectorId,
      tokenId: row.tokenId,
      occurredAt: row.occurredAt,
      recordedAt: row.recordedAt,
      summary: row.summary,
      detail: row.detail,
      correctsEventId: row.correctsEventId,
      evidence: row.evidenceSha256
        ? {
            sha256: row.evidenceSha256,
            size: row.evidenceSize,
            mediaType: row.evidenceMediaType,
            path: row.evidencePath,
          }
        : null,
      prevHash: row.prevHash,
    },
    "inspection event",
  );
}

const teamWhere = (team: TeamRef) =>
  and(
    eq(inspectionEvents.departmentId, team.departmentId),
    eq(inspectionEvents.roundId, team.roundId),
    eq(inspectionEvents.entityId, team.entityId),
  );

async function lastEvent(db: Db, team: TeamRef) {
  const [row] = await db
    .select()
    .from(inspectionEvents)
    .where(teamWhere(team))
    .orderBy(desc(inspectionEvents.seq))
    .limit(1);
  return row ?? null;
}

/** Hash of the last event that is not a sign-off: what every member signs. */
export async function contentHead(db: Db, team: TeamRef): Promise<string | null> {
  const [row] = await db
    .select({ hash: inspectionEvents.hash })
    .from(inspectionEvents)
    .where(and(teamWhere(team), ne(inspectionEvents.kind, "sign_off")))
    .orderBy(desc(inspectionEvents.seq))
    .limit(1);
  return row?.hash ?? null;
}

async function insertEvent(
  tx: Db,
  team: TeamRef,
  author: Author & { inspectorId: string },
  e: Omit<EventInput, "kind"> & { kind: EventKind },
  now: Date,
) {
  const last = await lastEvent(tx, team);
  const recordedAt = now.toISOString();
  const base = {
    roundId: team.roundId,
    entityId: team.entityId,
    seq: (last?.seq ?? 0) + 1,
    kind: e.kind,
    inspectorId: author.inspectorId,
    tokenId: author.tokenId,
    occurredAt: e.occurredAt ?? recordedAt,
    recordedAt,
    summary: e.summary,
    detail: e.detail ?? {},
    correctsEventId: e.correctsEventId ?? null,
    evidenceSha256: e.evidence?.sha256 ?? null,
    evidenceSize: e.evidence?.size ?? null,
    evidenceMediaType: e.evidence?.mediaType ?? null,
    evidencePath: e.evidence?.path ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = sha256Hex(eventHashInput(base));
  const [row] = await tx
    .insert(inspectionEvents)
    .values({ ...base, departmentId: team.departmentId, hash })
    .returning();
  return eventView(row as EventRow);
}

/** Appends one event written by a current team member. */
export async function appendEvent(db: Db, team: TeamRef, author: Author, e: EventInput, now = new Date()) {
  if (e.kind === "media_reference" && typeof e.detail?.uri !== "string") {
    throw new Invalid("a media reference needs detail.uri", [{ field: "detail.uri", reason: "required" }]);
  }
  return db.transaction(async (tx) => {
    const members = await requireMember(tx, team, author.inspectorId);
    await requireWindowOpen(tx, team, e.occurredAt, now);
    await lockTimeline(tx, team);
    if (e.kind === "certificates_shown") {
      const on = shanghaiDate(new Date(e.occurredAt ?? now));
      e = {
        ...e,
        detail: { ...e.detail, certificates: await teamCertificates(tx, team.departmentId, members, on) },
      };
    }
    if (e.correctsEventId) {
      const [old] = await tx
        .select({ kind: inspectionEvents.kind })
        .from(inspectionEvents)
        .where(and(teamWhere(team), eq(inspectionEvents.id, e.correctsEventId)));
      if (!old) {
        throw new Invalid("the corrected event is not in this timeline", [
          { field: "correctsEventId", reason: "unknown event" },
        ]);
      }
      if (old.kind === "sign_off") throw new Invalid("a sign-off cannot be corrected; sign again");
    }
    return insertEvent(tx, team, { ...author, inspectorId: author.inspectorId as string }, e, now);
  });
}

/** The caller signs the current timeline with their own credential (their token). */
export async function signOff(db: Db, team: TeamRef, author: Author, now = new Date()) {
  return db.transaction(async (tx) => {
    await requireMember(tx, team, author.inspectorId);
    await lockTimeline(tx, team);
    const head = await contentHead(tx, team);
    if (!head) throw new Conflict("the timeline is empty; there is nothing to sign");
    const existing = await signersOf(tx, team, head);
    if (existing.has(author.inspectorId as string)) throw new Conflict("you already signed this timeline");
    return insertEvent(
      tx,
      team,
      { ...author, inspectorId: author.inspectorId as string },
      { kind: "sign_off", summary: "签字确认 / sign-off", detail: { signedHead: head } },
      now,
    );
  });
}

/** Inspectors who signed exactly the given content head. */
export async function signersOf(db: Db, team: TeamRef, head: string): Promise<Set<string>> {
  const rows = await db
    .select({ inspectorId: inspectionEvents.inspectorId, detail: inspectionEvents.detail })
    .from(inspectionEvents)
    .where(and(teamWhere(team), eq(inspectionEvents.kind, "sign_off")));
  return new Set(
    rows.filter((r) => (r.detail as { signedHead?: string }).signedHead === head).map((r) => r.inspectorId),
  );
}

export async function listTimeline(db: Db, team: TeamRef) {
  const rows = await db
    .select()
    .from(inspectionEvents)
    .where(teamWhere(team))
    .orderBy(asc(inspectionEvents.seq));
  return rows.map(eventView);
}

/** Recomputes the chain; returns the first broken seq, or null when intact. */
export async function verifyTimeline(db: Db, team: TeamRef): Promise<number | null> {
  const rows = await db
    .select()
    .from(inspectionEvents)
    .where(teamWhere(team))
    .orderBy(asc(inspectionEvents.seq));
  let prev = GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    if (row.seq !== i + 1 || row.prevHash !== prev || sha256Hex(eventHashInput(row)) !== row.hash)
      return row.seq;
    prev = row.hash;
  }
  return null;
}

export function eventView(row: EventRow) {
  return {
    id: row.id,
    seq: row.seq,
    kind: row.kind,
    inspectorId: row.inspectorId,
    occurredAt: row.occurredAt,
    recordedAt: row.recordedAt,
    summary: row.summary,
    detail: row.detail as Record<string, unknown>,
    correctsEventId: row.correctsEventId,
    evidence: row.evidenceSha256
      ? {
          sha256: row.evidenceSha256,
          size: row.evidenceSize as number,
          mediaType: row.evidenceMediaType as string,
          path: row.evidencePath as string,
        }
      : null,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
