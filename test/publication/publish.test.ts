import { expect, it } from "vitest";
import { shanghaiDate } from "../../src/calendar/dates.js";
import { ledgerVerify } from "../../src/cli/ledger.js";
import { canonicalJson, sha256Hex } from "../../src/ledger/canonical.js";
import { publicDocumentSchema } from "../../src/publication/document-schema.js";
import { fileSignedFinding, teamFixture, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

describeEachDriver("publication (一公开)", (get) => {
  it("takes an assignment to a published finding whose ledger inclusion verifies", async () => {
    const fx = await teamFixture(get().db);
    const api = testApp(get(), { DATA_DIR: tempDataDir() });
    const { call } = api;
    const fetch = (url: string) => Promise.resolve(api.app.request(url));
    const { findingId, evidence } = await fileSignedFinding(call, fx);

    expect((await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.auditor })).status).toBe(
      403,
    );
    const other = await newDepartment(get().db);
    expect((await call("POST", `/findings/${findingId}/approve`, { token: other.tokens.admin })).status).toBe(
      404,
    );
    const pub = await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin });
    expect(pub.status, pub.text).toBe(201);
    expect((await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin })).status).toBe(
      409,
    );
    expect(pub.data.content).toMatchObject({
      findingId,
      entity: { name: fx.entityName, creditCode: fx.entityId, legalRepresentative: "李四" },
      resultCode: "发现问题已责令改正",
      evidence: [evidence.evidence.sha256],
      round: { id: fx.roundId },
      department: { code: fx.department.code },
      withheld: [],
    });
    // Ended Mon 2026-01-12: 20 working days → Mon 2026-02-09; met is judged on today's Shanghai date.
    const met = shanghaiDate(new Date()) <= "2026-02-09";
    expect(pub.data.deadline).toEqual({ date: "2026-02-09", provisional: false, met });

    // Public search by part of the name, by credit code and by round; the one-finding view.
    const dept = `/public/departments/${fx.department.code}/findings`;
    const part = [...fx.entityName].slice(-4).join("");
    for (const q of [
      `?q=${encodeURIComponent(part)}`,
      `?code=${fx.entityId.toLowerCase()}`,
      `?round=${fx.roundId}`,
    ]) {
      const r = await call("GET", dept + q);
      expect(r.status, r.text).toBe(200);
      expect(r.data.items.map((i: { findingId: string }) => i.findingId)).toEqual([findingId]);
    }
    expect((await call("GET", `${dept}?q=${encodeURIComponent("不存在的名称")}`)).data.items).toEqual([]);
    expect((await call("GET", `${dept}?q=%25`)).data.items).toEqual([]);
    const one = await call("GET", `/public/findings/${findingId}`);
    expect(one.status).toBe(200);
    expect(one.data.content).toEqual(pub.data.content);
    expect(one.data.retraction).toBeNull();
    // The documented shape is exact: no undocumented field reaches the public.
    expect(publicDocumentSchema.strict().safeParse(one.data.content).error).toBeUndefined();

    // The logged leaf commits to exactly the served document.
    const entry = await call(
      "GET",
      `/public/ledger/entries/${one.data.ledger.index}?department=${fx.department.code}`,
    );
    expect(entry.data.leafHash).toBe(one.data.ledger.leafHash);
    expect(entry.data.leaf).toMatchObject({ kind: "publication", artefactId: findingId });
    expect(entry.data.leaf.contentHash).toBe(sha256Hex(canonicalJson(one.data.content)));

    // A saved head, more appends, a new head: `ledger verify` checks consistency and inclusion.
    const saved = (await call("POST", "/ledger/sth", { token: fx.tokens.admin })).data;
    const corr = await call("POST", `/public/findings/${findingId}/corrections`, {
      json: { message: "整改期限登记有误" },
      headers: { "x-forwarded-for": "198.51.100.7" },
    });
    await call("POST", `/correction-requests/${corr.data.id}/resolve`, {
      token: fx.tokens.admin,
      json: { status: "rejected", outcome: "经核实信息无误" },
    });
    await call("POST", "/ledger/sth", { token: fx.tokens.admin });
    const verdict = await ledgerVerify({
      saved,
      url: "http://sortes.test",
      fetch,
      leaf: one.data.ledger.leafHash,
    });
    expect(verdict.lines.join("\n")).not.toMatch(/FAIL/);
    expect(verdict.ok).toBe(true);
    const forged = await ledgerVerify({ saved, url: "http://sortes.test", fetch, leaf: "ef".repeat(32) });
    expect(forged.ok).toBe(false);
  });

  it("minimises a natural person's data and withholds flagged fields, saying why", async () => {
    const fx = await teamFixture(get().db, {
      entityName: "张三丰",
      naturalPerson: true,
      legalRepresentative: "张三丰",
      address: "福州市仓山区秘密路8号",
    });
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const { findingId } = await fileSignedFinding(call, fx, {
      description: "张三丰经营的摊位进货记录缺失",
      tradeSecretFields: ["evidence"],
      privacyFields: ["description"],
      withholdingNote: "描述含个人信息，证据含供货商信息",
    });
    const pub = await call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin });
    expect(pub.status, pub.text).toBe(201);
    const doc = (await call("GET", `/public/findings/${findingId}`)).data;
    expect(doc.entity).toEqual({ name: "张**", creditCode: fx.entityId });
    expect(doc.content.entity).toMatchObject({ name: "张**", legalRepresentative: null, address: null });
    expect(doc.content.description).toBeNull();
    expect(doc.content.evidence).toBeNull();
    expect(doc.content.rectification).toEqual({ ordered: true, deadline: "2026-02-28" });
    expect(doc.content.withholdingNote).toBe("描述含个人信息，证据含供货商信息");
    const reasons = Object.fromEntries(
      doc.content.withheld.map((w: { field: string; reason: string }) => [w.field, w.reason]),
    );
    expect(Object.keys(reasons).sort()).toEqual([
      "address",
      "description",
      "evidence",
      "legalRepresentative",
      "name",
    ]);
    expect(reasons.evidence).toMatch(/商业秘密/);
    expect(reasons.description).toMatch(/个人隐私/);
    expect(reasons.name).toMatch(/自然人/);
    const dept = `/public/departments/${fx.department.code}/findings`;
    const texts = [
      JSON.stringify(doc),
      (await call("GET", `${dept}?code=${fx.entityId}`)).text,
      (await call("GET", `/public/ledger/entries/${doc.ledger.index}?department=${fx.department.code}`)).text,
    ];
    for (const t of texts) {
      expect(t).not.toContain("三丰");
      expect(t).not.toContain("秘密路");
    }
    // Search cannot be used as an oracle for the real name.
    expect((await call("GET", `${dept}?q=${encodeURIComponent("张三丰")}`)).data.items).toEqual([]);
    expect((await call("GET", `${dept}?q=${encodeURIComponent("张**")}`)).data.items).toHaveLength(1);
  });
});
