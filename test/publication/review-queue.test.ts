/**
 * The console's review queue (GET /publication/findings) and dashboard summary (GET /dashboard)
 * on a round drawn through the service: pending findings ordered by their legal deadline
 * (working-day calendar) with overdue ones first, each finding in exactly one state as the
 * decisions move it, server paging and search; this week's publications and the certificates
 * expiring within 30 days.
 */
import { beforeAll, expect, it } from "vitest";
import { dashboardSummary, weekOf } from "../../src/dashboard/summary.js";
import { reviewQueue } from "../../src/publication/review-queue.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { roundFixture } from "../draws/fixture.js";
import { SIGNING_KEY_HEX } from "../draws/helpers.js";
import { drawnRoundTeam, drawnTeamFixture, fileSignedFinding, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

describeEachDriver("findings review queue and dashboard", (get) => {
  let fx: Awaited<ReturnType<typeof roundFixture>>;
  let call: ReturnType<typeof testApp>["call"];
  /** result: deadline 20 working days after 2026-01-12; decision: 7 working days after 2026-01-12. */
  let resultId: string;
  let decisionId: string;
  let thirdId: string;
  const departmentId = () => fx.department.id;

  beforeAll(async () => {
    const db = get().db;
    fx = await roundFixture(db, { entities: 60, inspectors: 8 });
    call = testApp(get(), { SIGNING_KEY_HEX, DATA_DIR: tempDataDir() }).call;
    const { roundId } = await drawnRoundTeam(db, call, fx);
    const team = (i: number) => drawnTeamFixture(db, call, fx.department.id, roundId, i);
    resultId = (await fileSignedFinding(call, await team(0))).findingId;
    decisionId = (
      await fileSignedFinding(call, await team(1), {
        decisionType: "decision",
        decidedOn: "2026-01-12",
        followUp: { penaltyCaseNo: "榕市监罚〔2026〕1号", referralAuthority: null, creditListing: false },
      })
    ).findingId;
    thirdId = (await fileSignedFinding(call, await team(2))).findingId;
  }, 120_000);

  const query = { state: "pending" as const, offset: 0, limit: 20 };

  it("orders pending findings by deadline, overdue first, counting working days on the server", async () => {
    // 2026-01-22: the decision's 7 working days ran out on 2026-01-21; the results' 20 have not.
    const now = new Date("2026-01-22T02:00:00Z");
    const page = await reviewQueue(get().db, departmentId(), query, now);
    expect(page.items.map((i) => i.id)).toEqual([decisionId, ...page.items.slice(1).map((i) => i.id)]);
    expect(
      page.items
        .slice(1)
        .map((i) => i.id)
        .sort(),
    ).toEqual([resultId, thirdId].sort());
    const [decision, result] = page.items;
    expect(decision!.deadline).toMatchObject({ date: "2026-01-21", provisional: false });
    expect(decision!.due).toMatchObject({ state: "overdue", today: "2026-01-22" });
    expect(result!.due).toMatchObject({ state: "on-time" });
    expect(result!.due!.workingDaysLeft).toBeGreaterThan(3);
    expect(page).toMatchObject({ total: 3, overdue: 1, counts: { pending: 3, published: 0, withheld: 0 } });

    // Server paging: one per page, the same order.
    const second = await reviewQueue(get().db, departmentId(), { ...query, offset: 1, limit: 1 }, now);
    expect(second.items.map((i) => i.id)).toEqual([page.items[1]!.id]);
    expect(second.total).toBe(3);
  });

  it("moves findings between states as they are approved and withheld; filters by search", async () => {
    const admin = { token: fx.tokens.admin };
    expect((await call("POST", `/findings/${resultId}/approve`, admin)).status).toBe(201);
    const withheld = await call("POST", `/findings/${thirdId}/withhold`, {
      ...admin,
      json: { reason: "personal_privacy", note: "涉及个人住址" },
    });
    expect(withheld.status, withheld.text).toBe(201);

    const pending = await call("GET", "/publication/findings", admin);
    expect(pending.status, pending.text).toBe(200);
    expect(pending.data.items.map((i: { id: string }) => i.id)).toEqual([decisionId]);
    expect(pending.data.counts).toEqual({ pending: 1, published: 1, retracted: 0, withheld: 1 });

    const published = await call("GET", "/publication/findings?state=published", admin);
    expect(published.data.items).toHaveLength(1);
    expect(published.data.items[0]).toMatchObject({ id: resultId, state: "published", due: null });
    expect(published.data.items[0].publishedAt).not.toBeNull();

    const out = await call("GET", "/publication/findings?state=withheld", admin);
    expect(out.data.items[0]).toMatchObject({
      id: thirdId,
      withheld: { reason: "personal_privacy", note: "涉及个人住址" },
    });

    // Search by part of the credit code, on the server; an unknown one finds nothing.
    const code = pending.data.items[0].entityId as string;
    const found = await call("GET", `/publication/findings?q=${code.slice(-6)}`, admin);
    expect(found.data.items.map((i: { id: string }) => i.id)).toEqual([decisionId]);
    const none = await call("GET", "/publication/findings?q=not-a-code", admin);
    expect(none.data).toMatchObject({ items: [], total: 0 });

    // Retraction moves the published one on.
    const retracted = await call("POST", `/findings/${resultId}/retract`, {
      ...admin,
      json: { reason: "revoked", revokedOn: "2026-02-01", explanation: "复议撤销" },
    });
    expect(retracted.status, retracted.text).toBe(201);
    const after = await call("GET", "/publication/findings?state=retracted", admin);
    expect(after.data.items[0]).toMatchObject({ id: resultId, retraction: { reason: "revoked" } });
    expect(after.data.counts).toMatchObject({ published: 0, retracted: 1 });
  });

  it("dashboard: this week's (and overdue) publications and certificates expiring within 30 days", async () => {
    const db = get().db;
    const actor = { tokenId: null, role: null };
    const cert = (no: string, until: string) =>
      createInspector(
        db,
        departmentId(),
        {
          name: `到期${no}`,
          certificateNo: no,
          certValidFrom: "2020-01-01",
          certValidUntil: until,
          qualifications: [],
        },
        actor,
      );
    await cert("3501009901", "2026-01-30");
    await cert("3501009902", "2026-03-01");

    // Thursday 2026-01-15: the week is Monday 12th to Sunday 18th.
    expect(weekOf("2026-01-15")).toEqual({ from: "2026-01-12", until: "2026-01-18" });
    const summary = await dashboardSummary(db, departmentId(), new Date("2026-01-15T02:00:00Z"));
    expect(summary.certificatesExpiring.items.map((i) => i.certificateNo)).toEqual(["3501009901"]);
    // The decision is due on 2026-01-21, next week: nothing due this week yet.
    expect(summary.publicationsDue).toEqual([]);
    const later = await dashboardSummary(db, departmentId(), new Date("2026-01-20T02:00:00Z"));
    expect(later.publicationsDue.map((i) => i.id)).toEqual([decisionId]);

    const http = await call("GET", "/dashboard", { token: fx.tokens.auditor });
    expect(http.status, http.text).toBe(200);
    expect(http.data.publicationsDue.map((i: { id: string }) => i.id)).toEqual([decisionId]);
  });
});
