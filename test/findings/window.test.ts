/**
 * The inspection window: nothing is recorded before it opens (it was accepted), and an
 * evidence upload needs no `?summary=` (it failed without one).
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { teamFixture, tempDataDir } from "./helpers.js";

/** A day `n` days from today in Beijing (UTC+8), as YYYY-MM-DD. */
const beijingDay = (n: number) =>
  new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);

describeEachDriver("inspection window and evidence uploads", (get) => {
  it("refuses events and evidence before the window opens with a 409 naming the day, storing nothing", async () => {
    const opens = beijingDay(10);
    const fx = await teamFixture(get().db, { windowFrom: opens });
    const dataDir = tempDataDir();
    const { call } = testApp(get(), { DATA_DIR: dataDir });
    const [a] = fx.members;
    const early = await call("POST", `${fx.base}/events`, {
      token: a!.token,
      json: { kind: "arrival", summary: "到达现场" },
    });
    expect(early.status, early.text).toBe(409);
    expect(early.headers.get("content-type")).toContain("application/problem+json");
    expect(early.data.detail).toContain(`opens on ${opens}`);
    expect(early.data.detail).toContain("北京时间");
    expect(early.data.windowOpensOn).toBe(opens);

    const upload = await call("POST", `${fx.base}/evidence`, {
      token: a!.token,
      body: new TextEncoder().encode("照片"),
      headers: { "content-type": "image/jpeg" },
    });
    expect(upload.status, upload.text).toBe(409);
    const evidenceDir = join(dataDir, "evidence");
    expect(existsSync(evidenceDir) ? readdirSync(evidenceDir, { recursive: true }) : []).toEqual([]);

    const timeline = await call("GET", `${fx.base}/events`, { token: a!.token });
    expect(timeline.status).toBe(200);
    expect(timeline.data.items).toEqual([]);
  });

  it("refuses an occurredAt before the window's first day (Beijing time) with a 422", async () => {
    const fx = await teamFixture(get().db, { windowFrom: "2026-01-05" });
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const [a] = fx.members;
    // 2026-01-04T23:30 in Beijing is still the day before the window.
    const before = await call("POST", `${fx.base}/events`, {
      token: a!.token,
      json: { kind: "arrival", summary: "到达现场", occurredAt: "2026-01-04T15:30:00Z" },
    });
    expect(before.status, before.text).toBe(422);
    expect(before.data.errors).toEqual([expect.objectContaining({ field: "occurredAt" })]);
    const first = await call("POST", `${fx.base}/events`, {
      token: a!.token,
      json: { kind: "arrival", summary: "到达现场", occurredAt: "2026-01-04T16:00:00Z" },
    });
    expect(first.status, first.text).toBe(201);
  });

  it("stores evidence uploaded without ?summary=, with a summary naming the file", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const [a] = fx.members;
    const bytes = new TextEncoder().encode("现场照片");
    const r = await call("POST", `${fx.base}/evidence`, {
      token: a!.token,
      body: bytes,
      headers: { "content-type": "image/jpeg" },
    });
    expect(r.status, r.text).toBe(201);
    expect(r.data.kind).toBe("evidence_file");
    expect(r.data.summary).toBe(`证据文件 / evidence file (image/jpeg, ${bytes.length} bytes)`);
    expect(r.data.evidence).toMatchObject({ size: bytes.length, mediaType: "image/jpeg" });
  });
});
