/**
 * Public routes of the authorization matrix: with no token, A's drafts (an unpublished
 * checklist item, a plan not approved, a round not committed, a finding not approved) are
 * 404 or absent, and public pages of department B's code show nothing of A.
 */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { AuthzFixture } from "./authz-fixture.js";
import { expectNoLeak, expectStatus, type MatrixEntry } from "./authz-routes.js";

type Check = (fx: AuthzFixture) => Promise<void>;

const pub = (check: Check): MatrixEntry => ({ cross: { kind: "public", check } });

/** Every listed path answers 404 to the public. */
function notFound(paths: (fx: AuthzFixture) => string[]): MatrixEntry {
  return pub(async (fx) => {
    for (const path of paths(fx)) expectStatus(await fx.call("GET", path), 404, path);
  });
}

const credential = () => `cred_${randomBytes(16).toString("hex")}`;

/** A contributor credential nobody was given is refused and names nothing of A. */
function unknownCredential(path: string, rest: Record<string, string>): MatrixEntry {
  return pub(async (fx) => {
    const r = await fx.call("POST", path, { json: { credential: credential(), ...rest } });
    expect(r.status, r.text).toBeGreaterThanOrEqual(400);
    expect(r.status, r.text).toBeLessThan(500);
    expectNoLeak(fx, r, `${path} with an unknown credential`);
  });
}

export const publicMatrix: Record<string, MatrixEntry> = {
  "GET /public/departments": pub(async (fx) => {
    // The region picker lists top-level departments by code and name: nothing else of A.
    const r = await fx.call("GET", "/public/departments");
    expectStatus(r, 200, "top-level departments");
    const named = new Set([fx.a.department.code]);
    expect(fx.aIds.filter((id) => !named.has(id) && r.text.includes(id))).toEqual([]);
  }),
  "GET /public/departments/:code": pub(async (fx) => {
    const other = await fx.call("GET", `/public/departments/${fx.b.department.code}`);
    expectStatus(other, 200, "B's place in the tree");
    expectNoLeak(fx, other, "B's place in the tree");
    expectStatus(await fx.call("GET", "/public/departments/NO-SUCH-DEPARTMENT"), 404, "an unknown code");
  }),
  "GET /public/departments/:code/checklist": pub(async ({ call, a, b, ...fx }) => {
    for (const q of ["", "?all=true"]) {
      const own = await call("GET", `/public/departments/${a.department.code}/checklist${q}`);
      expectStatus(own, 200, "A's public checklist");
      expect(own.text).toContain(a.itemCode);
      expect(own.text, "a draft item is not public").not.toContain(a.draftItemCode);
      const other = await call("GET", `/public/departments/${b.department.code}/checklist${q}`);
      expectStatus(other, 200, "B's public checklist");
      expectNoLeak({ call, a, b, ...fx }, other, "B's public checklist");
    }
  }),
  "GET /public/departments/:code/checklist/:itemCode": notFound(({ a, b }) => [
    `/public/departments/${a.department.code}/checklist/${a.draftItemCode}`,
    `/public/departments/${b.department.code}/checklist/${a.itemCode}`,
  ]),
  "GET /public/departments/:code/plans": pub(async (fx) => {
    const own = await fx.call("GET", `/public/departments/${fx.a.department.code}/plans`);
    expectStatus(own, 200, "A's public plans");
    const years = JSON.stringify(own.data).match(/"year":\s*(\d+)/g) ?? [];
    expect(years.join(), "the 2027 plan is not approved").not.toContain("2027");
    const other = await fx.call("GET", `/public/departments/${fx.b.department.code}/plans`);
    expectStatus(other, 200, "B's public plans");
    expectNoLeak(fx, other, "B's public plans");
  }),
  "GET /public/departments/:code/plans/:year/progress": notFound(({ a, b }) => [
    `/public/departments/${a.department.code}/plans/2027/progress`,
    `/public/departments/${b.department.code}/plans/2026/progress`,
  ]),
  "GET /public/departments/:code/plans/:year": notFound(({ a, b }) => [
    `/public/departments/${a.department.code}/plans/2027`,
    `/public/departments/${b.department.code}/plans/2026`,
  ]),
  "GET /public/departments/:code/plans/:year/versions/:version": notFound(({ a, b }) => [
    `/public/departments/${a.department.code}/plans/2027/versions/1`,
    `/public/departments/${b.department.code}/plans/2026/versions/1`,
  ]),
  "GET /public/calendar/years/:year": pub(async (fx) => {
    const r = await fx.call("GET", "/public/calendar/years/2026");
    expectStatus(r, 200, "calendar");
    expectNoLeak(fx, r, "the calendar");
  }),
  "GET /public/calendar/deadline": pub(async (fx) => {
    const r = await fx.call("GET", "/public/calendar/deadline?kind=result&from=2026-11-02");
    expectStatus(r, 200, "deadline");
    expectNoLeak(fx, r, "the deadline calculator");
  }),
  "POST /auth/sign-in": pub(async (fx) => {
    // A's real login with a wrong password and a login nobody has: the same 401, nothing of A.
    for (const login of [fx.a.accountLogin, `${fx.a.accountLogin}-nobody`]) {
      const r = await fx.call("POST", "/auth/sign-in", { json: { login, password: "not the password" } });
      expectStatus(r, 401, `sign-in as ${login}`);
      expect(r.data.detail).toBe("wrong login or password");
      expect(r.headers.get("set-cookie")).toBeNull();
    }
  }),
  "GET /auth/session": pub(async (fx) => {
    expectStatus(await fx.call("GET", "/auth/session"), 401, "no session cookie");
    expectStatus(
      await fx.call("GET", "/auth/session", { token: fx.b.tokens.admin }),
      401,
      "a bearer token is no session",
    );
  }),
  "POST /contributions/commitment": unknownCredential("/contributions/commitment", {
    commitment: "00".repeat(32),
  }),
  "POST /contributions/reveal": unknownCredential("/contributions/reveal", { nonce: "00".repeat(32) }),
  "POST /contributions/status": unknownCredential("/contributions/status", {}),
  "GET /public/rounds": pub(async (fx) => {
    const all = await fx.call("GET", "/public/rounds");
    expectStatus(all, 200, "public rounds");
    expect(all.text).toContain(fx.a.roundId);
    expect(all.text, "a round before commit is not public").not.toContain(fx.a.draftRoundId);
    const other = await fx.call("GET", `/public/rounds?departmentId=${fx.b.department.id}`);
    expectStatus(other, 200, "B's public rounds");
    expectNoLeak(fx, other, "B's public rounds");
  }),
  "GET /public/rounds/:id": notFound(({ a }) => [`/public/rounds/${a.draftRoundId}`]),
  "GET /public/rounds/:id/proof": notFound(({ a }) => [`/public/rounds/${a.draftRoundId}/proof`]),
  "GET /public/rounds/:id/eligible.ndjson": notFound(({ a }) => [
    `/public/rounds/${a.draftRoundId}/eligible.ndjson`,
  ]),
  "GET /public/rounds/:id/eligible.csv": notFound(({ a }) => [
    `/public/rounds/${a.draftRoundId}/eligible.csv`,
  ]),
  "GET /public/rounds/:id/exclusions": notFound(({ a }) => [`/public/rounds/${a.draftRoundId}/exclusions`]),
  "GET /public/rounds/:id/drawn": notFound(({ a }) => [`/public/rounds/${a.draftRoundId}/drawn`]),
  "GET /public/rounds/:id/witnesses": notFound(({ a }) => [`/public/rounds/${a.draftRoundId}/witnesses`]),
  "GET /public/rounds/:id/entities/:code": notFound(({ a }) => [
    `/public/rounds/${a.draftRoundId}/entities/${a.drawnEntity}`,
  ]),
  "POST /public/rounds/:id/recusal-requests": pub(async ({ call, a }) => {
    const r = await call("POST", `/public/rounds/${a.draftRoundId}/recusal-requests`, {
      json: {
        entityId: a.drawnEntity,
        inspectorId: a.inspectorId,
        category: "other",
        statement: "草稿批次",
        contact: "0591-00000000",
      },
    });
    expectStatus(r, 404, "a recusal request on a round before commit");
  }),
  "GET /public/departments/:code/findings": pub(async (fx) => {
    const own = await fx.call("GET", `/public/departments/${fx.a.department.code}/findings`);
    expectStatus(own, 200, "A's public findings");
    expect(own.text).toContain(fx.a.findingId);
    expect(own.text, "an unapproved finding is not public").not.toContain(fx.a.draftFindingId);
    expect(own.text).not.toContain(fx.a.unpublishedEntity);
    const other = await fx.call("GET", `/public/departments/${fx.b.department.code}/findings`);
    expectStatus(other, 200, "B's public findings");
    expectNoLeak(fx, other, "B's public findings");
    const byRound = await fx.call(
      "GET",
      `/public/departments/${fx.b.department.code}/findings?round=${fx.a.roundId}`,
    );
    expect(byRound.data.items ?? [], "B's findings searched by A's round").toEqual([]);
    const byCode = await fx.call(
      "GET",
      `/public/departments/${fx.b.department.code}/findings?code=${fx.a.drawnEntity}`,
    );
    expect(byCode.data.items ?? [], "B's findings searched by A's entity code").toEqual([]);
  }),
  "GET /public/findings/:id": pub(async ({ call, a }) => {
    expectStatus(await call("GET", `/public/findings/${a.draftFindingId}`), 404, "an unapproved finding");
    expectStatus(await call("GET", `/public/findings/${a.findingId}`), 200, "a published finding");
  }),
  "POST /public/findings/:id/corrections": pub(async ({ call, a }) => {
    const r = await call("POST", `/public/findings/${a.draftFindingId}/corrections`, {
      json: { message: "未公示结果的纠错申请", contact: "0591-11111111" },
    });
    expectStatus(r, 404, "a correction request on an unapproved finding");
  }),
  "GET /public/keys": pub(async (fx) => {
    const r = await fx.call("GET", "/public/keys");
    expectStatus(r, 200, "keys");
    expectNoLeak(fx, r, "the public keys");
  }),
  "GET /public/ledger/sth": pub(async (fx) => {
    const r = await fx.call("GET", `/public/ledger/sth?department=${fx.b.department.code}`);
    expect([200, 404], r.text).toContain(r.status);
    expectNoLeak(fx, r, "B's signed tree head");
  }),
  // A feed's secret is its only credential: one nobody was given is not found.
  "GET /public/calendar/:feed": notFound(() => [
    `/public/calendar/${randomBytes(32).toString("base64url")}.ics`,
  ]),
  // A's roster (certificate numbers 35010020xxxx from the round fixture) is listed under A only.
  "GET /public/inspectors": pub(async (fx) => {
    const own = await fx.call("GET", `/public/inspectors?department=${fx.a.department.code}`);
    expectStatus(own, 200, "A's inspector directory");
    expect(own.text).toContain("350100200000");
    const other = await fx.call("GET", `/public/inspectors?department=${fx.b.department.code}`);
    expectStatus(other, 200, "B's inspector directory");
    expect(other.text).not.toContain("350100200000");
    expectNoLeak(fx, other, "B's inspector directory");
  }),
  "GET /public/inspectors/certificates/:certificateNo": pub(async (fx) => {
    const path = "/public/inspectors/certificates/350100200000";
    expectStatus(
      await fx.call("GET", `${path}?department=${fx.a.department.code}`),
      200,
      "A's certificate in A",
    );
    const other = await fx.call("GET", `${path}?department=${fx.b.department.code}`);
    expectStatus(other, 404, "A's certificate in B");
    expectNoLeak(fx, other, "A's certificate looked up in B");
  }),
  "GET /public/ledger/proof/inclusion": pub(async (fx) => {
    const r = await fx.call(
      "GET",
      `/public/ledger/proof/inclusion?department=${fx.b.department.code}&leaf=${fx.a.leafHash}&size=1`,
    );
    expect(r.status, `A's leaf is not in B's log: ${r.text}`).toBeGreaterThanOrEqual(400);
  }),
  "GET /public/ledger/proof/consistency": pub(async (fx) => {
    const r = await fx.call(
      "GET",
      `/public/ledger/proof/consistency?department=${fx.b.department.code}&from=0&to=1`,
    );
    expectNoLeak(fx, r, "B's consistency proof");
  }),
  "GET /public/ledger/entries": pub(async (fx) => {
    const other = await fx.call("GET", `/public/ledger/entries?department=${fx.b.department.code}`);
    expectStatus(other, 200, "B's ledger entries");
    expectNoLeak(fx, other, "B's public ledger");
    const own = await fx.call("GET", `/public/ledger/entries?department=${fx.a.department.code}&limit=1000`);
    expectStatus(own, 200, "A's ledger entries");
    expect(own.text, "an unapproved finding is not in the public ledger").not.toContain(fx.a.draftFindingId);
    expect(own.text, "a round before commit is not in the public ledger").not.toContain(fx.a.draftRoundId);
    expect(own.text, "the drawn round is").toContain(fx.a.roundId);
  }),
  "GET /public/ledger/entries/:index": pub(async (fx) => {
    const r = await fx.call("GET", `/public/ledger/entries/0?department=${fx.b.department.code}`);
    expectNoLeak(fx, r, "B's first ledger entry");
  }),
  "GET /public/ledger/checkpoint": pub(async (fx) => {
    const r = await fx.call("GET", `/public/ledger/checkpoint?department=${fx.b.department.code}`);
    expect([200, 404], r.text).toContain(r.status);
    expectNoLeak(fx, r, "B's checkpoint");
  }),
  "GET /public/ledger/checkpoints": pub(async (fx) => {
    const r = await fx.call("GET", `/public/ledger/checkpoints?department=${fx.b.department.code}`);
    expectStatus(r, 200, "B's checkpoints");
    expectNoLeak(fx, r, "B's checkpoints");
  }),
  "GET /public/ledger/witnesses": pub(async (fx) => {
    const r = await fx.call("GET", `/public/ledger/witnesses?department=${fx.b.department.code}`);
    expectStatus(r, 200, "B's witnesses");
    expectNoLeak(fx, r, "B's witnesses");
  }),
  "GET /public/ledger/log-key": pub(async (fx) => {
    const r = await fx.call("GET", `/public/ledger/log-key?department=${fx.b.department.code}`);
    expectStatus(r, 200, "B's log key");
    expect(r.data.origin).toContain(fx.b.department.code);
    expectNoLeak(fx, r, "B's log key");
  }),
};
