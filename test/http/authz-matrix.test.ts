/**
 * Authorization matrix over every route of `allRoutes()` (issue 2, Done-when): no token → 401,
 * a role of the same department the route does not allow → 403, a token of another department
 * → 404 on the first department's resources and nothing of it in collections; public routes
 * never show drafts or another department's data. A route without an entry fails here.
 */
import { beforeAll, expect, it } from "vitest";
import type { Role } from "../../src/auth/tokens.js";
import { type RouteDef, rolesAllowed } from "../../src/http/route.js";
import { allRoutes } from "../../src/http/routes.js";
import { describeEachDriver } from "../helpers/db.js";
import { type AuthzFixture, authzFixture } from "./authz-fixture.js";
import { publicMatrix } from "./authz-public.js";
import {
  auditWithoutOwnAttempts,
  expectNoLeak,
  expectStatus,
  type MatrixEntry,
  matrix,
} from "./authz-routes.js";

const ROLES: Role[] = ["admin", "operator", "auditor", "inspector"];
const table: Record<string, MatrixEntry> = { ...matrix, ...publicMatrix };
const keyOf = (r: RouteDef) => `${r.method.toUpperCase()} ${r.path}`;

function pathOf(route: RouteDef, entry: MatrixEntry, fx: AuthzFixture): string {
  const values = entry.params?.(fx.a) ?? {};
  const path = route.path.replace(/:([A-Za-z0-9]+)/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`${keyOf(route)}: the matrix entry gives no value for :${name}`);
    return encodeURIComponent(String(v));
  });
  const query = entry.query?.(fx.a);
  return query ? `${path}?${query}` : path;
}

function request(
  route: RouteDef,
  entry: MatrixEntry,
  fx: AuthzFixture,
  token: string | undefined,
  role: Role,
) {
  const opts: Parameters<AuthzFixture["call"]>[2] = { token };
  if (entry.body) opts.json = entry.body(fx.a, role);
  else if (entry.raw) {
    opts.body = entry.raw.body();
    opts.headers = { "content-type": entry.raw.contentType };
  } else if (route.body)
    throw new Error(`${keyOf(route)}: the route takes a JSON body; give one in the matrix`);
  return fx.call(route.method.toUpperCase(), pathOf(route, entry, fx), opts);
}

/** A's own view of its data, to prove B's requests changed nothing. */
async function snapshotA(fx: AuthzFixture) {
  const { a } = fx;
  const paths = [
    `/rounds/${a.roundId}`,
    `/rounds/${a.draftRoundId}`,
    `/rounds/${a.roundId}/board`,
    `/rounds/${a.roundId}/recusal-requests`,
    `/findings/${a.findingId}`,
    `/findings/${a.draftFindingId}`,
    `/inspectors/${a.inspectorId}`,
    `/conflicts/${a.conflictId}`,
    `/checklist`,
    `/checklist/${a.draftItemCode}`,
    `/plans`,
    "/plans/2027",
    `/correction-requests`,
    `/entities/revisions`,
    `/inspections/${a.roundId}/${a.drawnEntity}/events`,
    // Collections, so anything B created in A would show.
    "/rounds",
    "/findings",
    "/inspectors",
    "/conflicts",
    "/entities?limit=1000",
    "/publication/deadlines",
    "/tokens",
  ];
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const r = await fx.call("GET", p, { token: a.tokens.admin });
    expectStatus(r, 200, `A's own ${p}`);
    out[p] = r.data;
  }
  out.assignments = (await fx.call("GET", "/me/assignments", { token: a.tokens.inspector })).data;
  out.sth = (await fx.call("GET", `/public/ledger/sth?department=${a.department.code}`)).data;
  return out;
}

it("every route has a matrix entry and every entry a route", () => {
  const keys = allRoutes().map(keyOf);
  const missing = keys.filter((k) => !table[k]);
  expect(
    missing,
    `add an entry to test/http/authz-routes.ts (or authz-public.ts) for: ${missing.join(", ")}`,
  ).toEqual([]);
  expect(
    Object.keys(table).filter((k) => !keys.includes(k)),
    "matrix entries for routes not in allRoutes() (removed, or defined but never registered)",
  ).toEqual([]);
});

describeEachDriver("authorization matrix", (get) => {
  let fx: AuthzFixture;
  let before: Record<string, unknown>;
  beforeAll(async () => {
    fx = await authzFixture(get());
    before = await snapshotA(fx);
  }, 300_000);

  for (const route of allRoutes()) {
    const key = keyOf(route);
    it(key, async () => {
      const entry = table[key];
      if (!entry)
        throw new Error(`${key} has no authorization matrix entry: add one to test/http/authz-routes.ts`);
      if (route.access === "public") {
        if (entry.cross.kind !== "public") throw new Error(`${key} is public: give it a public check`);
        await entry.cross.check(fx);
        return;
      }
      if (entry.cross.kind === "public")
        throw new Error(`${key} needs a token: it cannot have a public check`);
      const allowed = rolesAllowed(route);

      const anonymous = await request(route, entry, fx, undefined, "admin");
      expectStatus(anonymous, 401, `${key} without a token`);
      expect(anonymous.headers.get("content-type")).toContain("application/problem+json");

      for (const role of ROLES.filter((r) => !allowed.includes(r))) {
        const r = await request(route, entry, fx, fx.a.tokens[role], role);
        expectStatus(r, 403, `${key} as A's ${role}`);
        expect(r.headers.get("content-type")).toContain("application/problem+json");
      }

      // The operator runs the admin's code path wherever it is admitted, so department B's
      // admin stands for it across departments; what it is refused is checked above.
      for (const role of ROLES.filter((r) => allowed.includes(r) && r !== "operator")) {
        const r = await request(route, entry, fx, fx.b.tokens[role], role);
        const what = `${key} as B's ${role}`;
        const cross = entry.crossByRole?.[role] ?? entry.cross;
        if (cross.kind === "public") throw new Error(`${key}: a role cannot have a public check`);
        if (cross.kind === "byId") {
          expectStatus(r, 404, what);
          expect(r.headers.get("content-type")).toContain("application/problem+json");
        } else {
          if (cross.kind === "own") expectStatus(r, cross.status, what);
          else expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeLessThan(300);
          expectNoLeak(fx, r, what, entry.visible?.(r, fx));
        }
      }

      // A's parent department (a province over A) is refused exactly like B: a higher level
      // reads down only by naming the department (?department=, read-down.test.ts) and never
      // writes down. Routes acting in the caller's own department have nothing of A to refuse.
      for (const role of ROLES.filter((r) => allowed.includes(r) && r !== "operator")) {
        const cross = entry.crossByRole?.[role] ?? entry.cross;
        if (cross.kind === "own" || cross.kind === "public" || entry.parentSees) continue;
        const r = await request(route, entry, fx, fx.parent.tokens[role], role);
        const what = `${key} as the ${role} of A's parent department`;
        if (cross.kind === "byId") expectStatus(r, 404, what);
        else {
          expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeLessThan(300);
          expectNoLeak(fx, r, what, entry.visible?.(r, fx));
        }
      }
    });
  }

  it("an inspector of A answers 404 for another inspector's team, assignment and conflict", async () => {
    const keys = [
      "POST /inspections/:roundId/:entityId/events",
      "POST /inspections/:roundId/:entityId/evidence",
      "POST /inspections/:roundId/:entityId/sign-off",
      "GET /inspections/:roundId/:entityId/events",
      "GET /inspections/:roundId/:entityId/evidence/:sha256",
      "POST /inspections/:roundId/:entityId/findings",
      "GET /inspections/:roundId/:entityId/findings",
      "POST /me/assignments/:id/accept",
      "POST /me/assignments/:id/conflict",
      "GET /conflicts/:id",
    ];
    const routes = new Map(allRoutes().map((r) => [keyOf(r), r]));
    for (const key of keys) {
      const route = routes.get(key);
      const entry = table[key];
      if (!route || !entry) throw new Error(`${key} is gone: update this list`);
      const r = await request(route, entry, fx, fx.a.outsiderToken, "inspector");
      expectStatus(r, 404, `${key} as A's inspector who is not on the team`);
    }
  });

  it("a plan naming A's item gets B the same refusal as a code nobody has", async () => {
    const { a, b, call } = fx;
    const body = (itemCode: string) => ({
      year: 2029,
      roundsPerYear: 2,
      ratesBp: { A: 300, B: 500, C: 1000, D: 2000 },
      items: [{ itemCode }],
    });
    const withA = await call("POST", "/plans", { token: b.tokens.admin, json: body(a.itemCode) });
    const unknown = await call("POST", "/plans", { token: b.tokens.admin, json: body("NOBODY-HAS-THIS") });
    expect(withA.status).toBe(unknown.status);
    expect(withA.data.detail).toBe(unknown.data.detail);
  });

  it("B's requests left every piece of A's data as it was", async () => {
    expect(await snapshotA(fx)).toEqual(before);
  });

  it("audit log, ledger and notices of B hold nothing of A, and A's hold nothing of B", async () => {
    const { a, b, call } = fx;
    const registered = new Set(allRoutes().map(keyOf));
    const paths = ["/audit?limit=1000", "/audit/verify", "/ledger/verify", "/notices"];
    for (const path of paths.filter((p) => registered.has(`GET ${p.split("?")[0]}`))) {
      const r = await call("GET", path, { token: b.tokens.auditor });
      expectStatus(r, 200, `B's ${path}`);
      const text = path.startsWith("/audit?") ? auditWithoutOwnAttempts(r, fx) : r.text;
      expectNoLeak(fx, r, `B's ${path}`, text);
      const own = await call("GET", path, { token: a.tokens.auditor });
      expectStatus(own, 200, `A's ${path}`);
      for (const id of [b.department.id, b.inspectorId]) expect(own.text, `A's ${path}`).not.toContain(id);
    }
    // Every entry of B's chain is B's: its department and one of B's tokens.
    const audit = await call("GET", "/audit?limit=1000", { token: b.tokens.auditor });
    const items = audit.data.items as { departmentId: string; tokenId: string | null }[];
    expect(items.length, "B's own actions are audited").toBeGreaterThan(0);
    expect(items.filter((i) => i.departmentId !== b.department.id)).toEqual([]);
    expect(items.filter((i) => i.tokenId !== null && !b.tokenIds.includes(i.tokenId))).toEqual([]);
  });
});
