import { describe, expect, it } from "vitest";
import { bootstrapIfEmpty } from "../../src/departments/departments.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { openTestPglite } from "../helpers/pglite-image.js";

describeEachDriver("foundation", (get) => {
  it("serves health and readiness", async () => {
    const { call } = testApp(get());
    expect((await call("GET", "/healthz")).data).toEqual({ status: "ok" });
    expect((await call("GET", "/readyz")).data).toEqual({ status: "ready" });
  });

  it("answers unknown routes and bad tokens with problem+json", async () => {
    const { call } = testApp(get());
    const missing = await call("GET", "/no/such/route");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    expect(missing.data).toMatchObject({
      type: expect.stringContaining("not-found"),
      title: "Not found",
      status: 404,
    });
    expect(typeof missing.data.detail).toBe("string");

    const malformed = await call("GET", "/me", { token: "nope" });
    expect(malformed.status).toBe(401);
    const forged = await call("GET", "/me", {
      token: "srt_00000000-0000-0000-0000-000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    });
    expect(forged.status).toBe(401);
  });

  it("creates, uses and revokes tokens within the caller's department only", async () => {
    const { call } = testApp(get());
    const a = await newDepartment(get().db);
    const b = await newDepartment(get().db);
    const created = await call("POST", "/tokens", {
      token: a.tokens.admin,
      json: { role: "auditor", label: "审计" },
    });
    expect(created.status).toBe(201);
    expect(created.data.token).toMatch(/^srt_/);
    const me = await call("GET", "/me", { token: created.data.token });
    expect(me.data).toMatchObject({ role: "auditor", departmentId: a.department.id });

    const listA = await call("GET", "/tokens", { token: a.tokens.admin });
    expect(listA.data.items.map((t: { id: string }) => t.id)).toContain(created.data.id);
    expect(JSON.stringify(listA.data)).not.toContain(created.data.token.split("_")[2]);
    const listB = await call("GET", "/tokens", { token: b.tokens.admin });
    expect(listB.data.items.map((t: { id: string }) => t.id)).not.toContain(created.data.id);

    expect((await call("DELETE", `/tokens/${created.data.id}`, { token: b.tokens.admin })).status).toBe(404);
    expect((await call("DELETE", `/tokens/${created.data.id}`, { token: a.tokens.admin })).status).toBe(204);
    const after = await call("GET", "/me", { token: created.data.token });
    expect(after.status).toBe(401);
    expect(after.data.detail).toContain("revoked");
  });

  it("binds inspector tokens only to the caller's own inspectors", async () => {
    const { call } = testApp(get());
    const a = await newDepartment(get().db);
    const b = await newDepartment(get().db);
    const actor = { tokenId: null, role: null };
    const input = {
      name: "王五",
      certificateNo: "35010099",
      certValidUntil: "2030-12-31",
      qualifications: ["食品安全"],
    };
    const mine = await createInspector(get().db, a.department.id, input, actor);
    const theirs = await createInspector(get().db, b.department.id, input, actor);
    const foreign = await call("POST", "/tokens", {
      token: a.tokens.admin,
      json: { role: "inspector", label: "x", inspectorId: theirs.id },
    });
    expect(foreign.status).toBe(404);
    const own = await call("POST", "/tokens", {
      token: a.tokens.admin,
      json: { role: "inspector", label: "x", inspectorId: mine.id },
    });
    expect(own.status).toBe(201);
    const me = await call("GET", "/me", { token: own.data.token });
    expect(me.data).toMatchObject({ role: "inspector", inspectorId: mine.id, departmentId: a.department.id });
  });

  it("validates bodies with per-field errors", async () => {
    const { call } = testApp(get());
    const a = await newDepartment(get().db);
    const bad = await call("POST", "/tokens", { token: a.tokens.admin, json: { role: "root", label: "" } });
    expect(bad.status).toBe(400);
    const fields = bad.data.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(["body.label", "body.role"]);
    const notJson = await call("POST", "/tokens", { token: a.tokens.admin, body: "role=admin" });
    expect(notJson.status).toBe(400);
  });

  it("refuses bodies over the limit with 413", async () => {
    const { call } = testApp(get(), { BODY_LIMIT_BYTES: "100" });
    const a = await newDepartment(get().db);
    const big = await call("POST", "/tokens", {
      token: a.tokens.admin,
      json: { role: "auditor", label: "x".repeat(500) },
    });
    expect(big.status).toBe(413);
    expect(big.data.title).toBe("Payload too large");
  });
});

describe("bootstrap", () => {
  it("creates one department and a working admin token on an empty database, once", async () => {
    const database = await openTestPglite();
    try {
      const input = { code: "BOOT", name: "默认", regionCode: "350100" };
      const [first, second] = await Promise.all([
        bootstrapIfEmpty(database.db, input),
        bootstrapIfEmpty(database.db, input),
      ]);
      const made = [first, second].filter(Boolean);
      expect(made).toHaveLength(1);
      const { call } = testApp(database);
      const me = await call("GET", "/me", { token: made[0]!.token });
      expect(me.data).toMatchObject({ role: "admin", departmentId: made[0]!.department.id });
      expect(await bootstrapIfEmpty(database.db, input)).toBeNull();
    } finally {
      await database.close();
    }
  });
});
