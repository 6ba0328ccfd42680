/**
 * Readiness (preflight): GET /round-readiness and GET /rounds/{id}/readiness answer, before
 * anyone acts, what POST /rounds and POST /rounds/{id}/commit would refuse — in the same words
 * — and where to fix it; POST /contributions/status tells a contributor its round and state.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { contributorCommitment, toHex } from "../../src/draw-engine/index.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { roundBody } from "./helpers.js";

type Check = { code: string; ok: boolean; blocking: boolean; detail: string; fix: string | null };
const byCode = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.code, c]));

function plannedQuery(itemCode: string, over: Record<string, string> = {}) {
  const q = new URLSearchParams({
    planYear: "2026",
    itemCode,
    contributors: "市场监督管理局,公证处",
    teamSize: "2",
    windowFrom: "2026-07-01",
    windowUntil: "2026-08-31",
    ...over,
  });
  return `/round-readiness?${q}`;
}

describeEachDriver("round readiness", (get) => {
  it("names every missing prerequisite of a new department, with where to fix it", async () => {
    const { department, tokens } = await newDepartment(get().db);
    const { call } = testApp(get());
    const r = await call("GET", plannedQuery("NO-SUCH-ITEM"), { token: tokens.auditor });
    expect(r.status, r.text).toBe(200);
    expect(r.data.ready).toBe(false);
    const checks = byCode(r.data.checks);
    expect(checks.revision).toMatchObject({ ok: false, blocking: true, fix: "roster" });
    expect(checks.revision!.detail).toMatch(/no frozen revision/);
    expect(checks.item).toMatchObject({ ok: false, fix: "checklist" });
    // The item is unknown, so the plan cannot be asked about yet; the entropy plan is fine.
    expect(checks.plan).toBeUndefined();
    expect(checks.entropy).toMatchObject({ ok: true });
    expect(department.id).toBeTruthy();
  });

  it("agrees with POST /rounds: same refusals in the same words, and ready when it creates", async () => {
    const fx = await roundFixture(get().db, { entities: 40, inspectors: 3 });
    const { call } = testApp(get());
    const admin = fx.tokens.admin;

    // One contributor and no beacon: POST /rounds refuses with the engine's rule.
    const single = await call("GET", plannedQuery(fx.itemCode, { contributors: "市场监督管理局" }), {
      token: admin,
    });
    const refused = await call("POST", "/rounds", {
      token: admin,
      json: roundBody(fx.itemCode, { contributors: ["市场监督管理局"] }),
    });
    expect(refused.status).toBe(422);
    expect(byCode(single.data.checks).entropy).toMatchObject({ ok: false, fix: "contributors" });
    expect(byCode(single.data.checks).entropy!.detail).toBe(refused.data.detail);

    // A year without an approved plan.
    const noPlan = await call("GET", plannedQuery(fx.itemCode, { planYear: "2031" }), { token: admin });
    const refusedPlan = await call("POST", "/rounds", {
      token: admin,
      json: roundBody(fx.itemCode, { planYear: 2031 }),
    });
    expect(refusedPlan.status).toBe(422);
    expect(noPlan.data.ready).toBe(false);
    expect(byCode(noPlan.data.checks).plan).toMatchObject({ ok: false, fix: "plan" });
    expect(byCode(noPlan.data.checks).plan!.detail).toBe(refusedPlan.data.detail);

    // Everything in place: ready, and the create goes through.
    const ok = await call("GET", plannedQuery(fx.itemCode), { token: admin });
    expect(ok.data.ready, JSON.stringify(ok.data)).toBe(true);
    expect(ok.data.checks.every((c: Check) => c.ok)).toBe(true);
    expect(byCode(ok.data.checks).inspectors!.detail).toMatch(/^3 of 3 roster inspectors/);
    const created = await call("POST", "/rounds", { token: admin, json: roundBody(fx.itemCode) });
    expect(created.status, created.text).toBe(201);

    // A team larger than the candidates is a warning, not a refusal.
    const big = await call("GET", plannedQuery(fx.itemCode, { teamSize: "5" }), { token: admin });
    expect(big.data.ready).toBe(true);
    expect(byCode(big.data.checks).inspectors).toMatchObject({
      ok: false,
      blocking: false,
      fix: "inspectors",
    });
  });

  it("a created round: waits for commitments, then is ready; its inspector preview is what commit freezes", async () => {
    const fx = await roundFixture(get().db, { entities: 40, inspectors: 3 });
    const { call } = testApp(get());
    const admin = fx.tokens.admin;
    const expiring = await createInspector(
      get().db,
      fx.department.id,
      {
        name: "证件将到期",
        certificateNo: "350199990001",
        certValidFrom: "2020-01-01",
        certValidUntil: "2026-08-01",
        qualifications: ["食品安全"],
      },
      { tokenId: null, role: null },
    );
    const created = await call("POST", "/rounds", { token: admin, json: roundBody(fx.itemCode) });
    const roundId = created.data.round.id as string;
    const credentials = created.data.credentials as { name: string; credential: string }[];

    const before = await call("GET", `/rounds/${roundId}/readiness`, { token: fx.tokens.auditor });
    expect(before.status, before.text).toBe(200);
    expect(before.data.ready).toBe(false);
    const waiting = byCode(before.data.checks).commitments!;
    expect(waiting).toMatchObject({ ok: false, fix: "contributors" });
    const commitRefused = await call("POST", `/rounds/${roundId}/commit`, { token: admin });
    expect(commitRefused.status).toBe(409);
    expect(waiting.detail).toBe(commitRefused.data.detail);
    // In Chinese for a caller who asks (the console sends Accept-Language), as problems are.
    const zh = { "accept-language": "zh-CN,zh;q=0.9" };
    const beforeZh = await call("GET", `/rounds/${roundId}/readiness`, { token: admin, headers: zh });
    const checksZh = byCode(beforeZh.data.checks);
    expect(checksZh.status!.detail).toBe("草稿");
    expect(checksZh.commitments!.detail).toBe(
      `等待以下贡献者提交承诺值：${credentials.map((c) => c.name).join(", ")}`,
    );
    expect(checksZh.revision!.detail).toMatch(/^已冻结版本 /);
    expect(checksZh.plan!.detail).toMatch(/^\d{4} 年已批准的抽查计划包含该事项$/);
    expect(checksZh.inspectors!.detail).toBe("名录中 4 名执法人员有 3 名可被抽取（每组 2 人），1 名不可");
    const refusedZh = await call("POST", `/rounds/${roundId}/commit`, { token: admin, headers: zh });
    expect(refusedZh.data.detail).toBe(checksZh.commitments!.detail);

    // The contributor's own view by credential.
    const status = await call("POST", "/contributions/status", {
      json: { credential: credentials[0]!.credential },
    });
    expect(status.status, status.text).toBe(200);
    expect(status.data).toMatchObject({
      roundId,
      name: credentials[0]!.name,
      roundStatus: "draft",
      commitment: null,
      revealed: false,
      departmentName: fx.department.name,
    });
    expect((await call("POST", "/contributions/status", { json: { credential: "src_x" } })).status).toBe(401);

    for (const c of credentials) {
      const commitment = toHex(contributorCommitment(randomBytes(32)));
      const r = await call("POST", "/contributions/commitment", {
        json: { credential: c.credential, commitment },
      });
      expect(r.status, r.text).toBe(200);
    }
    const after = await call("GET", `/rounds/${roundId}/readiness`, { token: admin });
    expect(after.data.ready, JSON.stringify(after.data.checks)).toBe(true);
    const preview = after.data.excludedInspectors as { inspectorId: string; reasons: { code: string }[] }[];
    expect(preview.map((x) => x.inspectorId)).toEqual([expiring.id]);

    const committed = await call("POST", `/rounds/${roundId}/commit`, { token: admin });
    expect(committed.status, committed.text).toBe(200);
    expect(committed.data.excludedInspectors).toEqual(preview);
    const done = await call("GET", `/rounds/${roundId}/readiness`, { token: admin });
    expect(done.data.ready).toBe(false);
    expect(byCode(done.data.checks).status).toMatchObject({ ok: false });
    const seen = await call("POST", "/contributions/status", {
      json: { credential: credentials[1]!.credential },
    });
    expect(seen.data).toMatchObject({ roundStatus: "committed", revealed: false });
    expect(seen.data.commitment).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("readiness route table", () => {
  it("is mounted", async () => {
    const { allRoutes } = await import("../../src/http/routes.js");
    const keys = allRoutes().map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(expect.arrayContaining(["get /round-readiness", "get /rounds/:id/readiness"]));
  });
});
