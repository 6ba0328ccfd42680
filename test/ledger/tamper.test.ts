import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "../../src/db/rows.js";
import { anchorAuditChains } from "../../src/ledger/audit-anchor.js";
import { buildLeaf } from "../../src/ledger/canonical.js";
import { appendToLedger } from "../../src/ledger/log.js";
import { createTreeHead } from "../../src/ledger/tree.js";
import { verifyLedger } from "../../src/ledger/verify.js";
import { testApp, testConfig } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

const config = testConfig();

describeEachDriver("tamper detection", (get) => {
  async function logWithHead(n: number) {
    const db = get().db;
    const { department, tokens } = await newDepartment(db);
    const leaves = [];
    for (let i = 0; i < n; i++) {
      leaves.push(
        await appendToLedger(db, {
          departmentId: department.id,
          kind: "publication",
          artefactId: `t${i}`,
          content: { i },
        }),
      );
    }
    await createTreeHead(db, config, department.id);
    return { db, department, tokens, leaves };
  }

  it("reports an edited ledger leaf with its index through GET /ledger/verify", async () => {
    const { db, department, tokens } = await logWithHead(6);
    const { call } = testApp(get());
    expect((await call("GET", "/ledger/verify", { token: tokens.auditor })).data).toMatchObject({
      ok: true,
      size: 6,
      treeHeadsChecked: 1,
    });
    await db.execute(
      sql`update ledger_entries set leaf_json = replace(leaf_json, '"t4"', '"forged"') where department_id = ${department.id} and idx = 4`,
    );
    const res = await call("GET", "/ledger/verify", { token: tokens.auditor });
    expect(res.data.ok).toBe(false);
    expect(res.data.firstProblem).toMatchObject({ index: 4, reason: expect.stringContaining("leaf hash") });
  });

  it("reports edited content with its index", async () => {
    const { db, department } = await logWithHead(3);
    await db.execute(
      sql`update ledger_entries set content_json = '{"i":99}' where department_id = ${department.id} and idx = 1`,
    );
    expect((await verifyLedger(db, department.id)).firstProblem).toMatchObject({
      index: 1,
      reason: expect.stringContaining("content"),
    });
  });

  it("locates a consistently rewritten leaf between the signed tree heads", async () => {
    const { db, department } = await logWithHead(2);
    for (let i = 2; i < 5; i++) {
      await appendToLedger(db, {
        departmentId: department.id,
        kind: "publication",
        artefactId: `t${i}`,
        content: { i },
      });
    }
    await createTreeHead(db, config, department.id);
    // Forge entry 3 with new content, its leaf and leaf hash all recomputed: every row is
    // self-consistent, only the signed root of size 5 can tell.
    const [orig] = await queryRows<{ leaf_json: string }>(
      db,
      sql`select leaf_json from ledger_entries where department_id = ${department.id} and idx = 3`,
    );
    const leaf = JSON.parse(orig!.leaf_json);
    const forged = buildLeaf({ ...leaf, content: { i: 333 } });
    await db.execute(
      sql`update ledger_entries set leaf_json = ${forged.leafJson}, leaf_hash = ${forged.leafHash}, content_json = ${forged.contentJson}
          where department_id = ${department.id} and idx = 3`,
    );
    const report = await verifyLedger(db, department.id);
    expect(report.ok).toBe(false);
    expect(report.treeHeadsChecked).toBe(1);
    expect(report.firstProblem).toMatchObject({
      index: 2,
      treeSize: 5,
      reason: expect.stringContaining("[2, 5)"),
    });
  });

  it("reports a deleted entry", async () => {
    const { db, department } = await logWithHead(4);
    await db.execute(sql`delete from ledger_entries where department_id = ${department.id} and idx = 3`);
    const report = await verifyLedger(db, department.id);
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({ index: 3, treeSize: 4 });
  });

  it("reports an edited, re-hashed or deleted audit row with its seq", async () => {
    const { call } = testApp(get());
    const db = get().db;
    const { department, tokens } = await newDepartment(db);
    for (let i = 0; i < 4; i++) {
      expect(
        (await call("POST", "/tokens", { token: tokens.admin, json: { role: "auditor", label: `a${i}` } }))
          .status,
      ).toBe(201);
    }
    expect((await call("GET", "/audit/verify", { token: tokens.auditor })).data).toMatchObject({
      ok: true,
      checked: 4,
    });

    await db.execute(
      sql`update audit_entries set status = 200 where department_id = ${department.id} and seq = 2`,
    );
    let v = (await call("GET", "/audit/verify", { token: tokens.auditor })).data;
    expect(v).toMatchObject({
      ok: false,
      checked: 1,
      firstBroken: { seq: 2, reason: expect.stringContaining("hash") },
    });

    // Re-hashing the edited row moves the break to the next link.
    const { auditHash } = await import("../../src/ledger/audit.js");
    const { listAudit } = await import("../../src/ledger/audit.js");
    const [row2] = await listAudit(db, department.id, 1, 1);
    const fixed = auditHash({ ...row2!, at: new Date(row2!.at) });
    await db.execute(
      sql`update audit_entries set hash = ${fixed} where department_id = ${department.id} and seq = 2`,
    );
    v = (await call("GET", "/audit/verify", { token: tokens.auditor })).data;
    expect(v.firstBroken).toMatchObject({ seq: 3, reason: expect.stringContaining("prev_hash") });

    await db.execute(sql`delete from audit_entries where department_id = ${department.id} and seq = 3`);
    v = (await call("GET", "/audit/verify", { token: tokens.admin })).data;
    expect(v.firstBroken).toMatchObject({ seq: 3, reason: "row 3 is missing" });
  });

  it("detects dropped or rewritten newest audit rows through the ledger anchor", async () => {
    const { call } = testApp(get());
    const db = get().db;
    const { department, tokens } = await newDepartment(db);
    for (let i = 0; i < 3; i++)
      await call("POST", "/tokens", { token: tokens.admin, json: { role: "auditor", label: `b${i}` } });
    expect(await anchorAuditChains(db, new Date(), [department.id])).toEqual([
      { departmentId: department.id, seq: 3 },
    ]);
    expect((await call("GET", "/audit/verify", { token: tokens.auditor })).data.ok).toBe(true);
    // Dropping the newest row leaves a perfectly valid shorter chain; only the anchor tells.
    await db.execute(sql`delete from audit_entries where department_id = ${department.id} and seq = 3`);
    const v = (await call("GET", "/audit/verify", { token: tokens.auditor })).data;
    expect(v).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, reason: expect.stringContaining("anchored in ledger entry 0") },
    });
  });
});
