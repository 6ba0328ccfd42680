import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, notExists, sql } from "drizzle-orm";
import { announceChange, type Memo } from "../db/change-feed.js";
import type { Db } from "../db/types.js";
import { Invalid, NotFound, Unauthorized } from "../errors.js";
import { inspectors } from "../rosters/inspectors/inspectors.schema.js";
import { accounts } from "./accounts.schema.js";
import { apiTokens, type roleEnum } from "./schema.js";

export type Role = (typeof roleEnum.enumValues)[number];

export interface AuthContext {
  departmentId: string;
  role: Role;
  /**
   * The actor id every table and the audit trail record. For a signed-in account it is the
   * account's own actor token (accounts.actor_token_id), so one account is one actor id.
   */
  tokenId: string;
  inspectorId: string | null;
  /** Set when the request is authenticated by a staff session (src/auth/sessions.ts). */
  accountId: string | null;
  via: "token" | "session";
}

const PREFIX = "srt";
const TOKEN_RE = /^srt_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export interface CreateTokenInput {
  departmentId: string;
  role: Role;
  label: string;
  inspectorId?: string | null;
}

/** Creates a token and returns its plaintext once; only the secret's hash is stored. */
export async function createToken(db: Db, input: CreateTokenInput) {
  if (input.role === "inspector" && !input.inspectorId) {
    throw new Invalid("an inspector token must be bound to an inspector", [
      { field: "inspectorId", reason: "required when role is inspector" },
    ]);
  }
  if (input.role !== "inspector" && input.inspectorId) {
    throw new Invalid("only inspector tokens are bound to an inspector", [
      { field: "inspectorId", reason: "must be absent unless role is inspector" },
    ]);
  }
  if (input.inspectorId) {
    // The bound inspector must belong to the same department and still be on the roster.
    const [inspector] = await db
      .select({ status: inspectors.status })
      .from(inspectors)
      .where(and(eq(inspectors.id, input.inspectorId), eq(inspectors.departmentId, input.departmentId)))
      .limit(1);
    if (!inspector) throw new NotFound(`no inspector ${input.inspectorId} in this department`);
    if (inspector.status === "left") {
      throw new Invalid("the inspector has left; no token can be issued", [
        { field: "inspectorId", reason: "inspector status is left" },
      ]);
    }
  }
  const secret = randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(apiTokens)
    .values({
      departmentId: input.departmentId,
      role: input.role,
      label: input.label,
      inspectorId: input.inspectorId ?? null,
      secretHash: hashSecret(secret),
    })
    .returning({ id: apiTokens.id, createdAt: apiTokens.createdAt });
  if (!row) throw new Error("token insert returned no row");
  return { id: row.id, token: `${PREFIX}_${row.id}_${secret}`, role: input.role, label: input.label };
}

export type TokenRow = typeof apiTokens.$inferSelect;

/**
 * Resolves a presented bearer token to its context, or throws Unauthorized. `rows` may keep
 * token rows in memory (the HTTP app's cache, dropped when the department changes, e.g. a
 * revocation); the presented secret is checked against the row's hash every time.
 */
export async function authenticateToken(
  db: Db,
  presented: string,
  rows?: Memo<TokenRow | undefined>,
): Promise<AuthContext> {
  const m = TOKEN_RE.exec(presented);
  if (!m) throw new Unauthorized("malformed bearer token");
  const [, id, secret] = m as unknown as [string, string, string];
  const load = async () => {
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
    return row;
  };
  const row = rows
    ? await rows.get(id, async () => {
        const r = await load();
        return { value: r, department: r?.departmentId ?? null };
      })
    : await load();
  const expected = Buffer.from(row?.secretHash ?? "0".repeat(64), "hex");
  const actual = Buffer.from(hashSecret(secret), "hex");
  // Constant-time comparison of the hashes; a missing row still pays for one comparison.
  const match = timingSafeEqual(expected, actual) && row !== undefined;
  if (!match || !row) throw new Unauthorized("unknown or invalid token");
  if (row.revokedAt) throw new Unauthorized("token revoked");
  return {
    departmentId: row.departmentId,
    role: row.role,
    tokenId: row.id,
    inspectorId: row.inspectorId,
    accountId: null,
    via: "token",
  };
}

/**
 * Accounts act through token rows of their own whose secret nobody holds; they are managed
 * with the account (src/auth/accounts.ts), not listed or revoked as API tokens.
 */
const notAccountActor = notExists(
  sql`(select 1 from ${accounts} where ${accounts.actorTokenId} = ${apiTokens.id})`,
);

export async function listTokens(db: Db, departmentId: string) {
  return db
    .select({
      id: apiTokens.id,
      role: apiTokens.role,
      label: apiTokens.label,
      inspectorId: apiTokens.inspectorId,
      createdAt: apiTokens.createdAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.departmentId, departmentId), notAccountActor))
    .orderBy(apiTokens.createdAt);
}

export async function revokeToken(db: Db, input: { departmentId: string; tokenId: string }) {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(apiTokens.id, input.tokenId),
        eq(apiTokens.departmentId, input.departmentId),
        isNull(apiTokens.revokedAt),
        notAccountActor,
      ),
    )
    .returning({ id: apiTokens.id });
  if (rows.length === 0) throw new NotFound(`no active token ${input.tokenId} in this department`);
  await announceChange(db, input.departmentId);
}
