import { expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { certNo, inspectorBody, inspectorToken, tokenId } from "./inspectors-helpers.js";

describeEachDriver("inspector roster", (get) => {
  it("creates, reads, updates and keeps every change as history", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    const body = inspectorBody({ certificateNo: ` ${certNo("ＺＦ")} ` });
    const created = await call("POST", "/inspectors", { token: tokens.admin, json: body });
    expect(created.status).toBe(201);
    const id = created.data.id as string;
    expect(created.data).toMatchObject({ name: "林志明", status: "active", version: 1 });
    // Full-width and padded certificate numbers are stored half-width and trimmed.
    expect(created.data.certificateNo).toBe(
      body.certificateNo
        .trim()
        .replace(/[Ａ-Ｚ]/g, (c: string) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)),
    );
    expect(created.data.certificateNo.startsWith("ZF")).toBe(true);

    const read = await call("GET", `/inspectors/${id}`, { token: tokens.auditor });
    expect(read.status).toBe(200);
    expect(read.data).toEqual(created.data);

    const patched = await call("PATCH", `/inspectors/${id}`, {
      token: tokens.admin,
      json: { post: "副科长", qualifications: ["食品安全", "计量"], reason: "岗位调整" },
    });
    expect(patched.status).toBe(200);
    expect(patched.data).toMatchObject({ post: "副科长", qualifications: ["食品安全", "计量"], version: 2 });

    // A PATCH that changes nothing leaves the version and the history alone.
    const same = await call("PATCH", `/inspectors/${id}`, { token: tokens.admin, json: { post: "副科长" } });
    expect(same.data.version).toBe(2);

    const history = await call("GET", `/inspectors/${id}/history`, { token: tokens.auditor });
    expect(history.status).toBe(200);
    expect(history.data.items).toHaveLength(2);
    const [first, second] = history.data.items;
    expect(first).toMatchObject({ version: 1, action: "create", before: null, actorRole: "admin" });
    expect(first.actorTokenId).toBe(tokenId(tokens.admin));
    expect(first.after.certificateNo).toBe(created.data.certificateNo);
    expect(second).toMatchObject({ version: 2, action: "update", reason: "岗位调整", actorRole: "admin" });
    expect(second.changedFields.sort()).toEqual(["post", "qualifications"]);
    expect(second.before).toMatchObject({ post: "科员", qualifications: ["食品安全", "特种设备"] });
    expect(second.after).toMatchObject({ post: "副科长", qualifications: ["食品安全", "计量"] });
    expect(Date.parse(second.at)).toBeGreaterThanOrEqual(Date.parse(first.at));
  });

  it("refuses stale versions and bad dates", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    const { data } = await call("POST", "/inspectors", { token: tokens.admin, json: inspectorBody() });
    await call("PATCH", `/inspectors/${data.id}`, { token: tokens.admin, json: { district: "台江片区" } });
    const stale = await call("PATCH", `/inspectors/${data.id}`, {
      token: tokens.admin,
      json: { district: "仓山片区", expectedVersion: 1 },
    });
    expect(stale.status).toBe(409);
    const fresh = await call("PATCH", `/inspectors/${data.id}`, {
      token: tokens.admin,
      json: { district: "仓山片区", expectedVersion: 2 },
    });
    expect(fresh.data).toMatchObject({ district: "仓山片区", version: 3 });

    const reversed = await call("POST", "/inspectors", {
      token: tokens.admin,
      json: inspectorBody({ certValidFrom: "2027-01-01", certValidUntil: "2026-01-01" }),
    });
    expect(reversed.status).toBe(400);
    expect(reversed.data.errors[0].field).toBe("certValidUntil");
    const badDate = await call("POST", "/inspectors", {
      token: tokens.admin,
      json: inspectorBody({ certValidUntil: "2026-02-30" }),
    });
    expect(badDate.status).toBe(400);
    expect(badDate.data.errors.map((e: { field: string }) => e.field)).toContain("body.certValidUntil");
    const unknownField = await call("POST", "/inspectors", {
      token: tokens.admin,
      json: inspectorBody({ status: "left" }),
    });
    expect(unknownField.status).toBe(400);
  });

  it("keeps certificate numbers unique within a department only", async () => {
    const { call } = testApp(get());
    const a = await newDepartment(get().db);
    const b = await newDepartment(get().db);
    const cert = certNo("FJ");
    expect(
      (
        await call("POST", "/inspectors", {
          token: a.tokens.admin,
          json: inspectorBody({ certificateNo: cert }),
        })
      ).status,
    ).toBe(201);
    const dup = await call("POST", "/inspectors", {
      token: a.tokens.admin,
      json: inspectorBody({ certificateNo: `Ｆ${cert.slice(1)}`, name: "王芳" }),
    });
    expect(dup.status).toBe(409);
    expect(dup.data.errors[0].field).toBe("certificateNo");
    const elsewhere = await call("POST", "/inspectors", {
      token: b.tokens.admin,
      json: inspectorBody({ certificateNo: cert }),
    });
    expect(elsewhere.status).toBe(201);

    const other = await call("POST", "/inspectors", { token: a.tokens.admin, json: inspectorBody() });
    const clash = await call("PATCH", `/inspectors/${other.data.id}`, {
      token: a.tokens.admin,
      json: { certificateNo: cert },
    });
    expect(clash.status).toBe(409);
    const unchanged = await call("GET", `/inspectors/${other.data.id}/history`, { token: a.tokens.admin });
    expect(unchanged.data.items).toHaveLength(1);
  });

  it("suspends, reinstates and records leaving, refusing impossible transitions", async () => {
    const { call } = testApp(get());
    const dept = await newDepartment(get().db);
    const admin = dept.tokens.admin;
    const { data } = await call("POST", "/inspectors", { token: admin, json: inspectorBody() });
    const id = data.id as string;
    const act = (action: string, json: unknown = {}) =>
      call("POST", `/inspectors/${id}/${action}`, { token: admin, json });

    expect((await act("suspend")).status).toBe(400); // a suspension needs a reason
    expect((await act("reinstate")).status).toBe(422); // already active
    const suspended = await act("suspend", { reason: "涉嫌违纪，暂停执法" });
    expect(suspended.data).toMatchObject({ status: "suspended", version: 2 });
    expect((await act("suspend", { reason: "again" })).status).toBe(422);
    expect((await act("reinstate")).data.status).toBe("active");

    const own = await inspectorToken(get().db, dept.department.id, id);
    expect((await call("GET", "/me/inspector", { token: own })).status).toBe(200);
    const left = await act("leave", { reason: "调离" });
    expect(left.data.status).toBe("left");
    // Leaving revokes the inspector's tokens.
    expect((await call("GET", "/me/inspector", { token: own })).status).toBe(401);
    expect((await act("leave", { reason: "again" })).status).toBe(422);
    expect((await act("suspend", { reason: "x" })).status).toBe(422);
    expect((await act("reinstate", { reason: "重新调入" })).data).toMatchObject({
      status: "active",
      version: 5,
    });

    const history = await call("GET", `/inspectors/${id}/history`, { token: admin });
    expect(history.data.items.map((h: { action: string }) => h.action)).toEqual([
      "create",
      "suspend",
      "reinstate",
      "leave",
      "reinstate",
    ]);
    expect(history.data.items[1]).toMatchObject({ reason: "涉嫌违纪，暂停执法", changedFields: ["status"] });
    expect(history.data.items[3].before.status).toBe("active");
    expect(history.data.items[3].after.status).toBe("left");
  });

  it("lets each role do only what it may, and hides other departments", async () => {
    const { call } = testApp(get());
    const a = await newDepartment(get().db);
    const b = await newDepartment(get().db);
    const mine = await call("POST", "/inspectors", { token: a.tokens.admin, json: inspectorBody() });
    const colleague = await call("POST", "/inspectors", {
      token: a.tokens.admin,
      json: inspectorBody({ name: "陈静" }),
    });
    const own = await inspectorToken(get().db, a.department.id, mine.data.id);
    const id = mine.data.id as string;

    expect((await call("GET", "/inspectors")).status).toBe(401);
    expect(
      (await call("POST", "/inspectors", { token: a.tokens.auditor, json: inspectorBody() })).status,
    ).toBe(403);
    expect(
      (await call("PATCH", `/inspectors/${id}`, { token: a.tokens.auditor, json: { post: "x" } })).status,
    ).toBe(403);
    expect(
      (await call("POST", `/inspectors/${id}/suspend`, { token: a.tokens.auditor, json: { reason: "x" } }))
        .status,
    ).toBe(403);
    expect((await call("GET", "/inspectors", { token: own })).status).toBe(403);
    expect((await call("GET", `/inspectors/${colleague.data.id}`, { token: own })).status).toBe(403);
    expect((await call("PATCH", `/inspectors/${id}`, { token: own, json: { post: "局长" } })).status).toBe(
      403,
    );
    const me = await call("GET", "/me/inspector", { token: own });
    expect(me.status).toBe(200);
    expect(me.data.id).toBe(id);
    expect((await call("GET", "/me/inspector", { token: a.tokens.admin })).status).toBe(403);

    for (const [method, path, json] of [
      ["GET", `/inspectors/${id}`, undefined],
      ["GET", `/inspectors/${id}/history`, undefined],
      ["PATCH", `/inspectors/${id}`, { post: "x" }],
      ["POST", `/inspectors/${id}/suspend`, { reason: "x" }],
      ["POST", `/inspectors/${id}/reinstate`, {}],
      ["POST", `/inspectors/${id}/leave`, { reason: "x" }],
    ] as const) {
      const r = await call(method, path, {
        token: method === "GET" ? b.tokens.auditor : b.tokens.admin,
        json,
      });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    const listB = await call("GET", "/inspectors", { token: b.tokens.admin });
    expect(listB.data.items).toEqual([]);
    expect((await call("GET", `/inspectors/${id}`, { token: a.tokens.admin })).data.version).toBe(1);
  });
});
