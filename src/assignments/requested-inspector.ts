/**
 * Which team member a firm's recusal request means. A firm never sees internal ids: it names
 * the inspector by the 执法证号 printed on its notice and shown at the door. Certificate numbers
 * are issued per department, so in a joint round (联合抽查) two departments' inspectors on the
 * same team can carry the same number; the request is then refused (409) until it also names
 * the issuing department, rather than filed against whichever inspector a query returns first.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import { jointMembers } from "../draws/joint.js";
import { Conflict, NotFound } from "../errors.js";
import { toHalfWidth } from "../rosters/columns.js";
import { inspectors } from "../rosters/inspectors/inspectors.schema.js";
import { assignments } from "./schema.js";

export interface InspectorNamedByFirm {
  inspectorId?: string;
  certificateNo?: string;
  /** The issuing department's code, needed only when the number alone names several team members. */
  departmentCode?: string;
}

interface RoundDepartment {
  departmentId: string;
  code: string;
  name: string;
}

async function roundDepartments(db: Db, round: { id: string; departmentId: string }) {
  const [lead] = await db
    .select({ departmentId: departments.id, code: departments.code, name: departments.name })
    .from(departments)
    .where(eq(departments.id, round.departmentId));
  const members = await jointMembers(db, round.id);
  return [lead!, ...members.map((m) => ({ departmentId: m.departmentId, code: m.code, name: m.name }))];
}

/** The live (not recused) assignment of the inspector the firm means on `entityId`'s team. */
export async function requestedTeamMember(
  db: Db,
  round: { id: string; departmentId: string },
  entityId: string,
  named: InspectorNamedByFirm,
): Promise<typeof assignments.$inferSelect> {
  const live = (ids: string[]) =>
    db
      .select()
      .from(assignments)
      .where(
        and(
          eq(assignments.roundId, round.id),
          eq(assignments.entityId, entityId),
          inArray(assignments.inspectorId, ids),
          ne(assignments.status, "recused"),
        ),
      );
  if (named.inspectorId) {
    const [row] = await live([named.inspectorId]);
    if (!row)
      throw new NotFound(
        `inspector ${named.inspectorId} is not on the team inspecting ${entityId} in this round`,
      );
    return row;
  }
  const certificateNo = toHalfWidth(named.certificateNo ?? "").trim();
  let depts: RoundDepartment[] = await roundDepartments(db, round);
  if (named.departmentCode !== undefined) {
    depts = depts.filter((d) => d.code === named.departmentCode);
    if (depts.length === 0)
      throw new NotFound(`department ${named.departmentCode} does not take part in this round`);
  }
  const holders = await db
    .select({ id: inspectors.id })
    .from(inspectors)
    .where(
      and(
        inArray(
          inspectors.departmentId,
          depts.map((d) => d.departmentId),
        ),
        eq(inspectors.certificateNo, certificateNo),
      ),
    );
  const rows = holders.length === 0 ? [] : await live(holders.map((h) => h.id));
  if (rows.length === 0)
    throw new NotFound(
      `no inspector with 执法证号 ${certificateNo} is on the team inspecting ${entityId} in this round`,
    );
  if (rows.length > 1) {
    const issuers = depts.filter((d) => rows.some((r) => r.departmentId === d.departmentId));
    throw new Conflict(
      `执法证号 ${certificateNo} names ${rows.length} inspectors on this team, issued by ${issuers
        .map((d) => `${d.name} (${d.code})`)
        .join(" and ")}; say which department issued it`,
      [{ field: "body.departmentCode", reason: `one of ${issuers.map((d) => d.code).join(", ")}` }],
    );
  }
  return rows[0]!;
}
