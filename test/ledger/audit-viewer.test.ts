/**
 * GET /audit as the console's audit log viewer reads it: newest first paged by seq, filtered on
 * the server by actor, role, action, outcome and time, each entry naming its actor; the
 * default (oldest first from `after`) is unchanged.
 */
import { beforeAll, expect, it } from "vitest";
import { createAccount } from "../../src/auth/accounts.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

describeEachDriver("audit log viewer queries", (get) => {
  let call: ReturnType<typeof testApp>["call"];
  let tokens: Awaited<ReturnType<typeof newDepartment>>["tokens"];
  let accountActor: string;
  let startedAt: string;

  beforeAll(async () => {
    ({ call } = testApp(get()));
    const dept = await newDepartment(get().db);
    tokens = dept.tokens;
    startedAt = new Date(Date.now() - 1000).toISOString();
    // Through the API, so the account creation itself is audited (success by admin).
    const made = await call("POST", "/accounts", {
      token: tokens.admin,
      json: { login: `viewer-${Date.now()}`, displayName: "王审计", role: "auditor" },
    });
    expect(made.status).toBe(201);
    accountActor = made.data.account.actorId;
    // Refused (403) by the operator, and a 404 by the admin.
    expect(
      (await call("POST", "/tokens", { token: tokens.operator, json: { role: "admin", label: "x" } })).status,
    ).toBe(403);
    expect((await call("POST", "/checklist/NOPE/publish", { token: tokens.admin })).status).toBe(404);
    for (let i = 0; i < 3; i++) {
      const r = await call("POST", "/checklist", {
        token: tokens.operator,
        json: {
          code: `AUD-${i}`,
          inspectingBody: "局",
          name: `事项${i}`,
          legalBasis: "依据",
          content: "内容",
          methods: ["written"],
        },
      });
      expect(r.status).toBe(201);
    }
    // An account of another department with the same display name must never be joined in.
    const other = await newDepartment(get().db);
    await createAccount(get().db, {
      departmentId: other.department.id,
      login: `other-${Date.now()}`,
      displayName: "王审计",
      role: "admin",
      password: "another-password-1",
    });
  });

  it("pages newest first by seq and names the actors", async () => {
    const first = await call("GET", "/audit?order=desc&limit=4", { token: tokens.auditor });
    expect(first.status).toBe(200);
    const seqs = first.data.items.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(seqs).toHaveLength(4);
    expect(first.data.nextCursor).toBe(seqs[3]);
    const second = await call("GET", `/audit?order=desc&limit=4&before=${first.data.nextCursor}`, {
      token: tokens.auditor,
    });
    expect(second.data.items.map((e: { seq: number }) => e.seq)).toEqual([2, 1]);
    expect(second.data.nextCursor).toBeNull();
    const oldest = second.data.items.at(-1);
    expect(oldest).toMatchObject({ action: "POST /accounts", status: 201, role: "admin" });
    expect(oldest.actor).toEqual({ kind: "token", name: "test admin" });
    // The default stays oldest first.
    const asc = await call("GET", "/audit?limit=2", { token: tokens.auditor });
    expect(asc.data.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
  });

  it("filters by outcome, role, action, actor and time on the server", async () => {
    const q = async (query: string) => {
      const r = await call("GET", `/audit?order=desc&${query}`, { token: tokens.auditor });
      expect(r.status, r.text).toBe(200);
      return r.data.items as { action: string; status: number; role: string; tokenId: string }[];
    };
    const refused = await q("outcome=refused");
    expect(refused.map((e) => e.status).sort()).toEqual([403, 404]);
    expect((await q("outcome=failed")).length).toBe(0);
    const byOperator = await q("role=operator");
    expect(byOperator.map((e) => e.action)).toEqual([
      "POST /checklist",
      "POST /checklist",
      "POST /checklist",
      "POST /tokens",
    ]);
    expect((await q("role=operator&outcome=success")).length).toBe(3);
    expect((await q("action=publish")).map((e) => e.action)).toEqual(["POST /checklist/:itemCode/publish"]);
    // `%` is a literal, not a wildcard.
    expect((await q("action=%25")).length).toBe(0);
    const operatorId = byOperator[0]!.tokenId;
    expect((await q(`actorId=${operatorId}`)).length).toBe(4);
    expect((await q(`actorId=${accountActor}`)).length).toBe(0);
    expect((await q(`from=${encodeURIComponent(startedAt)}`)).length).toBe(6);
    expect((await q(`to=${encodeURIComponent(startedAt)}`)).length).toBe(0);
    const bad = await call("GET", "/audit?outcome=maybe", { token: tokens.auditor });
    expect(bad.status).toBe(400);
  });
});
