/**
 * Commit names every roster inspector the draw cannot use and why (it dropped them silently:
 * 81 on the roster, 31 in the pool). The same list is on GET /rounds/{id}, never on the
 * public round.
 */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { contributorCommitment, toHex } from "../../src/draw-engine/index.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { inspectors } from "../../src/rosters/inspectors/inspectors.schema.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { roundBody } from "./helpers.js";

describeEachDriver("excluded inspectors at commit", (get) => {
  it("lists each excluded roster inspector with its reasons, on the commit answer and the round", async () => {
    const db = get().db;
    const fx = await roundFixture(db, { entities: 30 });
    const { call } = testApp(get());
    const admin = fx.tokens.admin;
    const actor = { tokenId: null, role: null };
    let n = 0;
    const add = async (over: { from?: string; until?: string; quals?: string[] }) =>
      createInspector(
        db,
        fx.department.id,
        {
          name: `排除${++n}`,
          certificateNo: `35019999${String(n).padStart(4, "0")}`,
          certValidFrom: over.from ?? "2020-01-01",
          certValidUntil: over.until ?? "2030-12-31",
          qualifications: over.quals ?? ["食品安全"],
        },
        actor,
      );
    const suspended = await add({});
    const left = await add({ quals: ["特种设备"] });
    const expired = await add({ until: "2026-06-30" });
    const endsInWindow = await add({ until: "2026-08-15" });
    const notYet = await add({ from: "2026-07-10" });
    const unqualified = await add({ quals: ["特种设备"] });
    await db.update(inspectors).set({ status: "suspended" }).where(eq(inspectors.id, suspended.id));
    await db.update(inspectors).set({ status: "left" }).where(eq(inspectors.id, left.id));

    // The window is 2026-07-01 .. 2026-08-31 (roundBody).
    const created = await call("POST", "/rounds", { token: admin, json: roundBody(fx.itemCode) });
    expect(created.status, created.text).toBe(201);
    const roundId = created.data.round.id as string;
    const before = await call("GET", `/rounds/${roundId}`, { token: admin });
    expect(before.data.excludedInspectors).toBeNull();
    for (const c of created.data.credentials as { credential: string }[]) {
      const commitment = toHex(contributorCommitment(randomBytes(32)));
      const r = await call("POST", "/contributions/commitment", {
        json: { credential: c.credential, commitment },
      });
      expect(r.status, r.text).toBe(200);
    }
    const committed = await call("POST", `/rounds/${roundId}/commit`, { token: admin });
    expect(committed.status, committed.text).toBe(200);

    const codes = (id: string) =>
      (committed.data.excludedInspectors as { inspectorId: string; reasons: { code: string }[] }[])
        .find((x) => x.inspectorId === id)
        ?.reasons.map((r) => r.code);
    expect(committed.data.excludedInspectors).toHaveLength(6);
    expect(codes(suspended.id)).toEqual(["suspended"]);
    expect(codes(left.id)).toEqual(["left", "not-qualified"]);
    expect(codes(expired.id)).toEqual(["certificate-expired"]);
    expect(codes(endsInWindow.id)).toEqual(["certificate-expires-in-window"]);
    expect(codes(notYet.id)).toEqual(["certificate-not-yet-valid"]);
    expect(codes(unqualified.id)).toEqual(["not-qualified"]);
    for (const ok of fx.inspectors) expect(codes(ok.id)).toBeUndefined();
    const entry = committed.data.excludedInspectors.find(
      (x: { inspectorId: string }) => x.inspectorId === expired.id,
    );
    expect(entry).toMatchObject({
      name: expired.name,
      certificateNo: expired.certificateNo,
      inPool: false,
      reasons: [
        {
          code: "certificate-expired",
          detail: "certificate expired on 2026-06-30, before the window opens on 2026-07-01",
        },
      ],
    });
    // In the committed pool (active, certified on the first day), yet never a candidate.
    expect(
      committed.data.excludedInspectors.find((x: { inspectorId: string }) => x.inspectorId === unqualified.id)
        .inPool,
    ).toBe(true);
    // The pool count and the exclusions add up to the roster.
    const inPool = committed.data.excludedInspectors.filter((x: { inPool: boolean }) => x.inPool).length;
    expect(committed.data.commitment.inspectors.count).toBe(fx.inspectors.length + inPool);

    const round = await call("GET", `/rounds/${roundId}`, { token: admin });
    expect(round.status).toBe(200);
    expect(round.data.excludedInspectors).toEqual(committed.data.excludedInspectors);
    const pub = await call("GET", `/public/rounds/${roundId}`);
    expect(pub.status).toBe(200);
    expect(pub.data.excludedInspectors).toBeUndefined();
    expect(pub.text).not.toContain(expired.certificateNo);
  });
});
