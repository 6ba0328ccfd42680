/**
 * Staff accounts: created by an admin (or the CLI / first-start bootstrap), each acting through
 * an actor token of its own (see accounts.schema.ts). A password is either given by the admin
 * or generated and returned once; either way the holder must change it at first sign-in.
 */
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { Conflict, Invalid, NotFound } from "../errors.js";
import { accounts, sessions } from "./accounts.schema.js";
import { checkPasswordRules, generatePassword, hashPassword, verifyPassword } from "./passwords.js";
import { apiTokens } from "./schema.js";
import { createToken, type Role } from "./tokens.js";

const LOGIN_RE = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

export interface CreateAccountInput {
  departmentId: string;
  login: string;
  displayName: string;
  role: Role;
  inspectorId?: string | null;
  /** Omitted: a one-time password is generated and returned. */
  password?: string;
}

export type AccountRow = typeof accounts.$inferSelect;

/** What an account looks like to its department (never the hash). */
export function accountView(a: AccountRow) {
  return {
    id: a.id,
    departmentId: a.departmentId,
    login: a.login,
    displayName: a.displayName,
    role: a.role,
    inspectorId: a.inspectorId,
    /** The actor id this account's requests carry in the audit trail and elsewhere. */
    actorId: a.actorTokenId,
    mustChangePassword: a.mustChangePassword,
    lockedUntil: a.lockedUntil?.toISOString() ?? null,
    disabledAt: a.disabledAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}

export function normaliseLogin(login: string): string {
  return login.trim().normalize("NFC").toLowerCase();
}

export async function createAccount(db: Db, input: CreateAccountInput) {
  const login = normaliseLogin(input.login);
  if (!LOGIN_RE.test(login)) {
    throw new Invalid("invalid login", [
      {
        field: "login",
        reason: "2–64 characters: letters, digits, '.', '_', '-', '@'; starting with a letter or digit",
      },
    ]);
  }
  const displayName = input.displayName.trim();
  if (displayName === "")
    throw new Invalid("invalid account", [{ field: "displayName", reason: "required" }]);
  if (input.password !== undefined) checkPasswordRules(input.password);
  const oneTime = input.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(input.password ?? (oneTime as string));
  return db.transaction(async (tx) => {
    // The inspector rules (same department, not left; only inspector accounts bound) are the
    // tokens' rules: the actor token is created first and checks them. Its secret is dropped
    // here, so nobody can present it as a bearer token.
    const actor = await createToken(tx, {
      departmentId: input.departmentId,
      role: input.role,
      label: `account ${login}`,
      inspectorId: input.inspectorId ?? null,
    });
    const [row] = await tx
      .insert(accounts)
      .values({
        departmentId: input.departmentId,
        login,
        displayName,
        role: input.role,
        inspectorId: input.inspectorId ?? null,
        actorTokenId: actor.id,
        passwordHash,
        mustChangePassword: true,
      })
      .onConflictDoNothing({ target: accounts.login })
      .returning();
    if (!row) throw new Conflict(`login ${login} is taken`);
    return { account: accountView(row), oneTimePassword: oneTime };
  });
}

export async function listAccounts(db: Db, departmentId: string) {
  const rows = await db
    .select()
    .from(accounts)
    .where(eq(accounts.departmentId, departmentId))
    .orderBy(accounts.createdAt, accounts.login);
  return rows.map((r) => accountView(r));
}

async function accountOf(db: Db, departmentId: string, accountId: string) {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.departmentId, departmentId)))
    .limit(1);
  if (!row) throw new NotFound(`no account ${accountId} in this department`);
  return row;
}

/**
 * An admin sets (or, with none given, generates) a new password: the account is unlocked,
 * must change it at next sign-in, and every session it had ends.
 */
export async function resetPassword(
  db: Db,
  input: { departmentId: string; accountId: string; password?: string },
) {
  if (input.password !== undefined) checkPasswordRules(input.password);
  await accountOf(db, input.departmentId, input.accountId);
  const oneTime = input.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(input.password ?? (oneTime as string));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(accounts)
      .set({ passwordHash, mustChangePassword: true, failedAttempts: 0, lockedUntil: null })
      .where(and(eq(accounts.id, input.accountId), eq(accounts.departmentId, input.departmentId)))
      .returning();
    if (!row) throw new NotFound(`no account ${input.accountId} in this department`);
    await tx.delete(sessions).where(eq(sessions.accountId, row.id));
    return { account: accountView(row), oneTimePassword: oneTime };
  });
}

/** Disables an account and ends its sessions; its past actions keep their actor id. */
export async function disableAccount(
  db: Db,
  input: { departmentId: string; accountId: string; byAccountId: string | null; now: Date },
) {
  if (input.byAccountId === input.accountId) {
    throw new Conflict("an account cannot disable itself; ask another admin");
  }
  return db.transaction(async (tx) => {
    const current = await accountOf(tx, input.departmentId, input.accountId);
    const [row] = await tx
      .update(accounts)
      .set({ disabledAt: current.disabledAt ?? input.now })
      .where(eq(accounts.id, current.id))
      .returning();
    await tx.delete(sessions).where(eq(sessions.accountId, current.id));
    // The actor token is never usable as a bearer token, but revoking it says so in GET /me.
    await tx.update(apiTokens).set({ revokedAt: input.now }).where(eq(apiTokens.id, current.actorTokenId));
    return accountView(row as AccountRow);
  });
}

/**
 * The signed-in holder changes their own password (required after a one-time password).
 * Other sessions of the account end; the one making the change stays signed in.
 */
export async function changeOwnPassword(
  db: Db,
  input: { accountId: string; sessionId: string; current: string; next: string },
) {
  checkPasswordRules(input.next, "next");
  if (input.next === input.current) {
    throw new Invalid("the new password must differ from the current one", [
      { field: "next", reason: "same as the current password" },
    ]);
  }
  const [row] = await db.select().from(accounts).where(eq(accounts.id, input.accountId)).limit(1);
  if (!row) throw new NotFound("account not found");
  if (!(await verifyPassword(input.current, row.passwordHash))) {
    throw new Invalid("the current password is wrong", [{ field: "current", reason: "wrong password" }]);
  }
  const passwordHash = await hashPassword(input.next);
  await db.transaction(async (tx) => {
    await tx.update(accounts).set({ passwordHash, mustChangePassword: false }).where(eq(accounts.id, row.id));
    await tx.delete(sessions).where(and(eq(sessions.accountId, row.id), ne(sessions.id, input.sessionId)));
  });
}
