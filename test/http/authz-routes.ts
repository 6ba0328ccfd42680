/**
 * The authorization matrix table: one entry per route of `allRoutes()`, keyed
 * "METHOD /path". Each entry fills the path with department A's real resource ids and says
 * what a token of department B (with a role the route allows) must get:
 * - `byId`: the route addresses A's resource → 404 (with a valid body, so the 404 comes
 *   from the lookup and not from validation);
 * - `collection`: no id of A in the path → 2xx and none of A's identifiers in the answer;
 * - `own`: acts in the caller's own department (creates, signs, reloads) → the given status,
 *   none of A's identifiers in the answer; A's data is compared before/after at the end;
 * - `public`: no token at all; the check proves A's drafts stay hidden and B's public pages
 *   show nothing of A.
 */
import { expect } from "vitest";
import type { Role } from "../../src/auth/tokens.js";
import { findingBody } from "../findings/helpers.js";
import { uniqueCode } from "../helpers/db.js";
import { uscc } from "../rosters/entities-fixtures.js";
import type { AuthzFixture, DepartmentA } from "./authz-fixture.js";

type Reply = Awaited<ReturnType<AuthzFixture["call"]>>;

export type CrossDepartment =
  | { kind: "byId" }
  | { kind: "collection" }
  | { kind: "own"; status: number; reason: string }
  | { kind: "public"; check: (fx: AuthzFixture) => Promise<void> };

export interface MatrixEntry {
  params?: (a: DepartmentA) => Record<string, string | number>;
  query?: (a: DepartmentA) => string;
  /** A valid JSON body for the role (B's role when crossing departments). */
  body?: (a: DepartmentA, role: Role) => unknown;
  raw?: { contentType: string; body: () => BodyInit };
  /** A different expectation for one of B's roles. */
  crossByRole?: Partial<Record<Role, CrossDepartment>>;
  /** Why A's parent department legitimately sees A here (it lists its subtree); default: it must not. */
  parentSees?: string;
  /** The part of B's answer that must hold nothing of A (default: all of it). */
  visible?: (r: Reply, fx: AuthzFixture) => string;
  cross: CrossDepartment;
}

const byId = { kind: "byId" } as const;
const collection = { kind: "collection" } as const;
const roundId = (a: DepartmentA) => ({ id: a.roundId });
const team = (a: DepartmentA) => ({ roundId: a.roundId, entityId: a.drawnEntity });

/** Fails with every identifier of A found in a reply meant for someone else. */
export function expectNoLeak(fx: AuthzFixture, r: Reply, what: string, text = r.text) {
  const leaked = fx.aIds.filter((id) => text.includes(id));
  expect(leaked, `${what} leaks department A's identifiers`).toEqual([]);
}

function expectStatus(r: Reply, status: number, what: string) {
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBe(status);
}

/**
 * B's audit log rightly records B's own refused attempts (404) with the path B sent, which
 * names A's ids; those targets are B's input, not A's data, so they are blanked.
 */
export function auditWithoutOwnAttempts(r: Reply, fx: AuthzFixture): string {
  const items = r.data.items as { tokenId: string | null; status: number; target: string }[];
  return JSON.stringify(
    items.map((i) =>
      i.status === 404 && i.tokenId && [...fx.b.tokenIds, ...fx.parent.tokenIds].includes(i.tokenId)
        ? { ...i, target: "(B's request)" }
        : i,
    ),
  );
}

const plan = (itemCode: string) => ({
  roundsPerYear: 2,
  ratesBp: { A: 300, B: 500, C: 1000, D: 2000 },
  items: [{ itemCode }],
});

const inspectorCsv = () => "姓名,执法证号,证件有效期止\n乙局导入,B-IMP-1,2030-12-31\n";

export const matrix: Record<string, MatrixEntry> = {
  "GET /department": { cross: collection },
  "GET /departments": { cross: collection, parentSees: "a department lists itself and everything below it" },
  "POST /departments": {
    body: () => ({ code: uniqueCode("SUB"), name: "乙局下级", regionCode: "350102" }),
    cross: { kind: "own", status: 201, reason: "creates a subordinate of B's own department" },
  },
  "POST /tokens": {
    // Binding a token to A's inspector must look like an unknown inspector.
    body: (a) => ({ role: "inspector", label: "cross", inspectorId: a.inspectorId }),
    cross: byId,
  },
  "GET /tokens": { cross: collection },
  "DELETE /tokens/:id": { params: (a) => ({ id: a.tokenId }), cross: byId },
  "GET /me": { cross: collection },
  "POST /auth/sign-out": {
    cross: { kind: "own", status: 204, reason: "a bearer token has no session to end" },
  },
  "POST /auth/password": {
    body: () => ({ current: "irrelevant", next: "a long new password" }),
    cross: { kind: "own", status: 403, reason: "a bearer token has no password to change" },
  },
  "POST /accounts": {
    // Binding an account to A's inspector must look like an unknown inspector.
    body: (a) => ({
      login: `cross-${a.accountLogin}`,
      displayName: "跨局",
      role: "inspector",
      inspectorId: a.inspectorId,
    }),
    cross: byId,
  },
  "GET /accounts": { cross: collection },
  "POST /accounts/:id/password": { params: (a) => ({ id: a.accountId }), body: () => ({}), cross: byId },
  "POST /accounts/:id/disable": { params: (a) => ({ id: a.accountId }), cross: byId },
  "GET /jobs": { cross: collection },
  "GET /notices": { cross: collection },
  "POST /notices/:id/resolve": { params: (a) => ({ id: a.noticeId }), cross: byId },
  "POST /notifications/webhooks": {
    body: () => ({ url: "http://127.0.0.1:9/b-hook" }),
    cross: { kind: "own", status: 201, reason: "adds an endpoint to B's own department" },
  },
  "GET /notifications/webhooks": { cross: collection },
  "DELETE /notifications/webhooks/:id": { params: (a) => ({ id: a.webhookEndpointId }), cross: byId },
  "POST /notifications/webhooks/:id/rotate": { params: (a) => ({ id: a.webhookEndpointId }), cross: byId },
  "GET /notifications/deliveries": { cross: collection },
  "POST /notifications/deliveries/:id/replay": { params: (a) => ({ id: a.deliveryId }), cross: byId },
  "PUT /inspectors/:id/contact": {
    params: (a) => ({ id: a.inspectorId }),
    body: () => ({ email: "cross@example.com", phone: null }),
    cross: byId,
  },
  "GET /inspectors/:id/contact": { params: (a) => ({ id: a.inspectorId }), cross: byId },

  "POST /checklist": {
    body: () => ({
      code: "B-OWN-ITEM",
      inspectingBody: "乙局",
      name: "乙局事项",
      legalBasis: "依据",
      content: "内容",
      methods: ["written"],
    }),
    cross: { kind: "own", status: 201, reason: "creates a draft item in B's own checklist" },
  },
  "GET /checklist": { cross: collection },
  "GET /checklist/:itemCode": { params: (a) => ({ itemCode: a.itemCode }), cross: byId },
  "PATCH /checklist/:itemCode": {
    params: (a) => ({ itemCode: a.draftItemCode }),
    body: () => ({ name: "改名" }),
    cross: byId,
  },
  "POST /checklist/:itemCode/publish": { params: (a) => ({ itemCode: a.draftItemCode }), cross: byId },
  "DELETE /checklist/:itemCode/draft": { params: (a) => ({ itemCode: a.draftItemCode }), cross: byId },
  "POST /checklist/:itemCode/withdraw": {
    params: (a) => ({ itemCode: a.itemCode }),
    body: () => ({ reason: "依据已废止" }),
    cross: byId,
  },
  "GET /checklist/:itemCode/versions": { params: (a) => ({ itemCode: a.itemCode }), cross: byId },
  "GET /checklist/:itemCode/versions/:version": {
    params: (a) => ({ itemCode: a.itemCode, version: 1 }),
    cross: byId,
  },

  "GET /plans/:year/progress": { params: () => ({ year: 2026 }), cross: byId },
  "POST /plan-templates": {
    body: () => ({
      year: 2029,
      roundsPerYear: 2,
      ratesBp: { A: 300, B: 500, C: 1000, D: 2000 },
      items: [{ itemCode: "B-TPL" }],
    }),
    cross: { kind: "own", status: 201, reason: "publishes a template of B's own department" },
  },
  "GET /plan-templates": { cross: collection },
  "GET /plan-templates/:id": { params: (a) => ({ id: a.templateId }), cross: byId },
  "POST /plan-templates/:id/adopt": { params: (a) => ({ id: a.templateId }), cross: byId },
  "POST /plans": {
    body: (a) => ({ year: 2028, ...plan(a.itemCode) }),
    // The refusal names the code B itself sent.
    visible: (r, fx) => r.text.replaceAll(fx.a.itemCode, "(B's input)"),
    cross: {
      kind: "own",
      status: 422,
      reason:
        "A's item code is unknown in B: the plan is refused as for any unpublished code (checked below)",
    },
  },
  "GET /plans": { cross: collection },
  "GET /plans/:year": { params: () => ({ year: 2026 }), cross: byId },
  "PUT /plans/:year": { params: () => ({ year: 2027 }), body: (a) => plan(a.itemCode), cross: byId },
  "POST /plans/:year/approve": { params: () => ({ year: 2027 }), cross: byId },
  "DELETE /plans/:year": { params: () => ({ year: 2027 }), cross: byId },
  "GET /plans/:year/versions": { params: () => ({ year: 2026 }), cross: byId },
  "GET /plans/:year/versions/:version": { params: () => ({ year: 2026, version: 1 }), cross: byId },
  "POST /plans/:year/amendments": {
    params: () => ({ year: 2026 }),
    body: (a) => ({ reason: "增加事项", ...plan(a.itemCode) }),
    cross: byId,
  },

  "POST /calendar/reload": {
    cross: { kind: "own", status: 200, reason: "reloads the shared holiday calendar; no department data" },
  },

  "POST /rounds": {
    body: (a) => ({
      title: "跨局批次",
      planYear: 2026,
      itemCode: a.itemCode,
      teamSize: 2,
      windowFrom: "2026-07-01",
      windowUntil: "2026-08-31",
      revealDeadline: new Date(Date.now() + 3600_000).toISOString(),
      contributors: ["甲", "乙", "丙"],
    }),
    cross: byId,
  },
  "GET /rounds": { cross: collection },
  "GET /rounds/:id": { params: roundId, cross: byId },
  "GET /rounds/:id/transitions": { params: roundId, cross: byId },
  "GET /rounds/:id/readiness": { params: (a) => ({ id: a.draftRoundId }), cross: byId },
  "GET /round-readiness": {
    query: (a) => `planYear=2026&itemCode=${a.itemCode}&contributors=${encodeURIComponent("甲,乙")}`,
    // B asking about A's item code finds no such item of its own; the refusal echoes B's input.
    visible: (r, fx) => r.text.replaceAll(fx.a.itemCode, "(B's input)"),
    cross: collection,
  },
  "POST /rounds/:id/commit": { params: (a) => ({ id: a.draftRoundId }), cross: byId },
  "POST /rounds/:id/beacon": {
    params: (a) => ({ id: a.draftRoundId }),
    body: () => ({ round: 1, signature: "00", randomness: "00" }),
    cross: byId,
  },
  "POST /rounds/:id/draw": { params: (a) => ({ id: a.draftRoundId }), cross: byId },
  "POST /rounds/:id/proof/restore": {
    params: roundId,
    body: () => ({ reason: "跨局修复尝试" }),
    cross: byId,
  },
  // B was not invited to A's round: joining it is not found, and B has no invitation to list.
  "POST /rounds/:id/join": {
    params: (a) => ({ id: a.draftRoundId }),
    body: (a) => ({ itemCode: a.itemCode, contributors: [] }),
    cross: byId,
  },
  "GET /joint-rounds": { cross: collection },
  "POST /rounds/:id/decline": { params: (a) => ({ id: a.draftRoundId }), cross: byId },
  "DELETE /rounds/:id/joint-departments/:code": {
    params: (a) => ({ id: a.draftRoundId, code: "NO-SUCH-DEPT" }),
    cross: byId,
  },
  "POST /rounds/:id/start": { params: roundId, cross: byId },
  "POST /rounds/:id/close": { params: roundId, cross: byId },

  "GET /me/assignments": { cross: collection },
  "POST /me/assignments/:id/accept": { params: (a) => ({ id: a.assignmentId }), cross: byId },
  "POST /me/assignments/:id/conflict": {
    params: (a) => ({ id: a.assignmentId }),
    body: () => ({ category: "other", statement: "曾有业务往来" }),
    cross: byId,
  },
  "GET /me/calendar-feed": { cross: collection },
  "POST /me/calendar-feed": {
    cross: { kind: "own", status: 201, reason: "creates B's inspector's own calendar feed URL" },
  },
  "DELETE /me/calendar-feed": {
    cross: { kind: "own", status: 204, reason: "revokes B's inspector's own calendar feed" },
  },
  "GET /rounds/:id/recusal-requests": { params: roundId, cross: byId },
  "POST /recusal-requests/:id/decision": {
    params: (a) => ({ id: a.recusalId }),
    body: () => ({ accept: false, note: "不成立" }),
    cross: byId,
  },
  "GET /rounds/:id/substitutions": { params: roundId, cross: byId },
  "GET /rounds/:id/board": { params: roundId, cross: byId },
  "GET /rounds/:id/assignments.csv": { params: roundId, cross: byId },
  "GET /rounds/:id/assignments.xlsx": { params: roundId, cross: byId },
  "GET /exports/findings.csv": { cross: collection },
  "GET /exports/findings.xlsx": { cross: collection },
  "GET /exports/rounds/:id/eligible.xlsx": { params: roundId, cross: byId },
  "GET /exports/rounds/:id/drawn.xlsx": { params: roundId, cross: byId },
  "GET /rounds/:id/notices/:entityId": {
    params: (a) => ({ id: a.roundId, entityId: a.drawnEntity }),
    cross: byId,
  },
  "GET /rounds/:id/notices.zip": { params: roundId, cross: byId },

  "POST /inspectors/imports": {
    raw: { contentType: "text/csv; charset=utf-8", body: inspectorCsv },
    cross: { kind: "own", status: 202, reason: "imports into B's own inspector roster" },
  },
  "GET /inspectors/imports/:id": { params: (a) => ({ id: a.inspectorImportId }), cross: byId },
  "GET /inspectors/imports/:id/errors": { params: (a) => ({ id: a.inspectorImportId }), cross: byId },
  "GET /inspectors/imports/:id/errors.csv": { params: (a) => ({ id: a.inspectorImportId }), cross: byId },
  "POST /inspectors": {
    body: () => ({ name: "乙局新检查员", certificateNo: "B-NEW-1", certValidUntil: "2030-12-31" }),
    cross: { kind: "own", status: 201, reason: "adds an inspector to B's own roster" },
  },
  "GET /inspectors": { cross: collection },
  "GET /inspectors/:id": { params: (a) => ({ id: a.inspectorId }), cross: byId },
  "PATCH /inspectors/:id": {
    params: (a) => ({ id: a.inspectorId }),
    body: () => ({ district: "鼓楼", reason: "调整" }),
    cross: byId,
  },
  "POST /inspectors/:id/suspend": {
    params: (a) => ({ id: a.inspectorId }),
    body: () => ({ reason: "停职" }),
    cross: byId,
  },
  "POST /inspectors/:id/reinstate": { params: (a) => ({ id: a.inspectorId }), body: () => ({}), cross: byId },
  "POST /inspectors/:id/leave": {
    params: (a) => ({ id: a.inspectorId }),
    body: () => ({ reason: "调离" }),
    cross: byId,
  },
  "GET /inspectors/:id/history": { params: (a) => ({ id: a.inspectorId }), cross: byId },
  "GET /me/inspector": { cross: collection },

  "POST /conflicts": {
    // B's admin names A's inspector → 404. B's inspector can only self-declare (for an entity
    // code of its own choosing; credit codes are national identifiers, not A's data).
    body: (a, role) =>
      role === "admin"
        ? { inspectorId: a.inspectorId, entityCode: a.validCode, category: "other", source: "admin-recorded" }
        : { entityCode: uscc("91350100MA2BUTH01"), category: "other" },
    cross: byId,
    crossByRole: {
      inspector: {
        kind: "own",
        status: 201,
        reason: "an inspector self-declares in B; no A reference is possible",
      },
    },
  },
  "GET /conflicts": { query: (a) => `inspectorId=${a.inspectorIds[0]}`, cross: collection },
  "GET /conflicts/:id": { params: (a) => ({ id: a.conflictId }), cross: byId },
  "POST /conflicts/:id/end": { params: (a) => ({ id: a.conflictId }), body: () => ({}), cross: byId },
  "GET /me/conflicts": { cross: collection },

  "GET /entities": { cross: collection },
  "POST /entities/imports": {
    query: () => "mode=upsert",
    raw: {
      contentType: "text/csv; charset=utf-8",
      body: () => `统一社会信用代码,名称\n${uscc("91350100MA2XYW001")},乙局测试商行\n`,
    },
    cross: { kind: "own", status: 202, reason: "imports into B's own working roster" },
  },
  "GET /entities/imports/:id": { params: (a) => ({ id: a.entityImportId }), cross: byId },
  "GET /entities/imports/:id/errors": { params: (a) => ({ id: a.entityImportId }), cross: byId },
  "GET /entities/imports/:id/errors.csv": { params: (a) => ({ id: a.entityImportId }), cross: byId },
  "POST /entities/revisions": {
    body: () => ({ label: "2026-06" }),
    cross: { kind: "own", status: 201, reason: "freezes B's own roster" },
  },
  "GET /entities/revisions": { cross: collection },
  "GET /entities/revisions/:id": { params: (a) => ({ id: a.revisionId }), cross: byId },
  "GET /entities/revisions/:id/diff/:otherId": {
    params: (a) => ({ id: a.revisionId, otherId: a.revision2Id }),
    cross: byId,
  },
  "GET /entities/:code": { params: (a) => ({ code: a.drawnEntity }), cross: byId },

  "POST /ledger/sth": {
    cross: { kind: "own", status: 201, reason: "signs B's own tree head" },
  },
  "GET /ledger/verify": { cross: collection },
  "GET /audit": { query: () => "limit=1000", visible: auditWithoutOwnAttempts, cross: collection },
  "GET /audit/verify": { cross: collection },

  "POST /inspections/:roundId/:entityId/events": {
    params: team,
    body: () => ({ kind: "note", summary: "跨局记录" }),
    cross: byId,
  },
  "POST /inspections/:roundId/:entityId/evidence": {
    params: team,
    query: () => "summary=x",
    raw: { contentType: "image/jpeg", body: () => new TextEncoder().encode("跨局证据") },
    cross: byId,
  },
  "POST /inspections/:roundId/:entityId/sign-off": { params: team, cross: byId },
  "GET /inspections/:roundId/:entityId/events": { params: team, cross: byId },
  "GET /inspections/:roundId/:entityId/evidence/:sha256": {
    params: (a) => ({ ...team(a), sha256: a.evidenceSha256 }),
    cross: byId,
  },
  "POST /inspections/:roundId/:entityId/findings": {
    params: (a) => ({ roundId: a.roundId, entityId: a.unpublishedEntity }),
    body: () => findingBody(),
    cross: byId,
  },
  "GET /inspections/:roundId/:entityId/findings": { params: team, cross: byId },
  "GET /findings": { query: (a) => `round=${a.roundId}`, cross: collection },
  "GET /findings/:id": { params: (a) => ({ id: a.findingId }), cross: byId },
  "POST /findings/:id/approve": { params: (a) => ({ id: a.draftFindingId }), cross: byId },
  "POST /findings/:id/withhold": {
    params: (a) => ({ id: a.draftFindingId }),
    body: () => ({ reason: "personal_privacy", note: "涉及个人隐私" }),
    cross: byId,
  },
  "POST /findings/:id/retract": {
    params: (a) => ({ id: a.findingId }),
    body: () => ({ reason: "revoked", revokedOn: "2026-11-20", explanation: "原决定已撤销" }),
    cross: byId,
  },
  "GET /publication/deadlines": { cross: collection },
  "GET /publication/findings": { cross: collection },
  "GET /dashboard": { cross: collection },
  "POST /publication/take-downs": {
    cross: { kind: "own", status: 200, reason: "takes down B's own expired publications" },
  },
  "GET /correction-requests": { cross: collection },
  "POST /correction-requests/:id/resolve": {
    params: (a) => ({ id: a.correctionId }),
    body: () => ({ status: "rejected", outcome: "不予更正" }),
    cross: byId,
  },
};

export { expectStatus };
