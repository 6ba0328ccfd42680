/**
 * Named abilities from the signed-in account: routes and buttons ask for an ability, never a
 * role string. The server enforces every rule again; this only decides what is shown.
 */
import type { Account } from "./api/session";

export interface Access {
  /** The phone workspace: own assignments, inspection records, findings. */
  canInspect: boolean;
  /** The department console's read views (admin, auditor). */
  canViewDepartment: boolean;
  /** Department administration (accounts, webhooks, draws). */
  canAdmin: boolean;
}

export function accessOf(account: Account | null | undefined): Access {
  const role = account?.role;
  return {
    canInspect: role === "inspector",
    canViewDepartment: role === "admin" || role === "auditor",
    canAdmin: role === "admin",
  };
}

export type Ability = keyof Access;
