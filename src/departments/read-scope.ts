/**
 * Read-down authorization. A higher level reads (never writes) its subordinates' plans, rounds,
 * progress and findings: GET routes that accept `?department=CODE` resolve it here, once, to the
 * department id their queries filter by. Write routes never take it — they act in the caller's
 * own department only.
 *
 * - no code, or the caller's own: the caller's department;
 * - an unknown code: 404 (like any missing resource);
 * - a department that is not below the caller's (its parent, a sibling, another province): 403;
 * - inspectors work in their own department only: naming another one is 403.
 */
import { z } from "zod";
import type { AuthContext } from "../auth/tokens.js";
import type { Db } from "../db/types.js";
import { Forbidden } from "../errors.js";
import { departmentByCode } from "./departments.js";
import { subtreeIds } from "./tree.js";

/** The query fragment of a route that reads down the tree. */
export const readDownQuery = z.object({
  department: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("Code of a subordinate department to read (default: the caller's own)"),
});

export async function resolveReadableDepartment(
  db: Db,
  auth: Pick<AuthContext, "departmentId" | "role">,
  code: string | undefined,
): Promise<string> {
  if (code === undefined) return auth.departmentId;
  const target = await departmentByCode(db, code);
  if (target.id === auth.departmentId) return target.id;
  if (auth.role === "inspector") {
    throw new Forbidden("inspectors read their own department only");
  }
  const readable = await subtreeIds(db, auth.departmentId);
  if (!readable.includes(target.id)) {
    throw new Forbidden(`department ${code} is not a subordinate of yours`);
  }
  return target.id;
}
