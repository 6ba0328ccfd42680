/**
 * GET /me/assignments carries what the inspector needs to go and inspect: entity, checklist
 * item, current teammates, window and deadlines — on a round drawn through the service, and
 * after a substitution.
 */
import { expect, it } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { resultDeadline } from "../../src/calendar/deadlines.js";
import { roundFixture } from "../draws/fixture.js";
import { drawnRoundTeam } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

interface Item {
  id: string;
  entityId: string;
  inspectorId: string;
  status: string;
  entity: { id: string; name: string; creditCode: string; address: string; regionCode: string };
  item: { id: string; code: string; name: string; content: string; method: string[] };
  teammates: {
    inspectorId: string;
    name: string;
    post: string | null;
    certificateNo: string;
    slot: number;
  }[];
  window: { from: string; until: string };
  deadline: { inspectBy: string; resultsPublicBy: string; provisional: boolean };
}

describeEachDriver("my assignments, enriched", (get) => {
  it("lists entity, item, teammates, window and deadline; follows a substitution", async () => {
    const database = get();
    const { call } = testApp(database);
    const fx = await roundFixture(database.db, { inspectors: 6 });
    const drawn = await drawnRoundTeam(database.db, call, fx);
    const [a, b] = drawn.members;
    const roster = new Map(fx.inspectors.map((i) => [i.id, i]));

    const mine = await call("GET", "/me/assignments", { token: a!.token });
    expect(mine.status, mine.text).toBe(200);
    const items = mine.data.items as Item[];
    expect(items.length).toBeGreaterThan(0);
    const here = items.find((x) => x.entityId === drawn.team.entityId)!;
    expect(here.entity).toEqual({
      id: drawn.team.entityId,
      creditCode: drawn.team.entityId,
      name: `测试主体${drawn.team.entityId}`,
      address: "福州市鼓楼区",
      regionCode: "350102",
    });
    expect(here.item).toEqual({
      id: expect.any(String),
      code: fx.itemCode,
      name: "食品经营者检查",
      content: "经营条件、进货查验",
      method: ["on_site"],
    });
    const bRow = roster.get(b!.id)!;
    expect(here.teammates).toEqual([
      {
        inspectorId: b!.id,
        name: bRow.name,
        post: bRow.post ?? null,
        certificateNo: bRow.certificateNo,
        slot: drawn.team.members.indexOf(b!.id),
      },
    ]);
    expect(here.window).toEqual({ from: "2026-01-05", until: "2026-03-31" });
    const due = resultDeadline("2026-03-31");
    expect(here.deadline).toEqual({
      inspectBy: "2026-03-31",
      resultsPublicBy: due.date,
      provisional: due.provisional,
    });
    // Every team in the answer: the caller never among the teammates, the team complete.
    for (const x of items) {
      expect(x.inspectorId).toBe(a!.id);
      expect(x.teammates.map((t) => t.inspectorId)).not.toContain(a!.id);
      expect(x.teammates).toHaveLength(1);
      expect(x.entity.name).toBe(`测试主体${x.entityId}`);
    }

    // A declares a conflict: B's teammate becomes the substitute, the substitute sees the team.
    const sub = await call("POST", `/me/assignments/${here.id}/conflict`, {
      token: a!.token,
      json: { category: "spouse", statement: "配偶为该企业股东" },
    });
    expect(sub.status, sub.text).toBe(200);
    const substitute = sub.data.substitute as string;
    expect(substitute).not.toBeNull();

    const bView = (await call("GET", "/me/assignments", { token: b!.token })).data.items as Item[];
    const bHere = bView.find((x) => x.entityId === drawn.team.entityId)!;
    expect(bHere.teammates.map((t) => t.inspectorId)).toEqual([substitute]);
    expect(bHere.teammates[0]!.certificateNo).toBe(roster.get(substitute)!.certificateNo);

    const sToken = (
      await createToken(database.db, {
        departmentId: fx.department.id,
        role: "inspector",
        label: "t",
        inspectorId: substitute,
      })
    ).token;
    const sView = (await call("GET", "/me/assignments", { token: sToken })).data.items as Item[];
    const sHere = sView.find((x) => x.entityId === drawn.team.entityId)!;
    expect(sHere.status).toBe("assigned");
    expect(sHere.teammates.map((t) => t.inspectorId)).toEqual([b!.id]);

    // The recused inspector still sees the row (status recused) with the team as it is now.
    const aAfter = (await call("GET", "/me/assignments", { token: a!.token })).data.items as Item[];
    const aHere = aAfter.find((x) => x.entityId === drawn.team.entityId)!;
    expect(aHere.status).toBe("recused");
    expect(aHere.teammates.map((t) => t.inspectorId).sort()).toEqual([b!.id, substitute].sort());
  });
});
