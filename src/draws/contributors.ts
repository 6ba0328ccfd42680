/**
 * Entropy contributors (draw-spec §8). Each gets a one-time credential at round creation;
 * with it they submit H(tag ‖ nonce) while the round is a draft (they may compute it
 * themselves with `sortes commit`, so the nonce never reaches the server before reveal),
 * then the nonce once the round is committed.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { contributorCommitment, fromHex, MIN_NONCE_BYTES, toHex } from "../draw-engine/index.js";
import { Conflict, Invalid, Unauthorized } from "../errors.js";
import { appendRoundEvent } from "./ledger-link.js";
import { roundContributors, rounds } from "./schema.js";
import { failRound, lockRound, type RoundStatus, transition } from "./transitions.js";

const CREDENTIAL_RE = /^src_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;

const hash = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** A fresh credential for a contributor row id; only its hash is stored. */
export function newCredential(contributorId: string): { credential: string; hash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { credential: `src_${contributorId}_${secret}`, hash: hash(secret) };
}

/** The contributor a credential names, checked in constant time (an unlocked read). */
export async function contributorByCredential(db: Db, credential: string) {
  const m = CREDENTIAL_RE.exec(credential);
  if (!m) throw new Unauthorized("malformed contributor credential");
  const [row] = await db
    .select()
    .from(roundContributors)
    .where(eq(roundContributors.id, m[1] as string));
  const presented = Buffer.from(hash(m[2] as string), "hex");
  if (!row || !timingSafeEqual(presented, Buffer.from(row.credentialHash, "hex"))) {
    throw new Unauthorized("unknown contributor credential");
  }
  return row;
}

/**
 * The contributor and its round, both locked for the rest of the transaction and read
 * after the locks. The first read only finds the round: what it says of the contributor
 * may be stale (a concurrent reveal of the same credential), so nothing is decided on it.
 * Lock order, as everywhere (commit, draw, reveals): the round row first, then the contributor.
 */
async function lockedContributor(tx: Db, credential: string) {
  const { id, roundId } = await contributorByCredential(tx, credential);
  await lockRound(tx, roundId);
  const [contributor] = await tx
    .select()
    .from(roundContributors)
    .where(eq(roundContributors.id, id))
    .for("update");
  const [round] = await tx.select().from(rounds).where(eq(rounds.id, roundId));
  if (!contributor || !round) throw new Unauthorized("unknown contributor credential");
  return { contributor, round };
}

function hex32(value: string, field: string): string {
  const v = value.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(v))
    throw new Invalid(`${field} must be 64 hex digits`, [{ field, reason: "not a SHA-256 hex digest" }]);
  return v;
}

/**
 * Records a contributor's commitment; only while the round is a draft, only once. The same
 * commitment sent again is answered as the first time (a retry after a lost response).
 */
export async function submitCommitment(db: Db, input: { credential: string; commitment: string }) {
  const commitment = hex32(input.commitment, "commitment");
  return db.transaction(async (tx) => {
    const { contributor, round } = await lockedContributor(tx, input.credential);
    const answer = { roundId: round.id, name: contributor.name, commitment };
    if (contributor.commitment === commitment) return answer;
    if (contributor.commitment !== null)
      throw new Conflict("this contributor has already committed; a commitment cannot be changed");
    if (round.status !== "draft")
      throw new Conflict(`the round is ${round.status}; commitments are accepted only while it is a draft`);
    await tx
      .update(roundContributors)
      .set({ commitment, committedAt: new Date() })
      .where(and(eq(roundContributors.id, contributor.id), isNull(roundContributors.commitment)));
    return answer;
  });
}

/** UTC whole-second timestamp as the engine writes it. */
export function utcSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

export type RevealAnswer =
  | { roundId: string; status: Exclude<RoundStatus, "failed"> }
  | { roundId: string; status: "failed"; reason: string };

/** What a reveal answers: the round's status after it (and why, when it failed). */
function revealAnswer(round: {
  id: string;
  status: RoundStatus;
  failureReason: string | null;
}): RevealAnswer {
  return round.status === "failed"
    ? { roundId: round.id, status: "failed", reason: round.failureReason ?? "" }
    : { roundId: round.id, status: round.status };
}

/**
 * Accepts a reveal. A nonce that does not hash to the commitment fails the round publicly
 * (no second chance: that would let a contributor choose between outcomes). When the last
 * contributor has revealed, the round moves to `revealed`.
 *
 * Exactly one reveal per credential is ever stored: the decision is made on the contributor
 * row read under its lock, so of two concurrent reveals (say one right, one wrong) the second
 * sees the first's nonce. The same nonce again is answered like the first time (200, the
 * round's status now); a different one after a reveal is a 409 and changes nothing.
 */
export async function submitReveal(
  db: Db,
  input: { credential: string; nonce: string },
  now = new Date(),
): Promise<RevealAnswer> {
  const nonceHex = input.nonce.toLowerCase();
  if (!/^(?:[0-9a-f]{2})+$/.test(nonceHex) || nonceHex.length < MIN_NONCE_BYTES * 2) {
    throw new Invalid(`the nonce must be at least ${MIN_NONCE_BYTES} bytes of hex`, [
      { field: "nonce", reason: "not hex or too short" },
    ]);
  }
  return db.transaction(async (tx) => {
    const { contributor, round: r } = await lockedContributor(tx, input.credential);
    if (contributor.nonce === nonceHex) return revealAnswer(r);
    if (contributor.nonce !== null)
      throw new Conflict(
        "this contributor has already revealed a different nonce; a reveal cannot be changed",
      );
    if (r.status !== "committed")
      throw new Conflict(`the round is ${r.status}; reveals are accepted only while it is committed`);
    if (Math.floor(now.getTime() / 1000) > Math.floor(r.revealDeadline.getTime() / 1000)) {
      throw new Conflict("the reveal deadline has passed");
    }
    const revealedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const stored = await tx
      .update(roundContributors)
      .set({ nonce: nonceHex, revealedAt })
      .where(and(eq(roundContributors.id, contributor.id), isNull(roundContributors.nonce)))
      .returning({ id: roundContributors.id });
    // Unreachable while the row lock is held; a guard in case a caller ever skips it.
    if (stored.length !== 1) throw new Conflict("this contributor has already revealed");
    const ref = { roundId: r.id, departmentId: r.departmentId };
    const got = toHex(contributorCommitment(fromHex(nonceHex)));
    if (got !== contributor.commitment) {
      const reason = `the nonce revealed by ${contributor.name} hashes to ${got}, not to its commitment ${contributor.commitment}`;
      await failRound(
        tx,
        { ...ref, from: "committed" },
        "reveal-mismatch",
        reason,
        `contributor:${contributor.name}`,
      );
      return { roundId: r.id, status: "failed" as const, reason };
    }
    const all = await tx.select().from(roundContributors).where(eq(roundContributors.roundId, r.id));
    if (all.every((c) => c.nonce !== null)) {
      await transition(tx, {
        ...ref,
        from: "committed",
        to: "revealed",
        actor: `contributor:${contributor.name}`,
      });
      const reveals = [...all]
        .sort((x, y) => x.position - y.position)
        .map((c) => ({ name: c.name, nonce: c.nonce }));
      await appendRoundEvent(tx, r.departmentId, "round.revealed", r.id, { reveals });
      return { roundId: r.id, status: "revealed" as const };
    }
    return { roundId: r.id, status: "committed" as const };
  });
}

/** Contributors in committed order. */
export async function listContributors(db: Db, roundId: string) {
  return db
    .select()
    .from(roundContributors)
    .where(and(eq(roundContributors.roundId, roundId)))
    .orderBy(asc(roundContributors.position));
}
