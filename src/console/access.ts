/**
 * Named abilities from the signed-in account: routes, menu entries and buttons ask for an
 * ability, never a role string. The server enforces every rule again; this only decides what
 * is shown.
 */
import type { Account } from "./api/session";

export interface Access {
  /** The phone workspace: own assignments, inspection records, findings. */
  canInspect: boolean;
  /** The department console's read views (admin, operator, auditor). */
  canViewDepartment: boolean;
  /** The workflow's writes: rosters, checklist, plans, rounds, findings (admin, operator). */
  canOperate: boolean;
  /** Department administration: accounts, departments, tokens, webhooks (admin only). */
  canAdmin: boolean;
}

export function accessOf(account: Account | null | undefined): Access {
  const role: string | undefined = account?.role;
  return {
    canInspect: role === "inspector",
    canViewDepartment: role === "admin" || role === "operator" || role === "auditor",
    canOperate: role === "admin" || role === "operator",
    canAdmin: role === "admin",
  };
}

export type Ability = keyof Access;
