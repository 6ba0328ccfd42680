/**
 * Recusal in a joint round (联合抽查, issue 14): the round is the lead's, yet a member
 * department's inspector declares a conflict on their own assignment, and a firm's request about
 * a member's inspector is decided by that member's admin. Each substitute comes from the recused
 * member's department (draw-spec §9.1: the only member of a joint department is replaced from
 * it), the proof version grows, and `sortes verify` (the CLI, in its own process) passes on the
 * proof and eligible set as the public downloads them.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import type { Db } from "../../src/db/types.js";
import { contributorCommitment, toHex } from "../../src/draw-engine/index.js";
import { inspectors } from "../../src/rosters/inspectors/inspectors.schema.js";
import { roundFixture } from "../draws/fixture.js";
import { type Contributor, revealAll, roundBody, SIGNING_KEY_HEX } from "../draws/helpers.js";
import { verifyWithCli } from "../draws/served.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

interface Row {
  entityId: string;
  inspectorId: string;
  certificateNo: string | null;
  slot: number;
  status: string;
}

describeEachDriver("recusal and substitution of a member department's inspector in a joint round", (get) => {
  it("declaration and firm request substitute from the member's department; the CLI verifies", async () => {
    const db = get().db;
    const lead = await roundFixture(db, { entities: 120 });
    const member = await roundFixture(db, { entities: 120 });
    const { call } = testApp(get(), { SIGNING_KEY_HEX });
    const created = await call("POST", "/rounds", {
      token: lead.tokens.admin,
      json: roundBody(lead.itemCode, { jointDepartments: [member.department.code] }),
    });
    expect(created.status, created.text).toBe(201);
    const id = created.data.round.id as string;
    const joined = await call("POST", `/rounds/${id}/join`, {
      token: member.tokens.admin,
      json: { itemCode: member.itemCode, contributors: ["协办局"] },
    });
    expect(joined.status, joined.text).toBe(200);
    const parties: Contributor[] = [...created.data.credentials, ...joined.data.credentials].map(
      (c: { name: string; credential: string }) => {
        const nonce = randomBytes(32);
        return { ...c, nonce: toHex(nonce), commitment: toHex(contributorCommitment(nonce)) };
      },
    );
    for (const p of parties)
      expect((await call("POST", "/contributions/commitment", { json: p })).status).toBe(200);
    const committed = await call("POST", `/rounds/${id}/commit`, { token: lead.tokens.admin });
    expect(committed.status, committed.text).toBe(200);
    await revealAll(call, parties);
    const drawn = await call("POST", `/rounds/${id}/draw`, { token: lead.tokens.admin });
    expect(drawn.status, drawn.text).toBe(200);

    const board = async (token: string): Promise<Row[]> => {
      const r = await call("GET", `/rounds/${id}/board?limit=10000`, { token });
      expect(r.status, r.text).toBe(200);
      return r.data.items;
    };
    const memberIds = new Set(member.inspectors.map((i) => i.id));
    const before = await board(member.tokens.admin);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(before.every((r) => memberIds.has(r.inspectorId))).toBe(true);

    // 1. A member's inspector declares a conflict on their own assignment.
    const first = before[0]!;
    const inspectorToken = (
      await createToken(db, {
        departmentId: member.department.id,
        role: "inspector",
        label: "协办局检查员",
        inspectorId: first.inspectorId,
      })
    ).token;
    const mine = await call("GET", "/me/assignments", { token: inspectorToken });
    expect(mine.status, mine.text).toBe(200);
    const assignment = (mine.data.items as { id: string; entityId: string; roundId: string }[]).find(
      (a) => a.roundId === id && a.entityId === first.entityId,
    );
    expect(assignment, mine.text).toBeDefined();
    // The lead's inspector cannot touch it.
    const leadInspector = (
      await createToken(db, {
        departmentId: lead.department.id,
        role: "inspector",
        label: "牵头局检查员",
        inspectorId: lead.inspectors[0]!.id,
      })
    ).token;
    const intruder = await call("POST", `/me/assignments/${assignment!.id}/conflict`, {
      token: leadInspector,
      json: { category: "other", statement: "不是我的任务" },
    });
    expect(intruder.status).toBe(404);
    expect(intruder.headers.get("content-type")).toContain("application/problem+json");
    const declared = await call("POST", `/me/assignments/${assignment!.id}/conflict`, {
      token: inspectorToken,
      json: { category: "other", statement: "曾在该企业任职" },
    });
    expect(declared.status, declared.text).toBe(200);
    expect(declared.data).toMatchObject({
      entityId: first.entityId,
      recused: first.inspectorId,
      proofVersion: 2,
    });
    expect(memberIds.has(declared.data.substitute)).toBe(true);

    // The member's board holds the substitute in the recused one's slot; the lead's holds none of them.
    const after = await board(member.tokens.admin);
    const slot = after.filter((r) => r.entityId === first.entityId && r.slot === first.slot);
    expect(slot.map((r) => [r.inspectorId, r.status])).toEqual(
      expect.arrayContaining([
        [first.inspectorId, "recused"],
        [declared.data.substitute, "assigned"],
      ]),
    );
    expect((await board(lead.tokens.admin)).some((r) => memberIds.has(r.inspectorId))).toBe(false);

    // 2. A firm asks for the recusal of a member's inspector by 执法证号; the member's admin decides.
    // The fixtures number certificates per department, so a lead inspector on the same team may
    // carry the same 执法证号; pick a member whose number names only them on that team.
    const leadRows = await board(lead.tokens.admin);
    const second = after.find(
      (r) =>
        r.entityId !== first.entityId &&
        r.status !== "recused" &&
        !leadRows.some((l) => l.entityId === r.entityId && l.certificateNo === r.certificateNo),
    )!;
    const asked = await call("POST", `/public/rounds/${id}/recusal-requests`, {
      json: {
        entityId: second.entityId,
        certificateNo: second.certificateNo,
        category: "other",
        statement: "该检查员曾为本企业提供咨询",
        contact: "13800000000",
      },
    });
    expect(asked.status, asked.text).toBe(201);
    const leadList = await call("GET", `/rounds/${id}/recusal-requests`, { token: lead.tokens.admin });
    expect(leadList.data.items).toEqual([]);
    const memberList = await call("GET", `/rounds/${id}/recusal-requests`, { token: member.tokens.admin });
    expect(memberList.status, memberList.text).toBe(200);
    expect(memberList.data.items).toMatchObject([
      { entityId: second.entityId, inspectorId: second.inspectorId, certificateNo: second.certificateNo },
    ]);
    expect(memberList.data.items[0].entityName).not.toBeNull();
    const requestId = memberList.data.items[0].id as string;
    const wrongDesk = await call("POST", `/recusal-requests/${requestId}/decision`, {
      token: lead.tokens.admin,
      json: { accept: true, note: "同意" },
    });
    expect(wrongDesk.status).toBe(404);
    const decided = await call("POST", `/recusal-requests/${requestId}/decision`, {
      token: member.tokens.admin,
      json: { accept: true, note: "同意回避" },
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.data.substitution).toMatchObject({ recused: second.inspectorId, proofVersion: 3 });
    expect(memberIds.has(decided.data.substitution.substitute)).toBe(true);
    for (const token of [lead.tokens.admin, member.tokens.admin]) {
      const subs = await call("GET", `/rounds/${id}/substitutions`, { token });
      expect(subs.status, subs.text).toBe(200);
      expect(subs.data.items).toHaveLength(2);
    }

    // 2b. Departments issue 执法证号 independently: when a lead and a member inspector on one team
    // carry the same number, the number alone is refused (409 naming both departments) and the
    // firm names the issuing department.
    const third = leadRows.find((r) => r.entityId !== first.entityId && r.entityId !== second.entityId)!;
    const partner = (await board(member.tokens.admin)).find(
      (r) => r.entityId === third.entityId && r.status !== "recused",
    )!;
    await sameCertificateNo(db, member.department.id, partner.inspectorId, third.certificateNo!);
    const ask = (extra: Record<string, string>, headers?: Record<string, string>) =>
      call("POST", `/public/rounds/${id}/recusal-requests`, {
        headers,
        json: {
          entityId: third.entityId,
          certificateNo: third.certificateNo,
          category: "other",
          statement: "检查员与本企业负责人系亲属",
          contact: "13900000000",
          ...extra,
        },
      });
    const ambiguous = await ask({});
    expect(ambiguous.status, ambiguous.text).toBe(409);
    expect(ambiguous.headers.get("content-type")).toContain("application/problem+json");
    expect(ambiguous.data.detail).toContain(lead.department.code);
    expect(ambiguous.data.detail).toContain(member.department.code);
    expect(ambiguous.data.errors).toEqual([
      { field: "body.departmentCode", reason: expect.stringContaining(member.department.code) },
    ]);
    // A firm reads it in Chinese.
    const ambiguousZh = await ask({}, { "accept-language": "zh-CN" });
    expect(ambiguousZh.data.detail).toMatch(
      /^执法证号 \S+ 对应本检查组的 2 名检查人员（发证部门：.+、.+），请同时注明发证部门代码/,
    );
    expect((await ask({ departmentCode: "000000" })).status).toBe(404);
    const toMember = await ask({ departmentCode: member.department.code });
    expect(toMember.status, toMember.text).toBe(201);
    const toLead = await ask({ departmentCode: lead.department.code });
    expect(toLead.status, toLead.text).toBe(201);
    const filed = async (token: string) =>
      (
        (await call("GET", `/rounds/${id}/recusal-requests`, { token })).data.items as {
          entityId: string;
          inspectorId: string;
        }[]
      )
        .filter((r) => r.entityId === third.entityId)
        .map((r) => r.inspectorId);
    expect(await filed(member.tokens.admin)).toEqual([partner.inspectorId]);
    expect(await filed(lead.tokens.admin)).toEqual([third.inspectorId]);

    // 3. The public downloads verify outside the service, with both substitutions replayed.
    const dir = mkdtempSync(join(tmpdir(), "sortes-joint-recusal-"));
    const proofRes = await call("GET", `/public/rounds/${id}/proof`);
    expect(proofRes.status).toBe(200);
    const proof = JSON.parse(proofRes.text);
    expect(proof.substitutions.map((s: { recused: string }) => s.recused)).toEqual([
      first.inspectorId,
      second.inspectorId,
    ]);
    const deptOf = new Map(
      proof.inspectors.map((i: { id: string; department: string }) => [i.id, i.department]),
    );
    for (const s of proof.substitutions as { recused: string; substitute: string }[])
      expect(deptOf.get(s.substitute)).toBe(member.department.code);
    for (const t of proof.finalTeams as { members: string[] }[])
      expect(t.members.map((m) => deptOf.get(m))).toEqual([lead.department.code, member.department.code]);
    const eligible = await call("GET", `/public/rounds/${id}/eligible.ndjson`);
    expect(eligible.status).toBe(200);
    writeFileSync(join(dir, "proof.json"), proofRes.text);
    writeFileSync(join(dir, "eligible.ndjson"), eligible.text);
    const v = verifyWithCli(join(dir, "proof.json"), join(dir, "eligible.ndjson"));
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain("PASS");
  });
});

/**
 * Gives `inspectorId` the 执法证号 `certificateNo` within its department, swapping numbers with
 * the inspector who holds it (the department's numbers stay unique), as two departments issuing
 * numbers independently may do.
 */
async function sameCertificateNo(db: Db, departmentId: string, inspectorId: string, certificateNo: string) {
  await db.transaction(async (tx) => {
    const [own] = await tx
      .select({ no: inspectors.certificateNo })
      .from(inspectors)
      .where(eq(inspectors.id, inspectorId));
    const holder = and(
      eq(inspectors.departmentId, departmentId),
      eq(inspectors.certificateNo, certificateNo),
    );
    await tx.update(inspectors).set({ certificateNo: "swap" }).where(holder);
    await tx.update(inspectors).set({ certificateNo }).where(eq(inspectors.id, inspectorId));
    await tx
      .update(inspectors)
      .set({ certificateNo: own!.no })
      .where(and(eq(inspectors.departmentId, departmentId), eq(inspectors.certificateNo, "swap")));
  });
}
