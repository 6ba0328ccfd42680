/**
 * Inspectors' ICS feeds, parsed with node-ical: the event carries the entity, address,
 * item and teammates; a substitution changes the feeds (teammate replaced, a new event for
 * the substitute, the recused inspector's event CANCELLED); revoked and unknown URLs → 404.
 */
import ical, { type VEvent } from "node-ical";
import { expect, it } from "vitest";
import { createToken } from "../../src/auth/tokens.js";
import { roundFixture } from "../draws/fixture.js";
import { drawnRoundTeam } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

type Call = ReturnType<typeof testApp>["call"];

const FEED_URL = /^https:\/\/sortes\.test\.example\/public\/calendar\/[A-Za-z0-9_-]{43}\.ics$/;

/** A node-ical date-only value (local midnight) as YYYY-MM-DD. */
const dateOf = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

async function newFeed(call: Call, token: string): Promise<string> {
  const r = await call("POST", "/me/calendar-feed", { token });
  expect(r.status, r.text).toBe(201);
  expect(r.data.url).toMatch(FEED_URL);
  return new URL(r.data.url).pathname;
}

async function events(call: Call, path: string): Promise<Map<string, VEvent>> {
  const r = await call("GET", path);
  expect(r.status, r.text).toBe(200);
  expect(r.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
  const parsed = ical.sync.parseICS(r.text);
  const out = new Map<string, VEvent>();
  for (const c of Object.values(parsed)) if (c?.type === "VEVENT") out.set(c.uid, c);
  return out;
}

const text = (v: unknown) => (typeof v === "string" ? v : ((v as { val?: string })?.val ?? ""));

describeEachDriver("calendar feeds", (get) => {
  it("lists each assignment, follows a substitution, and stops when revoked", async () => {
    const database = get();
    const { call } = testApp(database, { PUBLIC_BASE_URL: "https://sortes.test.example" });
    const fx = await roundFixture(database.db, { inspectors: 6 });
    const drawn = await drawnRoundTeam(database.db, call, fx);
    const [a, b] = drawn.members;
    const roster = new Map(fx.inspectors.map((i) => [i.id, i]));
    const entityName = `测试主体${drawn.team.entityId}`;

    const mine = (await call("GET", "/me/assignments", { token: a!.token })).data.items as {
      id: string;
      entityId: string;
    }[];
    const aFeed = await newFeed(call, a!.token);
    const aEvents = await events(call, aFeed);
    expect([...aEvents.keys()].sort()).toEqual(mine.map((x) => `${x.id}@sortes`).sort());
    const aAssignment = mine.find((x) => x.entityId === drawn.team.entityId)!;
    const ev = aEvents.get(`${aAssignment.id}@sortes`)!;
    expect(text(ev.summary)).toBe(`双随机检查：${entityName} · 食品经营者检查`);
    expect(text(ev.location)).toBe("福州市鼓楼区");
    expect(ev.datetype).toBe("date");
    expect(dateOf(ev.start)).toBe("2026-01-05");
    expect(dateOf(ev.end!)).toBe("2026-04-01"); // exclusive: the window's last day is 03-31
    expect(ev.status).toBe("CONFIRMED");
    expect(ev.sequence).toBe(0);
    const bRow = roster.get(b!.id)!;
    expect(text(ev.description)).toContain(`${bRow.name} 执法证号 ${bRow.certificateNo}`);
    expect(text(ev.description)).toContain(`统一社会信用代码 ${drawn.team.entityId}`);
    expect(text(ev.description)).toContain(`https://sortes.test.example/zh/rounds/${drawn.roundId}`);
    expect(text(ev.description)).not.toContain(roster.get(a!.id)!.certificateNo);

    const bFeed = await newFeed(call, b!.token);
    const bBefore = [...(await events(call, bFeed)).values()].find((e) =>
      text(e.summary).includes(entityName),
    )!;

    // A declares a conflict; B's event names the substitute and is bumped.
    const sub = await call("POST", `/me/assignments/${aAssignment.id}/conflict`, {
      token: a!.token,
      json: { category: "spouse", statement: "配偶为该企业股东" },
    });
    expect(sub.status, sub.text).toBe(200);
    const substitute = roster.get(sub.data.substitute as string)!;

    const bAfter = (await events(call, bFeed)).get(bBefore.uid)!;
    expect(bAfter.sequence).toBe(1);
    expect(bAfter.lastmodified!.getTime()).toBeGreaterThanOrEqual(bBefore.lastmodified!.getTime());
    expect(text(bAfter.description)).toContain(`${substitute.name} 执法证号 ${substitute.certificateNo}`);
    expect(text(bAfter.description)).not.toContain(roster.get(a!.id)!.certificateNo);

    // The recused inspector's event stays, cancelled; the substitute gets a new event.
    const aCancelled = (await events(call, aFeed)).get(ev.uid)!;
    expect(aCancelled.status).toBe("CANCELLED");
    expect(aCancelled.sequence).toBe(1);
    expect(text(aCancelled.summary)).toBe(`【已回避】双随机检查：${entityName} · 食品经营者检查`);
    const sToken = (
      await createToken(database.db, {
        departmentId: fx.department.id,
        role: "inspector",
        label: "t",
        inspectorId: substitute.id,
      })
    ).token;
    const sEvents = [...(await events(call, await newFeed(call, sToken))).values()];
    const sEvent = sEvents.find((e) => text(e.summary).includes(entityName))!;
    expect(sEvent.uid).not.toBe(ev.uid);
    expect(sEvent.uid).not.toBe(bBefore.uid);
    expect(sEvent.status).toBe("CONFIRMED");
    expect(text(sEvent.description)).toContain(`${bRow.name} 执法证号 ${bRow.certificateNo}`);

    // A new URL revokes the old one; DELETE revokes the new one; unknown URLs are 404 too.
    expect((await call("GET", "/me/calendar-feed", { token: a!.token })).data.feed).not.toBeNull();
    const aFeed2 = await newFeed(call, a!.token);
    const old = await call("GET", aFeed);
    expect(old.status).toBe(404);
    expect(old.headers.get("content-type")).toContain("application/problem+json");
    expect((await call("GET", aFeed2)).status).toBe(200);
    const revoked = await call("DELETE", "/me/calendar-feed", { token: a!.token });
    expect(revoked.status, revoked.text).toBe(204);
    expect((await call("GET", aFeed2)).status).toBe(404);
    expect((await call("GET", "/me/calendar-feed", { token: a!.token })).data.feed).toBeNull();
    expect((await call("DELETE", "/me/calendar-feed", { token: a!.token })).status).toBe(204);
    expect((await call("GET", `/public/calendar/${"A".repeat(43)}.ics`)).status).toBe(404);
    expect((await call("GET", "/public/calendar/not-a-feed")).status).toBe(404);
    // B's feed is untouched by A's revocations.
    expect((await call("GET", bFeed)).status).toBe(200);
  });

  it("refuses tokens not bound to an inspector", async () => {
    const database = get();
    const { call } = testApp(database);
    const fx = await roundFixture(database.db, { entities: 20, inspectors: 2 });
    const r = await call("POST", "/me/calendar-feed", { token: fx.tokens.admin });
    expect(r.status).toBe(403);
  });
});
