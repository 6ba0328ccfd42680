import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { shanghaiDate } from "../../src/calendar/dates.js";
import { retractionDeadline } from "../../src/calendar/deadlines.js";
import { approveAndPublish } from "../../src/publication/publish.js";
import { takeDownExpired } from "../../src/publication/take-down.js";
import { fileSignedFinding, teamFixture, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

const ip = () => `10.${randomBytes(3).join(".")}`;

describeEachDriver("publication lifecycle: retraction, take-down, corrections", (get) => {
  it("retracts a revoked decision with a public explanation and records whether it was on time", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const { findingId } = await fileSignedFinding(call, fx, {
      decisionType: "decision",
      decidedOn: "2026-01-14",
      followUp: { penaltyCaseNo: "榕鼓市监罚〔2026〕12号", referralAuthority: null, creditListing: true },
    });
    expect(
      (
        await call("POST", `/findings/${findingId}/retract`, {
          token: fx.tokens.admin,
          json: { reason: "revoked", revokedOn: "2026-01-20", explanation: "x" },
        })
      ).status,
    ).toBe(404);
    await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin });
    const today = shanghaiDate(new Date());
    const future = await call("POST", `/findings/${findingId}/retract`, {
      token: fx.tokens.admin,
      json: { reason: "revoked", revokedOn: "2999-01-01", explanation: "x" },
    });
    expect(future.status).toBe(400);
    const r = await call("POST", `/findings/${findingId}/retract`, {
      token: fx.tokens.admin,
      json: { reason: "revoked", revokedOn: today, explanation: "该处罚决定已被复议机关撤销，现予撤回" },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.data).toMatchObject({ reason: "revoked", revokedOn: today, deadline: { met: true } });
    expect(r.data.deadline.date).toBe(retractionDeadline(today).date);
    const again = await call("POST", `/findings/${findingId}/retract`, {
      token: fx.tokens.admin,
      json: { reason: "remade", revokedOn: today, explanation: "again" },
    });
    expect(again.status).toBe(409);

    const pub = await call("GET", `/public/findings/${findingId}`);
    expect(pub.status).toBe(200);
    expect(pub.data.content).toBeNull();
    expect(pub.data.retraction.explanation).toBe("该处罚决定已被复议机关撤销，现予撤回");
    expect(pub.text).not.toContain("榕鼓市监罚");
    const list = await call("GET", `/public/departments/${fx.department.code}/findings`);
    expect(list.data.items[0]).toMatchObject({ findingId, content: null, retraction: { reason: "revoked" } });
    const leaf = await call(
      "GET",
      `/public/ledger/entries/${r.data.ledgerIndex}?department=${fx.department.code}`,
    );
    expect(leaf.data.leaf).toMatchObject({ kind: "publication.retraction", artefactId: findingId });
    expect(leaf.data.content.explanation).toBe("该处罚决定已被复议机关撤销，现予撤回");
  });

  it("records a late retraction as late", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const { findingId } = await fileSignedFinding(call, fx, {
      decisionType: "decision",
      decidedOn: "2026-01-14",
    });
    await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin });
    // Revoked Thu 2026-02-12: 5 working days across Spring Festival end on Thu 2026-02-26.
    const r = await call("POST", `/findings/${findingId}/retract`, {
      token: fx.tokens.admin,
      json: { reason: "unlawful", revokedOn: "2026-02-12", explanation: "经复查认定违法，予以撤回" },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.data.deadline).toEqual({
      date: "2026-02-26",
      provisional: false,
      met: shanghaiDate(new Date()) <= "2026-02-26",
    });
  });

  it("takes down after 5 years, or 2 for a natural person, on a controllable clock", async () => {
    const db = get().db;
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const firm = await teamFixture(db);
    const person = await teamFixture(db, { naturalPerson: true, entityName: "王小二" });
    const published = new Date("2020-03-02T02:00:00Z");
    const ids: string[] = [];
    for (const fx of [firm, person]) {
      const { findingId } = await fileSignedFinding(call, fx);
      await approveAndPublish(db, {
        departmentId: fx.department.id,
        findingId,
        tokenId: null,
        now: published,
      });
      ids.push(findingId);
    }
    const [firmId, personId] = ids as [string, string];
    const run = (fx: typeof firm, iso: string) => takeDownExpired(db, new Date(iso), fx.department.id);

    expect(await run(person, "2022-03-02T01:59:59Z")).toEqual({ takenDown: 0, findingIds: [] });
    expect(await run(person, "2022-03-02T02:00:00Z")).toEqual({ takenDown: 1, findingIds: [personId] });
    expect(await run(firm, "2024-03-02T02:00:00Z")).toEqual({ takenDown: 0, findingIds: [] });
    expect((await call("GET", `/public/findings/${firmId}`)).status).toBe(200);
    expect(await run(firm, "2025-03-02T02:00:00Z")).toEqual({ takenDown: 1, findingIds: [firmId] });
    expect(await run(firm, "2026-03-02T02:00:00Z")).toEqual({ takenDown: 0, findingIds: [] });

    for (const [fx, id] of [
      [firm, firmId],
      [person, personId],
    ] as const) {
      expect((await call("GET", `/public/findings/${id}`)).status).toBe(404);
      expect((await call("GET", `/public/departments/${fx.department.code}/findings`)).data.items).toEqual(
        [],
      );
      const entries = await call(
        "GET",
        `/public/ledger/entries?department=${fx.department.code}&from=0&limit=10`,
      );
      const [pubEntry, downEntry] = entries.data.items;
      expect(pubEntry.leaf).toMatchObject({ kind: "publication", artefactId: id });
      expect(pubEntry.content).toBeNull();
      expect(pubEntry.takenDown.byIndex).toBe(downEntry.index);
      expect(downEntry.leaf.kind).toBe("take-down");
      expect(downEntry.content.reason).toMatch(fx === person ? /2 years/ : /5 years/);
    }
  });

  it("accepts public correction requests, rate-limits per client and publishes the outcome", async () => {
    const fx = await teamFixture(get().db);
    // Behind one reverse proxy (192.0.2.1), which appends the client to X-Forwarded-For.
    const { call } = testApp(get(), { DATA_DIR: tempDataDir(), TRUST_PROXY: "1" });
    const remote = "192.0.2.1";
    const { findingId } = await fileSignedFinding(call, fx);
    await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin });
    const url = `/public/findings/${findingId}/corrections`;
    const client = ip();
    const headers = { "x-forwarded-for": `1.2.3.4, ${client}` };
    const bad = await call("POST", url, { json: { message: "短" }, headers, remote });
    expect(bad.status).toBe(400);
    expect(bad.data.errors[0].field).toBe("body.message");
    const unknown = await call("POST", "/public/findings/00000000-0000-4000-8000-000000000000/corrections", {
      json: { message: "这条记录有误" },
      headers: { "x-forwarded-for": ip() },
      remote,
    });
    expect(unknown.status).toBe(404);

    const first = await call("POST", url, {
      json: { message: "整改期限应为三月底", contact: "13800000000" },
      headers,
      remote,
    });
    expect(first.status, first.text).toBe(201);
    for (let i = 0; i < 4; i++)
      expect(
        (await call("POST", url, { json: { message: `第${i}次反馈内容` }, headers, remote })).status,
      ).toBe(201);
    const limited = await call("POST", url, { json: { message: "第六次反馈内容" }, headers, remote });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toContain("problem+json");
    expect(limited.data.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.headers.get("retry-after")).toBe(String(limited.data.retryAfterSeconds));
    // Spoofed earlier X-Forwarded-For entries do not matter; another client is not limited.
    expect(
      (
        await call("POST", url, {
          json: { message: "第六次反馈内容" },
          headers: { "x-forwarded-for": `9.9.9.9, ${client}` },
          remote,
        })
      ).status,
    ).toBe(429);
    expect(
      (
        await call("POST", url, {
          json: { message: "另一位用户的反馈" },
          headers: { "x-forwarded-for": ip() },
          remote,
        })
      ).status,
    ).toBe(201);

    const pending = await call("GET", "/correction-requests?status=pending", { token: fx.tokens.admin });
    expect(pending.data.items).toHaveLength(6);
    const resolved = await call("POST", `/correction-requests/${first.data.id}/resolve`, {
      token: fx.tokens.admin,
      json: { status: "corrected", outcome: "已核实，整改期限更正为2026-03-31", cause: "录入错误" },
    });
    expect(resolved.status, resolved.text).toBe(200);
    expect(resolved.data).toMatchObject({ status: "corrected", message: "整改期限应为三月底" });
    expect(
      (
        await call("POST", `/correction-requests/${first.data.id}/resolve`, {
          token: fx.tokens.admin,
          json: { status: "rejected", outcome: "x" },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call("POST", `/correction-requests/${first.data.id}/resolve`, {
          token: fx.tokens.auditor,
          json: { status: "rejected", outcome: "x" },
        })
      ).status,
    ).toBe(403);

    const pub = await call("GET", `/public/findings/${findingId}`);
    const outcome = pub.data.corrections.find((c: { id: string }) => c.id === first.data.id);
    expect(outcome).toMatchObject({
      status: "corrected",
      outcome: "已核实，整改期限更正为2026-03-31",
      cause: "录入错误",
    });
    expect(pub.text).not.toContain("13800000000");
    expect(pub.text).not.toContain("整改期限应为三月底");
    const leaf = await call(
      "GET",
      `/public/ledger/entries/${outcome.ledgerIndex}?department=${fx.department.code}`,
    );
    expect(leaf.data.leaf).toMatchObject({ kind: "correction.outcome", artefactId: first.data.id });
    expect(leaf.text).not.toContain("13800000000");
  });
});
