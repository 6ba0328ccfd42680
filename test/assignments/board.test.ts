/** The team board pages: `limit` is honoured (it was ignored), `cursor` walks the whole board. */
import { expect, it } from "vitest";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

describeEachDriver("team board paging", (get) => {
  it("answers `limit` rows a page and the pages together are the whole board", async () => {
    const fx = await roundFixture(get().db);
    const { call } = testApp(get());
    const admin = fx.tokens.admin;
    const { roundId, contributors } = await createCommittedRound(call, admin, fx.itemCode);
    await revealAll(call, contributors);
    const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: admin });
    expect(drawn.status, drawn.text).toBe(200);

    const whole = await call("GET", `/rounds/${roundId}/board?limit=10000`, { token: admin });
    expect(whole.status).toBe(200);
    expect(whole.data.nextCursor).toBeNull();
    const all = whole.data.items as { entityId: string; slot: number }[];
    expect(all.length).toBeGreaterThan(10);

    const paged: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const page = await call("GET", `/rounds/${roundId}/board?limit=7${q}`, { token: admin });
      expect(page.status, page.text).toBe(200);
      expect(page.data.items.length).toBeLessThanOrEqual(7);
      paged.push(...page.data.items);
      cursor = page.data.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(all.length / 7));
    expect(paged).toEqual(all);

    // One row when asked for one; the exports still carry every row.
    const first = await call("GET", `/rounds/${roundId}/board?limit=1`, { token: admin });
    expect(first.data.items).toEqual([all[0]]);
    const csv = await call("GET", `/rounds/${roundId}/assignments.csv`, { token: admin });
    expect(csv.text.trimEnd().split("\r\n")).toHaveLength(all.length + 1);
  });

  it("refuses a bad limit or cursor with a 400 problem", async () => {
    const fx = await roundFixture(get().db, { entities: 20 });
    const { call } = testApp(get());
    const { roundId } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
    for (const q of ["limit=0", "limit=10001", "limit=abc", "cursor=not-a-cursor", "cursor=WzFd"]) {
      const r = await call("GET", `/rounds/${roundId}/board?${q}`, { token: fx.tokens.admin });
      expect(r.status, q).toBe(400);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
    }
  });
});
