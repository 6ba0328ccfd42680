/**
 * Password sign-in and the sessions it opens. The cookie value is `<session id>.<secret>`; the
 * database keeps SHA-256 of the secret (looked up by id, compared in constant time, like API
 * tokens) and SHA-256 of the CSRF token. The CSRF token is an HMAC of the secret, so
 * GET /auth/session can hand it out again from the cookie without storing it in clear.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import { Locked, Unauthorized } from "../errors.js";
import { type AccountRow, normaliseLogin } from "./accounts.js";
import { accounts, sessions } from "./accounts.schema.js";
import { dummyHash, verifyPassword } from "./passwords.js";
import { apiTokens } from "./schema.js";
import type { AuthContext } from "./tokens.js";

export const SESSION_COOKIE = "sortes_session";
const COOKIE_RE = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;
/** last_seen_at is written at most this often per session: one write per minute, not per request. */
const SLIDE_EVERY_MS = 60_000;
const BAD_CREDENTIALS = "wrong login or password";

export type SessionSettings = Pick<
  Config,
  "SESSION_IDLE_MINUTES" | "SESSION_MAX_HOURS" | "LOGIN_MAX_FAILURES" | "LOGIN_LOCK_MINUTES"
>;

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest();
const csrfOf = (secret: string) => createHmac("sha256", secret).update("sortes csrf v1").digest("base64url");

/** What a session-authenticated request knows about its session (RequestCtx.session). */
export interface SessionInfo {
  id: string;
  csrfToken: string;
  /** SHA-256 (hex) of csrfToken as stored; presented tokens are checked against it. */
  csrfHash: string;
  expiresAt: Date;
  account: AccountRow;
}

export function sessionAnswer(s: SessionInfo) {
  const a = s.account;
  return {
    account: {
      id: a.id,
      login: a.login,
      displayName: a.displayName,
      role: a.role,
      departmentId: a.departmentId,
      inspectorId: a.inspectorId,
      mustChangePassword: a.mustChangePassword,
    },
    csrfToken: s.csrfToken,
    expiresAt: s.expiresAt.toISOString(),
  };
}

/**
 * Checks a password and opens a session. Unknown logins, wrong passwords and disabled accounts
 * get the same 401 after the same scrypt work; a locked account gets 423 with its unlock time.
 * LOGIN_MAX_FAILURES consecutive failures lock the account for LOGIN_LOCK_MINUTES (the failing
 * attempt that locks it already answers 423).
 */
export async function signIn(
  db: Db,
  input: { login: string; password: string; now: Date; settings: SessionSettings },
) {
  const { now, settings } = input;
  const [found] = await db
    .select({ account: accounts, actorRevokedAt: apiTokens.revokedAt })
    .from(accounts)
    .innerJoin(apiTokens, eq(apiTokens.id, accounts.actorTokenId))
    .where(eq(accounts.login, normaliseLogin(input.login)))
    .limit(1);
  if (!found) {
    await verifyPassword(input.password, await dummyHash());
    throw new Unauthorized(BAD_CREDENTIALS);
  }
  const account = found.account;
  if (account.lockedUntil && account.lockedUntil > now) throw locked(account.lockedUntil);
  const ok = await verifyPassword(input.password, account.passwordHash);
  // An inspector account whose inspector left has its actor token revoked (src/rosters/inspectors/inspectors.ts).
  if (ok && !account.disabledAt && !found.actorRevokedAt) return openSession(db, account, now, settings);
  if (!ok) await countFailure(db, account.id, now, settings);
  throw new Unauthorized(BAD_CREDENTIALS);
}

function locked(until: Date) {
  return new Locked(`too many failed sign-ins; try again after ${until.toISOString()}`, until);
}

/** One atomic update, so concurrent wrong guesses cannot slip past the limit. */
async function countFailure(db: Db, accountId: string, now: Date, settings: SessionSettings) {
  const reached = sql`${accounts.failedAttempts} + 1 >= ${settings.LOGIN_MAX_FAILURES}`;
  const until = new Date(now.getTime() + settings.LOGIN_LOCK_MINUTES * 60_000).toISOString();
  const [after] = await db
    .update(accounts)
    .set({
      failedAttempts: sql`case when ${reached} then 0 else ${accounts.failedAttempts} + 1 end`,
      lockedUntil: sql`case when ${reached} then ${until}::timestamptz else ${accounts.lockedUntil} end`,
    })
    .where(eq(accounts.id, accountId))
    .returning({ lockedUntil: accounts.lockedUntil });
  if (after?.lockedUntil && after.lockedUntil > now) throw locked(after.lockedUntil);
}

async function openSession(db: Db, account: AccountRow, now: Date, settings: SessionSettings) {
  const secret = randomBytes(32).toString("base64url");
  const csrfToken = csrfOf(secret);
  const expiresAt = new Date(now.getTime() + settings.SESSION_MAX_HOURS * 3_600_000);
  const idleCutoff = new Date(now.getTime() - settings.SESSION_IDLE_MINUTES * 60_000);
  const row = await db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ failedAttempts: 0, lockedUntil: null })
      .where(eq(accounts.id, account.id));
    // The account's dead sessions go now; nothing else sweeps them.
    await tx
      .delete(sessions)
      .where(
        and(
          eq(sessions.accountId, account.id),
          or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)),
        ),
      );
    const [s] = await tx
      .insert(sessions)
      .values({
        accountId: account.id,
        secretHash: sha256(secret).toString("hex"),
        csrfHash: sha256(csrfToken).toString("hex"),
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
      })
      .returning({ id: sessions.id });
    return s;
  });
  if (!row) throw new Error("session insert returned no row");
  const info: SessionInfo = {
    id: row.id,
    csrfToken,
    csrfHash: sha256(csrfToken).toString("hex"),
    expiresAt,
    account: { ...account, failedAttempts: 0, lockedUntil: null },
  };
  return { cookie: `${row.id}.${secret}`, session: info };
}

export function authOf(account: AccountRow): AuthContext {
  return {
    departmentId: account.departmentId,
    role: account.role,
    tokenId: account.actorTokenId,
    inspectorId: account.inspectorId,
    accountId: account.id,
    via: "session",
  };
}

/**
 * Resolves a session cookie, or null when it is malformed, unknown, expired (absolute or
 * idle), or its account is disabled or its inspector left. Slides last_seen_at.
 */
export async function resolveSession(
  db: Db,
  cookie: string,
  now: Date,
  settings: SessionSettings,
): Promise<{ auth: AuthContext; session: SessionInfo } | null> {
  const m = COOKIE_RE.exec(cookie);
  if (!m) return null;
  const [, id, secret] = m as unknown as [string, string, string];
  const [row] = await db
    .select({ session: sessions, account: accounts, actorRevokedAt: apiTokens.revokedAt })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(apiTokens, eq(apiTokens.id, accounts.actorTokenId))
    .where(eq(sessions.id, id))
    .limit(1);
  const expected = Buffer.from(row?.session.secretHash ?? "0".repeat(64), "hex");
  if (!timingSafeEqual(expected, sha256(secret)) || !row) return null;
  const { session, account } = row;
  const idleEnd = session.lastSeenAt.getTime() + settings.SESSION_IDLE_MINUTES * 60_000;
  if (session.expiresAt <= now || idleEnd <= now.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, session.id));
    return null;
  }
  if (account.disabledAt || row.actorRevokedAt) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= SLIDE_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
  }
  return {
    auth: authOf(account),
    session: {
      id: session.id,
      csrfToken: csrfOf(secret),
      csrfHash: session.csrfHash,
      expiresAt: session.expiresAt,
      account,
    },
  };
}

/** Constant-time check of a presented `x-csrf-token` against the session's. */
export function csrfMatches(session: SessionInfo, presented: string | undefined): boolean {
  if (!presented) return false;
  return timingSafeEqual(Buffer.from(session.csrfHash, "hex"), sha256(presented));
}

export async function signOut(db: Db, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}
