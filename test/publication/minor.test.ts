import { expect, it } from "vitest";
import type { Db } from "../../src/db/types.js";
import { publications } from "../../src/publication/schema.js";
import { fileSignedFinding, teamFixture, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

/** Simulates a bypass of the approval check: a publication row written straight into the table. */
async function forcePublication(
  db: Db,
  fx: { department: { id: string }; roundId: string; entityId: string; entityName: string },
  findingId: string,
) {
  await db.insert(publications).values({
    findingId,
    departmentId: fx.department.id,
    roundId: fx.roundId,
    publicName: fx.entityName,
    creditCode: fx.entityId,
    naturalPerson: false,
    content: { findingId, entity: { name: fx.entityName, creditCode: fx.entityId } },
    publishedAt: new Date(),
    deadline: "2026-02-09",
    deadlineProvisional: false,
    metDeadline: false,
    ledgerIndex: 0,
    leafHash: "00".repeat(32),
  });
}

describeEachDriver("a minor's result is never public", (get) => {
  it("refuses approval and filters every public endpoint even if a row slips through", async () => {
    const fx = await teamFixture(get().db, { entityName: "未成年人经营的测试小店" });
    const { call, routes } = testApp(get(), { DATA_DIR: tempDataDir() });
    const { findingId } = await fileSignedFinding(call, fx, { involvesMinor: true });
    const refused = await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin });
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("problem+json");
    expect(refused.data.errors[0].field).toBe("involvesMinor");
    const finding = await call("GET", `/findings/${findingId}`, { token: fx.tokens.admin });
    expect(finding.data.publicationDeadline).toBeNull();
    const pending = await call("GET", "/publication/deadlines", { token: fx.tokens.admin });
    expect(pending.data.items).toEqual([]);

    // Defence in depth: a publication row written around the approval check stays invisible.
    await forcePublication(get().db, fx, findingId);
    const values: Record<string, string> = {
      code: fx.department.code,
      department: fx.department.code,
      id: findingId,
      findingId,
      roundId: fx.roundId,
      entityId: fx.entityId,
      index: "0",
    };
    const queries = [
      "",
      `?q=${encodeURIComponent(fx.entityName)}`,
      `?code=${fx.entityId}`,
      `?round=${fx.roundId}`,
      `?department=${fx.department.code}&from=0&limit=100&size=1&leaf=${"00".repeat(32)}`,
    ];
    const publicGets = routes.filter((r) => r.access === "public" && r.method === "get");
    expect(publicGets.length).toBeGreaterThan(3);
    let scanned = 0;
    for (const route of publicGets) {
      const rounds = route.path.includes("/rounds/");
      const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
        rounds && name === "id" ? fx.roundId : (values[name] ?? findingId),
      );
      for (const q of queries) {
        const r = await call("GET", path + q);
        scanned++;
        expect(r.text, `${path}${q}`).not.toContain(fx.entityId);
        expect(r.text, `${path}${q}`).not.toContain(fx.entityName);
      }
    }
    expect(scanned).toBe(publicGets.length * queries.length);
    const one = await call("GET", `/public/findings/${findingId}`);
    expect(one.status).toBe(404);
    const search = await call("GET", `/public/departments/${fx.department.code}/findings`);
    expect(search.status).toBe(200);
    expect(search.data.items).toEqual([]);
    const report = await call("POST", `/public/findings/${findingId}/corrections`, {
      json: { message: "这条记录有误" },
      headers: { "x-forwarded-for": "203.0.113.99" },
    });
    expect(report.status).toBe(404);
  });

  it("lets the admin decide not to publish a finding the team did not flag", async () => {
    const fx = await teamFixture(get().db, { entityName: "未标记未成年人的测试小店" });
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const { findingId } = await fileSignedFinding(call, fx);
    const pending = async () =>
      (await call("GET", "/publication/deadlines", { token: fx.tokens.admin })).data.items.map(
        (i: { findingId: string }) => i.findingId,
      );
    expect(await pending()).toEqual([findingId]);
    const w = await call("POST", `/findings/${findingId}/withhold`, {
      token: fx.tokens.admin,
      json: { reason: "minor", note: "经核实经营者为未成年人" },
    });
    expect(w.status, w.text).toBe(201);
    expect(
      (
        await call("POST", `/findings/${findingId}/withhold`, {
          token: fx.tokens.admin,
          json: { reason: "security", note: "x" },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call("POST", `/findings/${findingId}/withhold`, {
          token: fx.tokens.auditor,
          json: { reason: "security", note: "x" },
        })
      ).status,
    ).toBe(403);
    expect(await pending()).toEqual([]);
    const refused = await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin });
    expect(refused.status).toBe(422);
    const search = await call("GET", `/public/departments/${fx.department.code}/findings`);
    expect(search.text).not.toContain(fx.entityId);
    const ledger = await call("GET", `/public/ledger/entries?department=${fx.department.code}`);
    expect(ledger.text).not.toContain(findingId);

    // After publication the way out is retraction or take-down, not a withholding.
    const other = await fileSignedFinding(call, fx);
    await call("POST", `/findings/${other.findingId}/approve`, { token: fx.tokens.admin });
    const late = await call("POST", `/findings/${other.findingId}/withhold`, {
      token: fx.tokens.admin,
      json: { reason: "security", note: "x" },
    });
    expect(late.status).toBe(409);
  });
});
