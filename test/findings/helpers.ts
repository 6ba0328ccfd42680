/**
 * A drawn team without running a draw: the minimal rows (entity, round, two assignments)
 * inserted with drizzle against the real draws/assignments schema, two real inspectors with
 * their own tokens. The full draw flow is covered by test/draws; this keeps these tests
 * about inspection records and publication.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { assignments } from "../../src/assignments/schema.js";
import { createToken } from "../../src/auth/tokens.js";
import type { Db } from "../../src/db/types.js";
import { rounds } from "../../src/draws/schema.js";
import { entities } from "../../src/rosters/entities/entities.schema.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { createCommittedRound, revealAll } from "../draws/helpers.js";
import type { testApp } from "../helpers/app.js";
import { newDepartment } from "../helpers/db.js";

type Call = ReturnType<typeof testApp>["call"];

export const tempDataDir = () => mkdtempSync(join(tmpdir(), "sortes-findings-"));

export function fakeCreditCode(): string {
  return `91350100${randomBytes(5).toString("hex").toUpperCase()}`;
}

export interface TeamOptions {
  entityName?: string;
  naturalPerson?: boolean;
  legalRepresentative?: string;
  address?: string;
  members?: number;
  /** First day of the round's inspection window (default 2026-01-05). */
  windowFrom?: string;
}

/** A fresh department with one drawn entity, its team of inspectors and one outsider. */
export async function teamFixture(db: Db, o: TeamOptions = {}) {
  const { department, tokens } = await newDepartment(db);
  const entityId = fakeCreditCode();
  const entityName = o.entityName ?? `福州市鼓楼区测试商行${randomBytes(2).toString("hex")}`;
  await db.insert(entities).values({
    departmentId: department.id,
    creditCode: entityId,
    codeKind: "uscc",
    name: entityName,
    legalRepresentative: o.legalRepresentative ?? "李四",
    address: o.address ?? "福州市鼓楼区五四路1号",
    registrationAuthority: "福州市鼓楼区市场监督管理局",
    naturalPerson: o.naturalPerson ?? false,
  });
  const [round] = await db
    .insert(rounds)
    .values({
      departmentId: department.id,
      title: "2026年第一批双随机抽查",
      planYear: 2026,
      itemVersionId: randomUUID(),
      teamSize: 2,
      windowFrom: o.windowFrom ?? "2026-01-05",
      windowUntil: o.windowFrom && o.windowFrom > "2026-03-31" ? o.windowFrom : "2026-03-31",
      revealDeadline: new Date("2026-01-01T00:00:00Z"),
      status: "in_progress",
    })
    .returning({ id: rounds.id });
  const roundId = round!.id;
  const people = [];
  for (let i = 0; i < (o.members ?? 2) + 1; i++) {
    const inspector = await createInspector(
      db,
      department.id,
      {
        name: `检查员${i + 1}`,
        certificateNo: `3501${randomBytes(4).toString("hex")}`,
        certValidUntil: "2030-12-31",
        qualifications: ["食品安全"],
      },
      { tokenId: null, role: null },
    );
    const token = (
      await createToken(db, {
        departmentId: department.id,
        role: "inspector",
        label: "t",
        inspectorId: inspector.id,
      })
    ).token;
    people.push({ id: inspector.id, token });
  }
  const members = people.slice(0, -1);
  await db
    .insert(assignments)
    .values(
      members.map((m, slot) => ({ departmentId: department.id, roundId, entityId, inspectorId: m.id, slot })),
    );
  return {
    department,
    tokens,
    roundId,
    entityId,
    entityName,
    members,
    outsider: people.at(-1)!,
    base: `/inspections/${roundId}/${entityId}`,
  };
}

export type TeamFixture = Awaited<ReturnType<typeof teamFixture>>;

/**
 * A final team of a round drawn through the service (the first, or the `index`th): its members as inspectors with
 * their own tokens, addressed like a TeamFixture (for recordAndSign / fileSignedFinding).
 */
export async function drawnTeamFixture(db: Db, call: Call, departmentId: string, roundId: string, index = 0) {
  const proof = (await call("GET", `/public/rounds/${roundId}/proof`)).data;
  const team = proof.finalTeams[index] as { entityId: string; members: string[] };
  const members = [];
  for (const id of team.members) {
    const t = await createToken(db, { departmentId, role: "inspector", label: "t", inspectorId: id });
    members.push({ id, token: t.token });
  }
  return { proof, team, members, base: `/inspections/${roundId}/${team.entityId}` };
}

/**
 * A round committed, revealed and drawn through the service, with an inspection window that
 * holds the visit recordAndSign records (2026-01-12), and its first final team.
 */
export async function drawnRoundTeam(
  db: Db,
  call: Call,
  fx: { department: { id: string }; tokens: { admin: string }; itemCode: string },
) {
  const admin = fx.tokens.admin;
  const { roundId, contributors } = await createCommittedRound(call, admin, fx.itemCode, {
    windowFrom: "2026-01-05",
    windowUntil: "2026-03-31",
  });
  await revealAll(call, contributors);
  const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: admin });
  expect(drawn.status, drawn.text).toBe(200);
  return { roundId, ...(await drawnTeamFixture(db, call, fx.department.id, roundId)) };
}

/** What recording and filing need of a team: its members' tokens and its inspection path. */
type InspectingTeam = Pick<TeamFixture, "members" | "base">;

/** Arrival, a statement and an evidence file by the first member; every member signs off. */
export async function recordAndSign(call: Call, fx: InspectingTeam) {
  const [a] = fx.members;
  const arrival = await call("POST", `${fx.base}/events`, {
    token: a!.token,
    json: { kind: "arrival", summary: "到达现场，出示执法证件", occurredAt: "2026-01-12T09:00:00+08:00" },
  });
  expect(arrival.status, arrival.text).toBe(201);
  const bytes = new TextEncoder().encode(`现场照片 ${randomUUID()}`);
  const evidence = await call("POST", `${fx.base}/evidence?summary=${encodeURIComponent("现场照片")}`, {
    token: a!.token,
    body: bytes,
    headers: { "content-type": "image/jpeg" },
  });
  expect(evidence.status, evidence.text).toBe(201);
  for (const m of fx.members) {
    const s = await call("POST", `${fx.base}/sign-off`, { token: m.token });
    expect(s.status, s.text).toBe(201);
  }
  return { arrival: arrival.data, evidence: evidence.data, bytes };
}

export function findingBody(over: Record<string, unknown> = {}) {
  return {
    resultCode: "发现问题已责令改正",
    description: "进货查验记录不全，已责令整改",
    rectification: { ordered: true, deadline: "2026-02-28" },
    followUp: { penaltyCaseNo: null, referralAuthority: null, creditListing: false },
    inspectionEndedOn: "2026-01-12",
    ...over,
  };
}

/** Records, signs and files a finding; returns its id. */
export async function fileSignedFinding(call: Call, fx: InspectingTeam, over: Record<string, unknown> = {}) {
  const rec = await recordAndSign(call, fx);
  const filed = await call("POST", `${fx.base}/findings`, {
    token: fx.members[0]!.token,
    json: findingBody({ evidenceHashes: [rec.evidence.evidence.sha256], ...over }),
  });
  expect(filed.status, filed.text).toBe(201);
  return { ...rec, finding: filed.data, findingId: filed.data.id as string };
}
