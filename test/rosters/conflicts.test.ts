import { expect, it } from "vitest";
import { activeConflictsAt } from "../../src/rosters/conflicts/conflicts.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { inspectorBody, inspectorToken, legacyRegistration, tokenId, uscc } from "./inspectors-helpers.js";

const FIRM = uscc("91350100MA2XN0000");
const OTHER_FIRM = uscc("92350102MA3YP1234");

describeEachDriver("conflict-of-interest registry", (get) => {
  async function setup() {
    const { call } = testApp(get());
    const dept = await newDepartment(get().db);
    const add = async (over = {}) =>
      (await call("POST", "/inspectors", { token: dept.tokens.admin, json: inspectorBody(over) })).data;
    return { call, dept, add };
  }

  it("records a conflict with a USCC whose check character fails, flagged as the roster flags it", async () => {
    const { call, dept, add } = await setup();
    const lin = await add();
    // RULES §3: early pilot codes fail the checksum; the roster keeps them, so recusal must too.
    const pilot = await call("POST", "/conflicts", {
      token: dept.tokens.admin,
      json: {
        inspectorId: lin.id,
        entityCode: `${FIRM.slice(0, 17)}${FIRM[17] === "0" ? "1" : "0"}`,
        category: "other",
        source: "admin-recorded",
      },
    });
    expect(pilot.status).toBe(201);
    expect(pilot.data.entityCodeFlag).toBe("uscc-checksum-mismatch");
  });

  it("records conflicts with validated credit codes and lists them by inspector and entity", async () => {
    const { call, dept, add } = await setup();
    const lin = await add();
    const chen = await add({ name: "陈静" });
    const admin = dept.tokens.admin;
    const rec = await call("POST", "/conflicts", {
      token: admin,
      json: {
        inspectorId: lin.id,
        entityCode: FIRM.toLowerCase(),
        category: "spouse",
        source: "entity-reported",
        validFrom: "2026-01-01",
        statement: "配偶任该公司财务负责人",
      },
    });
    expect(rec.status).toBe(201);
    expect(rec.data).toMatchObject({
      inspectorId: lin.id,
      entityCode: FIRM,
      entityCodeFlag: null,
      category: "spouse",
      source: "entity-reported",
      validUntil: null,
      createdByRole: "admin",
    });
    expect(rec.data.createdByTokenId).toBe(tokenId(admin));
    expect(rec.data.seq).toBeUndefined();

    const legacy = legacyRegistration("35010010000123");
    const old = await call("POST", "/conflicts", {
      token: admin,
      json: {
        inspectorId: chen.id,
        entityCode: legacy,
        category: "former-employment",
        source: "admin-recorded",
      },
    });
    expect(old.status).toBe(201);
    expect(old.data.entityCodeFlag).toBe("legacy-registration-number");

    const bad = await call("POST", "/conflicts", {
      token: admin,
      json: {
        inspectorId: lin.id,
        entityCode: `${FIRM.slice(0, 17)}I`,
        category: "other",
        source: "admin-recorded",
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.errors[0]).toMatchObject({
      field: "entityCode",
      reason: expect.stringContaining("character 18 'I'"),
    });
    const noSource = await call("POST", "/conflicts", {
      token: admin,
      json: { inspectorId: lin.id, entityCode: FIRM, category: "other" },
    });
    expect(noSource.status).toBe(400);
    const unknown = await call("POST", "/conflicts", {
      token: admin,
      json: { inspectorId: lin.id, entityCode: FIRM, category: "cousin", source: "admin-recorded" },
    });
    expect(unknown.status).toBe(400);

    const byInspector = await call("GET", `/conflicts?inspectorId=${chen.id}`, {
      token: dept.tokens.auditor,
    });
    expect(byInspector.data.items.map((c: { id: string }) => c.id)).toEqual([old.data.id]);
    const byEntity = await call("GET", `/conflicts?entityCode=${FIRM}`, { token: dept.tokens.auditor });
    expect(byEntity.data.items.map((c: { id: string }) => c.id)).toEqual([rec.data.id]);
    const paged = await call("GET", "/conflicts?limit=1", { token: admin });
    expect(paged.data.items[0].id).toBe(rec.data.id);
    const next = await call("GET", `/conflicts?limit=1&cursor=${paged.data.nextCursor}`, { token: admin });
    expect(next.data.items.map((c: { id: string }) => c.id)).toEqual([old.data.id]);
    expect(next.data.nextCursor).toBeNull();
  });

  it("applies validity windows and ends conflicts without deleting them", async () => {
    const { call, dept, add } = await setup();
    const lin = await add({ certificateNo: "Z-2" });
    const wang = await add({ certificateNo: "Z-1", name: "王芳" });
    const admin = dept.tokens.admin;
    const open = await call("POST", "/conflicts", {
      token: admin,
      json: {
        inspectorId: lin.id,
        entityCode: FIRM,
        category: "own-interest",
        source: "admin-recorded",
        validFrom: "2026-02-01",
      },
    });
    const fixed = await call("POST", "/conflicts", {
      token: admin,
      json: {
        inspectorId: wang.id,
        entityCode: OTHER_FIRM,
        category: "former-employment",
        source: "admin-recorded",
        validFrom: "2025-01-01",
        validUntil: "2026-01-01",
      },
    });
    expect(fixed.status).toBe(201);
    const reversed = await call("POST", "/conflicts", {
      token: admin,
      json: {
        inspectorId: lin.id,
        entityCode: FIRM,
        category: "other",
        source: "admin-recorded",
        validFrom: "2026-02-01",
        validUntil: "2026-02-01",
      },
    });
    expect(reversed.status).toBe(400);

    const pairs = async (date: string) =>
      (await activeConflictsAt(get().db, dept.department.id, date)).map(
        (c) => `${c.certificateNo}:${c.entityCode}`,
      );
    expect(await pairs("2024-12-31")).toEqual([]);
    expect(await pairs("2025-12-31")).toEqual([`Z-1:${OTHER_FIRM}`]);
    expect(await pairs("2026-01-01")).toEqual([]); // until is exclusive
    expect(await pairs("2026-02-01")).toEqual([`Z-2:${FIRM}`]);
    expect(await pairs("2025-06-01")).toEqual([`Z-1:${OTHER_FIRM}`]);
    const active = await call("GET", "/conflicts?activeOn=2025-06-01", { token: dept.tokens.auditor });
    expect(active.data.items.map((c: { id: string }) => c.id)).toEqual([fixed.data.id]);

    const end = (id: string, json: unknown) => call("POST", `/conflicts/${id}/end`, { token: admin, json });
    expect((await end(open.data.id, { until: "2026-01-15" })).status).toBe(422); // before it starts
    expect((await end(fixed.data.id, { until: "2026-06-01" })).status).toBe(422); // would extend it
    const ended = await end(open.data.id, { until: "2026-05-01", reason: "配偶已离职" });
    expect(ended.status).toBe(200);
    expect(ended.data).toMatchObject({
      validUntil: "2026-05-01",
      endReason: "配偶已离职",
      endedByRole: "admin",
    });
    expect(ended.data.endedByTokenId).toBe(tokenId(admin));
    expect((await end(open.data.id, {})).status).toBe(409);
    expect(await pairs("2026-04-30")).toEqual([`Z-2:${FIRM}`]);
    expect(await pairs("2026-05-01")).toEqual([]);
    // Still there for audit.
    const kept = await call("GET", `/conflicts/${open.data.id}`, { token: dept.tokens.auditor });
    expect(kept.data.validUntil).toBe("2026-05-01");
    expect((await call("GET", `/conflicts?inspectorId=${lin.id}`, { token: admin })).data.items).toHaveLength(
      1,
    );
    expect((await call("DELETE", `/conflicts/${open.data.id}`, { token: admin })).status).toBe(404);
  });

  it("lets an inspector self-declare for themself only", async () => {
    const { call, dept, add } = await setup();
    const lin = await add();
    const chen = await add({ name: "陈静" });
    const own = await inspectorToken(get().db, dept.department.id, lin.id);
    const declared = await call("POST", "/conflicts", {
      token: own,
      json: { entityCode: FIRM, category: "lineal-relative", statement: "本人父亲为该企业法定代表人" },
    });
    expect(declared.status).toBe(201);
    expect(declared.data).toMatchObject({
      inspectorId: lin.id,
      source: "self-declared",
      createdByRole: "inspector",
    });
    const explicit = await call("POST", "/conflicts", {
      token: own,
      json: {
        inspectorId: lin.id,
        entityCode: OTHER_FIRM,
        category: "close-in-law",
        source: "self-declared",
      },
    });
    expect(explicit.status).toBe(201);

    const forOther = await call("POST", "/conflicts", {
      token: own,
      json: { inspectorId: chen.id, entityCode: FIRM, category: "other" },
    });
    expect(forOther.status).toBe(403);
    const posing = await call("POST", "/conflicts", {
      token: own,
      json: { entityCode: FIRM, category: "other", source: "admin-recorded" },
    });
    expect(posing.status).toBe(403);
    const byAdmin = await call("POST", "/conflicts", {
      token: dept.tokens.admin,
      json: {
        inspectorId: chen.id,
        entityCode: FIRM,
        category: "collateral-relative",
        source: "admin-recorded",
      },
    });

    const mine = await call("GET", "/me/conflicts", { token: own });
    expect(mine.data.items.map((c: { id: string }) => c.id).sort()).toEqual(
      [declared.data.id, explicit.data.id].sort(),
    );
    expect((await call("GET", `/conflicts/${declared.data.id}`, { token: own })).status).toBe(200);
    expect((await call("GET", `/conflicts/${byAdmin.data.id}`, { token: own })).status).toBe(404);
    expect((await call("GET", "/conflicts", { token: own })).status).toBe(403);
    expect((await call("POST", `/conflicts/${declared.data.id}/end`, { token: own, json: {} })).status).toBe(
      403,
    );
    expect(
      (
        await call("POST", "/conflicts", {
          token: dept.tokens.auditor,
          json: { entityCode: FIRM, category: "other" },
        })
      ).status,
    ).toBe(403);
  });

  it("keeps departments apart", async () => {
    const a = await setup();
    const b = await setup();
    const lin = await a.add();
    const rec = await a.call("POST", "/conflicts", {
      token: a.dept.tokens.admin,
      json: {
        inspectorId: lin.id,
        entityCode: FIRM,
        category: "spouse",
        source: "admin-recorded",
        validFrom: "2020-01-01",
      },
    });
    const B = b.dept.tokens;
    expect((await b.call("GET", `/conflicts/${rec.data.id}`, { token: B.auditor })).status).toBe(404);
    expect((await b.call("POST", `/conflicts/${rec.data.id}/end`, { token: B.admin, json: {} })).status).toBe(
      404,
    );
    const foreign = await b.call("POST", "/conflicts", {
      token: B.admin,
      json: { inspectorId: lin.id, entityCode: FIRM, category: "spouse", source: "admin-recorded" },
    });
    expect(foreign.status).toBe(404);
    expect((await b.call("GET", `/conflicts?entityCode=${FIRM}`, { token: B.admin })).data.items).toEqual([]);
    expect(await activeConflictsAt(get().db, b.dept.department.id, "2026-01-01")).toEqual([]);
    expect(await activeConflictsAt(get().db, a.dept.department.id, "2026-01-01")).toHaveLength(1);
  });
});
