/**
 * 检查通知书 (issue #13 item 4): one drawn entity's printable notice names the entity, the
 * checklist item, the current team with 执法证号, the window and the links; the round's ZIP
 * holds one notice per drawn entity and an index; 404 / 409 / authorization cases.
 */
import { sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { expect, it } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

const BASE = "https://sortes.example.gov.cn";

describeEachDriver("inspection notices (检查通知书)", (get) => {
  async function drawnRound() {
    const db = get().db;
    const fx = await roundFixture(db, { entities: 120, inspectors: 8 });
    await db.execute(
      sql`update inspectors set post = '市场监管科科员' where department_id = ${fx.department.id}`,
    );
    const { call } = testApp(get(), { PUBLIC_BASE_URL: BASE });
    const admin = fx.tokens.admin;
    const { roundId, contributors } = await createCommittedRound(call, admin, fx.itemCode);
    const early = await call("GET", `/rounds/${roundId}/notices/${fx.entityIds[0]}`, { token: admin });
    await revealAll(call, contributors);
    const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: admin });
    expect(drawn.status, drawn.text).toBe(200);
    const list = await call("GET", `/public/rounds/${roundId}/drawn?limit=5000`);
    const items = list.data.items as { entityId: string; inspectors: string[] }[];
    return { fx, call, admin, roundId, early, items };
  }

  it("prints the entity, the item, the current team with 执法证号, the window and both links", async () => {
    const { fx, call, admin, roundId, early, items } = await drawnRound();
    expect(early.status).toBe(409);
    expect(early.headers.get("content-type")).toContain("application/problem+json");

    const first = items[0]!;
    const r = await call("GET", `/rounds/${roundId}/notices/${first.entityId}`, { token: admin });
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(r.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = r.text;
    expect(html).toContain("检查通知书");
    expect(html).toContain("测试市场监督管理局");
    expect(html).toContain(`测试主体${first.entityId}`);
    expect(html).toContain(first.entityId);
    expect(html).toContain("福州市鼓楼区");
    expect(html).toContain("食品经营者检查");
    expect(html).toContain("《中华人民共和国食品安全法》第一百一十条");
    expect(html).toContain("经营条件、进货查验");
    expect(html).toContain("实地查看");
    expect(html).toContain("2026-07-01 至 2026-08-31");
    for (const id of first.inspectors) {
      const person = fx.inspectors.find((i) => i.id === id)!;
      expect(html).toContain(
        `<td>${person.name}</td><td>市场监管科科员</td><td>${person.certificateNo}</td>`,
      );
    }
    expect(html).toContain(`${BASE}/zh/rounds/${roundId}</a>`);
    expect(html).toContain(`${BASE}/zh/rounds/${roundId}/recusal?entity=${first.entityId}`);
    expect(html).toMatch(/<svg [^>]*viewBox/);
    // Print-ready and self-contained: A4 page rule, the CJK font, nothing loaded from elsewhere.
    expect(html).toContain("@page { size: A4;");
    expect(html).toContain('"WenQuanYi Zen Hei"');
    expect(html).not.toMatch(/<(script|link|img)\b/);
    expect(html).not.toMatch(/src=|url\(/);

    const auditor = await call("GET", `/rounds/${roundId}/notices/${first.entityId}`, {
      token: fx.tokens.auditor,
    });
    expect(auditor.status).toBe(200);
  });

  it("names the substitute after a recusal, never the recused inspector", async () => {
    const { fx, call, admin, roundId, items } = await drawnRound();
    const target = items[1]!;
    const recused = target.inspectors[0]!;
    const { token } = await createToken(get().db, {
      departmentId: fx.department.id,
      role: "inspector",
      label: "member",
      inspectorId: recused,
    });
    const mine = await call("GET", "/me/assignments", { token });
    const assignment = (mine.data.items as { id: string; entityId: string; roundId: string }[]).find(
      (a) => a.entityId === target.entityId && a.roundId === roundId,
    )!;
    const sub = await call("POST", `/me/assignments/${assignment.id}/conflict`, {
      token,
      json: { category: "spouse", statement: "配偶在该单位任职" },
    });
    expect(sub.status, sub.text).toBe(200);
    const r = await call("GET", `/rounds/${roundId}/notices/${target.entityId}`, { token: admin });
    expect(r.status, r.text).toBe(200);
    const cert = (id: string) => fx.inspectors.find((i) => i.id === id)!.certificateNo;
    expect(r.text).not.toContain(cert(recused));
    expect(sub.data.substitute, "8 inspectors leave a substitute").toBeTruthy();
    expect(r.text).toContain(cert(sub.data.substitute));
    expect(r.text).toContain("抽取证明第 2 版");
  });

  it("answers 404 for an entity not drawn or another department, 403 for an inspector token", async () => {
    const { fx, call, admin, roundId, items } = await drawnRound();
    const drawnIds = new Set(items.map((i) => i.entityId));
    const notDrawn = fx.entityIds.find((id) => !drawnIds.has(id))!;
    for (const id of [notDrawn, "NO-SUCH-ENTITY"]) {
      const r = await call("GET", `/rounds/${roundId}/notices/${encodeURIComponent(id)}`, { token: admin });
      expect(r.status, id).toBe(404);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
    }
    const other = await newDepartment(get().db);
    for (const path of [
      `/rounds/${roundId}/notices/${items[0]!.entityId}`,
      `/rounds/${roundId}/notices.zip`,
    ]) {
      const r = await call("GET", path, { token: other.tokens.admin });
      expect(r.status, path).toBe(404);
      expect(r.text).not.toContain(items[0]!.entityId);
    }
    const { token } = await createToken(get().db, {
      departmentId: fx.department.id,
      role: "inspector",
      label: "member",
      inspectorId: items[0]!.inspectors[0]!,
    });
    for (const path of [
      `/rounds/${roundId}/notices/${items[0]!.entityId}`,
      `/rounds/${roundId}/notices.zip`,
    ]) {
      const r = await call("GET", path, { token });
      expect(r.status, path).toBe(403);
    }
    const anonymous = await call("GET", `/rounds/${roundId}/notices.zip`);
    expect(anonymous.status).toBe(401);
  });

  it("zips one notice per drawn entity, named <creditCode>-<name>.html, and an index", async () => {
    const { fx, call, admin, roundId, items } = await drawnRound();
    // The helper reads bodies as text; the bytes come through the app directly.
    const { app } = testApp(get(), { PUBLIC_BASE_URL: BASE });
    const raw = await app.request(`/rounds/${roundId}/notices.zip`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get("content-type")).toBe("application/zip");
    expect(raw.headers.get("content-disposition")).toBe(`attachment; filename="notices-${roundId}.zip"`);
    const files = unzipSync(new Uint8Array(await raw.arrayBuffer()));
    const names = Object.keys(files).sort();
    const expected = items.map((i) => `${i.entityId}-测试主体${i.entityId}.html`);
    expect(names).toEqual([...expected, "index.html"].sort());
    const one = await call("GET", `/rounds/${roundId}/notices/${items[0]!.entityId}`, { token: admin });
    expect(strFromU8(files[expected[0]!]!)).toBe(one.text);
    const index = strFromU8(files["index.html"]!);
    expect(index).toContain(`共 ${items.length} 份`);
    for (const name of expected) expect(index).toContain(`href="${encodeURI(name)}"`);
    expect(fx.entityIds.length).toBeGreaterThan(items.length);
  });

  it("answers 409 for the ZIP of a round not drawn yet", async () => {
    const fx = await roundFixture(get().db, { entities: 30 });
    const { call } = testApp(get());
    const { roundId } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    const r = await call("GET", `/rounds/${roundId}/notices.zip`, { token: fx.tokens.admin });
    expect(r.status).toBe(409);
    expect(r.data.detail).toMatch(/committed; notices exist once it is drawn/);
  });
});
