/**
 * What the signed-in account may do with a round, beyond its role (access.ts): commit, draw
 * and withdraw invitations are the lead department's admin's (the server admits no one else),
 * and only the lead department reads the commit checks. A joint round's member, or an
 * operator, is shown who acts instead of a button the server would refuse.
 */
import { useSession } from "../../api/session";

export function useRoundAccess(round: { departmentId: string }) {
  const account = useSession().data?.account;
  const own = account?.departmentId === round.departmentId;
  return { decides: own && account?.role === "admin", readsChecks: own && account?.role !== "operator" };
}
