/**
 * Reading the audit trail as a person does (the console's audit log viewer): newest or oldest
 * first, paged by seq, filtered on the server by actor, role, action, outcome and time, each
 * entry naming its actor (the account's display name or the API token's label).
 */
import { and, asc, desc, eq, gt, gte, ilike, lt, type SQL } from "drizzle-orm";
import { accounts } from "../auth/accounts.schema.js";
import { apiTokens } from "../auth/schema.js";
import type { Db } from "../db/types.js";
import { auditEntries } from "./schema.js";

export type AuditOutcome = "success" | "refused" | "failed";

export interface AuditQuery {
  /** asc: seq > cursor, oldest first; desc: seq < cursor (none: from the newest). */
  order: "asc" | "desc";
  cursor?: number;
  limit: number;
  /** The actor id (tokenId in the chain; an account's actorId). */
  actorId?: string;
  role?: string;
  /** Part of the action ("POST /rounds/:id/draw"), case-insensitive. */
  action?: string;
  /** success 1xx–3xx, refused 4xx, failed 5xx. */
  outcome?: AuditOutcome;
  /** At or after this instant. */
  from?: Date;
  /** Before this instant. */
  to?: Date;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function outcomeCondition(outcome: AuditOutcome): SQL {
  const s = auditEntries.status;
  if (outcome === "success") return lt(s, 400);
  if (outcome === "refused") return and(gte(s, 400), lt(s, 500)) as SQL;
  return gte(s, 500);
}

export async function queryAudit(db: Db, departmentId: string, q: AuditQuery) {
  const where: SQL[] = [eq(auditEntries.departmentId, departmentId)];
  if (q.cursor !== undefined) {
    where.push(q.order === "asc" ? gt(auditEntries.seq, q.cursor) : lt(auditEntries.seq, q.cursor));
  }
  if (q.actorId) where.push(eq(auditEntries.tokenId, q.actorId));
  if (q.role) where.push(eq(auditEntries.role, q.role));
  if (q.action) where.push(ilike(auditEntries.action, `%${escapeLike(q.action)}%`));
  if (q.outcome) where.push(outcomeCondition(q.outcome));
  if (q.from) where.push(gte(auditEntries.at, q.from));
  if (q.to) where.push(lt(auditEntries.at, q.to));
  const rows = await db
    .select({
      entry: auditEntries,
      // Department-scoped joins: an actor id never names another department's account or token.
      accountName: accounts.displayName,
      accountLogin: accounts.login,
      tokenLabel: apiTokens.label,
    })
    .from(auditEntries)
    .leftJoin(
      accounts,
      and(eq(accounts.actorTokenId, auditEntries.tokenId), eq(accounts.departmentId, departmentId)),
    )
    .leftJoin(
      apiTokens,
      and(eq(apiTokens.id, auditEntries.tokenId), eq(apiTokens.departmentId, departmentId)),
    )
    .where(and(...where))
    .orderBy(q.order === "asc" ? asc(auditEntries.seq) : desc(auditEntries.seq))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const items = page.map((r) => ({
    ...r.entry,
    at: r.entry.at.toISOString(),
    actor: r.accountName
      ? { kind: "account" as const, name: `${r.accountName} (${r.accountLogin})` }
      : r.tokenLabel !== null
        ? { kind: "token" as const, name: r.tokenLabel }
        : null,
  }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? last.entry.seq : null };
}
