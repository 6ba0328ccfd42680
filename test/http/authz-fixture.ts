/**
 * Two departments for the authorization matrix. Department A holds one of everything, built
 * through the real domain functions and HTTP routes (roster, frozen revisions, inspectors,
 * conflict, checklist, approved plan, a drawn round with assignments and a recusal request,
 * import jobs, a notice, an inspection timeline, a published and an unpublished finding, a
 * correction request, tokens), plus draft material that must never be public. Department B
 * has only its own admin, auditor and an inspector token bound to B's own inspector.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { createAccount } from "../../src/auth/accounts.js";
import { createToken } from "../../src/auth/tokens.js";
import { queryRows } from "../../src/db/rows.js";
import type { Database } from "../../src/db/types.js";
import { raiseNotice } from "../../src/jobs/notices.js";
import { createEndpoint } from "../../src/notifications/endpoints.js";
import { enqueueNotification } from "../../src/notifications/outbox.js";
import { publishTemplate } from "../../src/plans/templates.js";
import { importsIdle } from "../../src/rosters/imports/import-jobs.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll, roundBody, SIGNING_KEY_HEX } from "../draws/helpers.js";
import { fileSignedFinding, type TeamFixture, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { newDepartment } from "../helpers/db.js";
import { syntheticCsv, syntheticRecords } from "../rosters/entities-fixtures.js";

type Call = ReturnType<typeof testApp>["call"];
type Reply = Awaited<ReturnType<Call>>;

function ok(r: Reply, status: number) {
  expect(r.status, `${status} expected: ${r.text}`).toBe(status);
  return r.data;
}

async function inspectorTokenFor(database: Database, departmentId: string, inspectorId: string) {
  return createToken(database.db, { departmentId, role: "inspector", label: "authz", inspectorId });
}

/** Department A: a full round through the real draw, findings, imports and draft material. */
async function departmentA(database: Database, call: Call) {
  const db = database.db;
  const fx = await roundFixture(db, { entities: 60, inspectors: 6 });
  const admin = fx.tokens.admin;
  const departmentId = fx.department.id;

  // A second frozen revision after an (upsert) import job, so revision diff has two ids. The
  // imported codes carry a valid GB 32100 check character (the fixture's drawn ones do not).
  const seed = `authz-a-${randomBytes(3).toString("hex")}`;
  const validCode = syntheticRecords(3, seed)[0]![0]!;
  const entityImport = ok(
    await call("POST", "/entities/imports?mode=upsert", {
      token: admin,
      body: syntheticCsv(3, seed) as unknown as BodyInit,
      headers: { "content-type": "text/csv; charset=utf-8" },
    }),
    202,
  );
  const inspectorImport = ok(
    await call("POST", "/inspectors/imports", {
      token: admin,
      body: "姓名,执法证号,证件有效期止\n导入检查员,AUTHZ-IMP-1,2030-12-31\n",
      headers: { "content-type": "text/csv; charset=utf-8" },
    }),
    202,
  );
  await importsIdle(database);
  expect(ok(await call("GET", `/entities/imports/${entityImport.id}`, { token: admin }), 200).state).toBe(
    "succeeded",
  );
  expect(
    ok(await call("GET", `/inspectors/imports/${inspectorImport.id}`, { token: admin }), 200).state,
  ).toBe("succeeded");
  const revision2 = ok(
    await call("POST", "/entities/revisions", { token: admin, json: { label: "2026-12" } }),
    201,
  );

  // The drawn round; teams from the signed proof.
  // The window holds the visit the findings helper records (2026-01-12).
  const { roundId, contributors } = await createCommittedRound(call, admin, fx.itemCode, {
    windowFrom: "2026-01-05",
    windowUntil: "2026-03-31",
  });
  await revealAll(call, contributors);
  ok(await call("POST", `/rounds/${roundId}/draw`, { token: admin }), 200);
  const proof = ok(await call("GET", `/public/rounds/${roundId}/proof`), 200);
  const teams = proof.finalTeams as { entityId: string; members: string[] }[];
  expect(teams.length).toBeGreaterThanOrEqual(3);
  const [published, unpublished, recused] = teams as [
    (typeof teams)[0],
    (typeof teams)[0],
    (typeof teams)[0],
  ];

  const team = async (t: (typeof teams)[0]) => {
    const members = [];
    for (const id of t.members)
      members.push({ id, token: (await inspectorTokenFor(database, departmentId, id)).token });
    return { members, base: `/inspections/${roundId}/${t.entityId}` } as unknown as TeamFixture;
  };
  const pubTeam = await team(published);
  const inspector = pubTeam.members[0]!;
  // An inspector of A on neither inspected team and without the registered conflict.
  const busy = new Set([...published.members, ...unpublished.members, fx.inspectors[0]!.id]);
  const outsider = fx.inspectors.find((i) => !busy.has(i.id))!;
  const outsiderToken = (await inspectorTokenFor(database, departmentId, outsider.id)).token;
  const assignments = ok(await call("GET", "/me/assignments", { token: inspector.token }), 200).items as {
    id: string;
    entityId: string;
  }[];
  const assignmentId = assignments.find((x) => x.entityId === published.entityId)!.id;

  // A published finding with its timeline and evidence; another filed but never approved.
  const filed = await fileSignedFinding(call, pubTeam);
  const publication = ok(await call("POST", `/findings/${filed.findingId}/approve`, { token: admin }), 201);
  const draftFinding = await fileSignedFinding(call, await team(unpublished));
  ok(
    await call("POST", `/public/findings/${filed.findingId}/corrections`, {
      json: { message: "企业名称有误，请核实更正", contact: "0591-87654321" },
    }),
    201,
  );
  const corrections = ok(await call("GET", "/correction-requests", { token: admin }), 200).items as {
    id: string;
  }[];
  expect(corrections).toHaveLength(1);

  // A pending recusal request from an entity against a member of a third team.
  const recusal = ok(
    await call("POST", `/public/rounds/${roundId}/recusal-requests`, {
      json: {
        entityId: recused.entityId,
        inspectorId: recused.members[0],
        category: "former-employment",
        statement: "该检查员曾在本企业任职",
        contact: "0591-12345678",
      },
    }),
    201,
  );

  const conflict = ok(
    await call("POST", "/conflicts", {
      token: admin,
      json: {
        inspectorId: fx.inspectors[0]!.id,
        entityCode: validCode,
        category: "spouse",
        source: "admin-recorded",
        validFrom: "2026-01-01",
      },
    }),
    201,
  );
  const token = ok(
    await call("POST", "/tokens", { token: admin, json: { role: "auditor", label: "authz spare" } }),
    201,
  );
  await raiseNotice(db, {
    departmentId,
    kind: "roster-revision-due",
    key: `authz-${randomBytes(4).toString("hex")}`,
    message: "名录库需要修订",
    dueDate: "2026-12-31",
  });
  const [notice] = await queryRows<{ id: string }>(
    db,
    sql`select id from notices where department_id = ${departmentId} order by created_at desc limit 1`,
  );
  ok(await call("POST", "/ledger/sth", { token: admin }), 201);

  // Draft material that no public endpoint may show: an unpublished checklist item, a plan
  // not approved, a round created but not committed.
  const draftItemCode = `DRAFT-${randomBytes(3).toString("hex")}`;
  ok(
    await call("POST", "/checklist", {
      token: admin,
      json: {
        code: draftItemCode,
        inspectingBody: "福州市市场监督管理局",
        name: "草稿事项",
        legalBasis: "草稿依据",
        content: "草稿内容",
        methods: ["written"],
      },
    }),
    201,
  );
  ok(
    await call("POST", "/plans", {
      token: admin,
      json: {
        year: 2027,
        roundsPerYear: 2,
        ratesBp: { A: 300, B: 500, C: 1000, D: 2000 },
        items: [{ itemCode: fx.itemCode }],
      },
    }),
    201,
  );
  const draftRound = ok(
    await call("POST", "/rounds", { token: admin, json: roundBody(fx.itemCode, { title: "草稿批次" }) }),
    201,
  );

  // A staff account (password sign-in), for the account administration routes.
  const account = await createAccount(db, {
    departmentId,
    login: `authz-${randomBytes(4).toString("hex")}`,
    displayName: "甲局审计",
    role: "auditor",
  });

  // A webhook endpoint of A and one delivery to it, for the notification routes.
  const webhook = await createEndpoint(db, departmentId, { url: "http://127.0.0.1:9/authz-hook" });
  await enqueueNotification(db, {
    departmentId,
    kind: "certificate.expiring",
    recipient: { type: "inspector", id: inspector.id },
    payload: { inspectorId: inspector.id },
  });
  const [delivery] = await queryRows<{ id: string }>(
    db,
    sql`select id from notification_deliveries where target = ${webhook.endpoint.id}`,
  );

  const entityCodes = (
    await queryRows<{ credit_code: string }>(
      db,
      sql`select credit_code from entities where department_id = ${departmentId}`,
    )
  ).map((r) => r.credit_code);
  // A plan template A publishes for the departments below it.
  const template = await publishTemplate(db, departmentId, {
    year: 2029,
    title: "甲局计划模板",
    roundsPerYear: 2,
    ratesBp: { A: 300, B: 500, C: 1000, D: 2000 },
    cooldownDays: 0,
    maxInspectionsPerEntityPerYear: null,
    notes: "",
    items: [{ itemCode: fx.itemCode, roundsPerYear: null, ratesBp: null }],
  });
  return {
    department: fx.department,
    tokens: { admin, operator: fx.tokens.operator, auditor: fx.tokens.auditor, inspector: inspector.token },
    outsiderToken,
    itemCode: fx.itemCode,
    draftItemCode,
    revisionId: fx.revision.id as string,
    revision2Id: revision2.id as string,
    inspectorId: inspector.id,
    inspectorIds: fx.inspectors.map((i) => i.id as string),
    entityCodes,
    validCode,
    roundId,
    draftRoundId: draftRound.round.id as string,
    draftRoundCredential: draftRound.credentials[0].credential as string,
    assignmentId,
    drawnEntity: published.entityId,
    unpublishedEntity: unpublished.entityId,
    evidenceSha256: filed.evidence.evidence.sha256 as string,
    findingId: filed.findingId,
    leafHash: publication.ledger.leafHash as string,
    draftFindingId: draftFinding.findingId,
    correctionId: corrections[0]!.id,
    recusalId: recusal.id as string,
    conflictId: conflict.id as string,
    entityImportId: entityImport.id as string,
    inspectorImportId: inspectorImport.id as string,
    tokenId: token.id as string,
    noticeId: notice!.id,
    accountId: account.account.id,
    accountLogin: account.account.login,
    accountActorId: account.account.actorId,
    webhookEndpointId: webhook.endpoint.id,
    deliveryId: delivery!.id,
    templateId: template.id,
  };
}

export type DepartmentA = Awaited<ReturnType<typeof departmentA>>;

/** Every identifier of A that must never appear in an answer to B. */
export function identifiersOf(a: DepartmentA): string[] {
  return [
    a.department.id,
    a.department.code,
    a.itemCode,
    a.draftItemCode,
    a.revisionId,
    a.revision2Id,
    ...a.inspectorIds,
    a.inspectorId,
    ...a.entityCodes,
    a.roundId,
    a.draftRoundId,
    a.assignmentId,
    a.evidenceSha256,
    a.findingId,
    a.leafHash,
    a.draftFindingId,
    a.correctionId,
    a.recusalId,
    a.conflictId,
    a.entityImportId,
    a.inspectorImportId,
    a.tokenId,
    a.noticeId,
    a.accountId,
    a.accountLogin,
    a.accountActorId,
    a.webhookEndpointId,
    a.deliveryId,
    a.templateId,
  ];
}

/** Department B: admin, auditor and an inspector token bound to B's own inspector. */
async function departmentB(database: Database) {
  const { department, tokens } = await newDepartment(database.db);
  const inspector = await createInspector(
    database.db,
    department.id,
    {
      name: "乙局检查员",
      certificateNo: `B-${randomBytes(4).toString("hex")}`,
      certValidUntil: "2030-12-31",
      qualifications: ["食品安全"],
    },
    { tokenId: null, role: null },
  );
  const inspectorToken = (await inspectorTokenFor(database, department.id, inspector.id)).token;
  const all = { ...tokens, inspector: inspectorToken };
  // A token reads srt_<id>_<secret>; the id is what audit entries name.
  const tokenIds = Object.values(all).map((t) => t.split("_")[1]!);
  return { department, tokens: all, tokenIds, inspectorId: inspector.id };
}

export type DepartmentB = Awaited<ReturnType<typeof departmentB>>;

export async function authzFixture(database: Database) {
  const api = testApp(database, { SIGNING_KEY_HEX, DATA_DIR: tempDataDir() });
  const a = await departmentA(database, api.call);
  const b = await departmentB(database);
  // A's parent: a province over A (350100), with the same roles as B. Without ?department= it
  // must fare exactly like B; reading down is tested in test/departments/read-down.test.ts.
  const parent = await departmentB(database);
  await database.db.execute(
    sql`update departments set region_code = '350000' where id = ${parent.department.id}`,
  );
  await database.db.execute(
    sql`update departments set parent_id = ${parent.department.id} where id = ${a.department.id}`,
  );
  return { api, call: api.call, a, b, parent, aIds: identifiersOf(a) };
}

export type AuthzFixture = Awaited<ReturnType<typeof authzFixture>>;
