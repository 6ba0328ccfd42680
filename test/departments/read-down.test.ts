/**
 * The hierarchical authorization matrix (issue 14): province P (350000) → city C (350100) →
 * counties A (350102) and B (350103), and Q (360000), a province of its own. Every GET route
 * that takes `?department=` (found in allRoutes(), so a new one is covered without editing
 * this file) is called by every role of every department for every department: a higher level
 * reads its subordinates, nobody reads a parent, a sibling or another province, inspectors read
 * their own department only; a 200 holds the target's data and nothing of any other department.
 * Writes never take `department`; test/http/authz-matrix.test.ts runs every route as A's parent.
 */
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import type { Role } from "../../src/auth/tokens.js";
import type { RouteDef } from "../../src/http/route.js";
import { allRoutes } from "../../src/http/routes.js";
import { roundFixture } from "../draws/fixture.js";
import { roundBody } from "../draws/helpers.js";
import { drawnRoundTeam, fileSignedFinding } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newInspectorToken } from "../helpers/db.js";

type Name = "P" | "C" | "A" | "B" | "Q";
const TREE: Record<Name, { region: string; parent: Name | null }> = {
  P: { region: "350000", parent: null },
  C: { region: "350100", parent: "P" },
  A: { region: "350102", parent: "C" },
  B: { region: "350103", parent: "C" },
  Q: { region: "360000", parent: null },
};
const NAMES = Object.keys(TREE) as Name[];
const ROLES: Role[] = ["admin", "auditor", "inspector"];

/** Departments below `name` (itself included). */
function subtree(name: Name): Name[] {
  return [name, ...NAMES.filter((n) => TREE[n].parent === name).flatMap(subtree)];
}

interface Dept {
  id: string;
  code: string;
  tokens: Record<Role, string>;
  /** Identifiers only this department's data holds (department, item, rounds, finding). */
  marks: string[];
  roundId: string;
  findingId: string | null;
}

const readDownRoutes = () =>
  allRoutes().filter(
    (r) =>
      r.method === "get" &&
      r.access !== "public" &&
      r.query &&
      "department" in (r.query as never as { shape: object }).shape,
  );

/** Path parameters of a read-down route for the target department; a new parameter fails here. */
function pathFor(route: RouteDef, target: Dept | null): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (name === "year") return "2026";
    if (name === "id" && route.path.includes("/rounds/")) return target?.roundId ?? crypto.randomUUID();
    // A department without a finding is asked for one nobody has: 404 where reading is allowed.
    if (name === "id" && route.path.includes("/findings/")) return target?.findingId ?? crypto.randomUUID();
    throw new Error(`${route.path}: give the read-down matrix a value for :${name}`);
  });
}

describeEachDriver("read-down authorization matrix", (get) => {
  let call: ReturnType<typeof testApp>["call"];
  const depts = {} as Record<Name, Dept>;

  beforeAll(async () => {
    const database = get();
    call = testApp(database).call;
    for (const name of NAMES) {
      const fx = await roundFixture(database.db, { entities: 20, inspectors: 4 });
      const parent = TREE[name].parent;
      await database.db.execute(
        sql`update departments set region_code = ${TREE[name].region}, parent_id = ${parent ? depts[parent].id : null}
            where id = ${fx.department.id}`,
      );
      const inspector = (await newInspectorToken(database.db, fx.department.id)).token;
      const tokens = { ...fx.tokens, inspector };
      let roundId: string;
      let findingId: string | null = null;
      if (name === "A" || name === "B") {
        // The siblings hold the full workflow: a drawn round and a filed finding.
        const drawn = await drawnRoundTeam(database.db, call, fx);
        roundId = drawn.roundId;
        findingId = (await fileSignedFinding(call, drawn)).findingId;
      } else {
        const r = await call("POST", "/rounds", { token: fx.tokens.admin, json: roundBody(fx.itemCode) });
        expect(r.status, r.text).toBe(201);
        roundId = r.data.round.id;
      }
      const marks = [fx.department.id, fx.itemCode, roundId, ...(findingId ? [findingId] : [])];
      depts[name] = { id: fx.department.id, code: fx.department.code, tokens, marks, roundId, findingId };
    }
  }, 240_000);

  it("covers the plans, rounds, progress and findings reads", () => {
    const keys = readDownRoutes().map((r) => r.path);
    for (const p of [
      "/plans",
      "/plans/:year",
      "/plans/:year/progress",
      "/rounds",
      "/rounds/:id",
      "/findings",
      "/findings/:id",
    ]) {
      expect(keys).toContain(p);
    }
  });

  it("every read-down route × every caller × every department: the owner's answer down the tree, 403 elsewhere, 0 leaks", async () => {
    const failures: string[] = [];
    let checked = 0;
    const textual = (r: { headers: Headers }) => /json|csv|text/.test(r.headers.get("content-type") ?? "");
    for (const route of readDownRoutes()) {
      for (const target of [...NAMES, null]) {
        const t = target ? depts[target] : null;
        const path = `${pathFor(route, t)}?department=${encodeURIComponent(t?.code ?? "NO-SUCH-DEPARTMENT")}`;
        for (const role of ROLES) {
          // What the department itself gets is what a higher level must get: same status, same body.
          const allowed = route.access.includes(role);
          const owner = t && allowed ? await call("GET", path, { token: t.tokens[role] }) : null;
          // A role the route refuses is refused before any lookup: one caller per target suffices.
          // The callers' requests go out together (PostgreSQL answers them in parallel); the
          // owner's own request is the one already made.
          const callers = allowed ? NAMES : NAMES.slice(0, 1);
          const replies = await Promise.all(
            callers.map((c) =>
              c === target && owner ? owner : call("GET", path, { token: depts[c].tokens[role] }),
            ),
          );
          for (const [i, caller] of callers.entries()) {
            const r = replies[i]!;
            const readsDown =
              target !== null &&
              (target === caller || (role !== "inspector" && subtree(caller).includes(target)));
            const expected = !route.access.includes(role)
              ? 403
              : target === null
                ? 404
                : readsDown
                  ? owner!.status
                  : 403;
            const what = `${caller}'s ${role} GET ${path} (${target ?? "unknown"})`;
            checked++;
            if (r.status !== expected) {
              failures.push(`${what}: ${r.status}, expected ${expected}: ${r.text.slice(0, 200)}`);
              continue;
            }
            if (!textual(r)) continue;
            if (readsDown && owner?.status === 200 && r.text !== owner.text)
              failures.push(`${what}: not the owner's answer`);
            const others = NAMES.filter((n) => n !== target).flatMap((n) => depts[n].marks);
            const leaked = others.filter((m) => r.text.includes(m));
            if (leaked.length) failures.push(`${what} leaks ${leaked.join(", ")}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(6 * 5 * 2 * 6);
  }, 180_000);

  it("without ?department= a higher level sees only its own data", async () => {
    for (const route of readDownRoutes()) {
      const r = await call("GET", pathFor(route, depts.P), { token: depts.P.tokens.admin });
      const below = (["C", "A", "B"] as Name[]).flatMap((n) => depts[n].marks);
      expect(
        below.filter((m) => r.text.includes(m)),
        route.path,
      ).toEqual([]);
    }
  });
});
