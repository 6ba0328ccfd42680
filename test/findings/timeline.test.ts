import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { findingBody, recordAndSign, teamFixture, tempDataDir } from "./helpers.js";

describeEachDriver("inspection records (全程留痕)", (get) => {
  it("lets only team members append; admins and auditors read; corrections point at the old event", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const [a, b] = fx.members;
    const first = await call("POST", `${fx.base}/events`, {
      token: a!.token,
      json: { kind: "document_reviewed", summary: "查验营业执照、食品经营许可证" },
    });
    expect(first.status, first.text).toBe(201);
    expect(first.data).toMatchObject({ seq: 1, kind: "document_reviewed", inspectorId: a!.id });
    expect(first.data.prevHash).toBe("0".repeat(64));

    const fix = await call("POST", `${fx.base}/events`, {
      token: b!.token,
      json: { kind: "document_reviewed", summary: "更正：另查验了健康证明", correctsEventId: first.data.id },
    });
    expect(fix.status, fix.text).toBe(201);
    expect(fix.data).toMatchObject({ seq: 2, correctsEventId: first.data.id, prevHash: first.data.hash });

    const certs = await call("POST", `${fx.base}/events`, {
      token: a!.token,
      json: { kind: "certificates_shown", summary: "出示执法证", occurredAt: "2026-01-12T09:05:00+08:00" },
    });
    expect(certs.status, certs.text).toBe(201);
    // Taken from the inspector roster, not typed in.
    expect(certs.data.detail.certificates).toEqual(
      fx.members.map((m) =>
        expect.objectContaining({ inspectorId: m.id, certValidUntil: "2030-12-31", valid: true }),
      ),
    );
    const media = await call("POST", `${fx.base}/events`, {
      token: b!.token,
      json: {
        kind: "media_reference",
        summary: "执法记录仪视频",
        detail: { uri: "dvr://cam-07/20260112-0900" },
      },
    });
    expect(media.status, media.text).toBe(201);
    const noUri = await call("POST", `${fx.base}/events`, {
      token: b!.token,
      json: { kind: "media_reference", summary: "执法记录仪视频" },
    });
    expect(noUri.status).toBe(400);

    // Outsiders: another inspector of the department gets 404; admins cannot write.
    const outsider = await call("POST", `${fx.base}/events`, {
      token: fx.outsider.token,
      json: { kind: "note", summary: "x" },
    });
    expect(outsider.status).toBe(404);
    expect((await call("GET", `${fx.base}/events`, { token: fx.outsider.token })).status).toBe(404);
    const admin = await call("POST", `${fx.base}/events`, {
      token: fx.tokens.admin,
      json: { kind: "note", summary: "x" },
    });
    expect(admin.status).toBe(403);
    const foreign = await call("POST", `${fx.base}/events`, {
      token: a!.token,
      json: { kind: "note", summary: "x", correctsEventId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(foreign.status).toBe(400);

    for (const token of [fx.tokens.admin, fx.tokens.auditor, a!.token]) {
      const read = await call("GET", `${fx.base}/events`, { token });
      expect(read.status).toBe(200);
      expect(read.data.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(read.data.firstBrokenSeq).toBeNull();
    }
  });

  it("has no update or delete path, and a direct SQL edit breaks the hash chain", async () => {
    const fx = await teamFixture(get().db);
    const { call, routes } = testApp(get(), { DATA_DIR: tempDataDir() });
    const mutating = routes.filter(
      (r) => r.path.startsWith("/inspections") && r.method !== "post" && r.method !== "get",
    );
    expect(mutating).toEqual([]);
    await recordAndSign(call, fx);
    const team = sql`round_id = ${fx.roundId} and entity_id = ${fx.entityId}`;
    // The database refuses edits too, whoever connects.
    await expect(
      get().db.execute(sql`update inspection_events set summary = '篡改' where ${team} and seq = 1`),
    ).rejects.toThrow();
    await expect(get().db.execute(sql`delete from inspection_events where ${team}`)).rejects.toThrow();
    // A superuser can switch triggers off for a session; the hash chain still gives it away.
    await get().db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update inspection_events set summary = '篡改' where ${team} and seq = 1`);
    });
    const read = await call("GET", `${fx.base}/events`, { token: fx.tokens.admin });
    expect(read.data.firstBrokenSeq).toBe(1);
  });

  it("stores evidence content-addressed under DATA_DIR, enforces the size limit, serves it back", async () => {
    const fx = await teamFixture(get().db);
    const dataDir = tempDataDir();
    const { call } = testApp(get(), { DATA_DIR: dataDir, EVIDENCE_LIMIT_BYTES: "64" });
    const bytes = new TextEncoder().encode("询问笔录扫描件");
    const sha = createHash("sha256").update(bytes).digest("hex");
    const up = await call("POST", `${fx.base}/evidence?summary=${encodeURIComponent("询问笔录")}`, {
      token: fx.members[1]!.token,
      body: bytes,
      headers: { "content-type": "application/pdf" },
    });
    expect(up.status, up.text).toBe(201);
    expect(up.data.evidence).toEqual({
      sha256: sha,
      size: bytes.byteLength,
      mediaType: "application/pdf",
      path: `evidence/${sha.slice(0, 2)}/${sha.slice(2)}`,
    });
    expect(readFileSync(join(dataDir, up.data.evidence.path))).toEqual(Buffer.from(bytes));

    const big = await call("POST", `${fx.base}/evidence?summary=big`, {
      token: fx.members[1]!.token,
      body: new Uint8Array(65),
      headers: { "content-type": "video/mp4" },
    });
    expect(big.status).toBe(413);
    expect(big.headers.get("content-type")).toContain("problem+json");
    expect(readdirSync(join(dataDir, "evidence", "tmp"))).toEqual([]);
    const outsider = await call("POST", `${fx.base}/evidence?summary=x`, {
      token: fx.outsider.token,
      body: bytes,
      headers: { "content-type": "image/png" },
    });
    expect(outsider.status).toBe(404);

    const down = await call("GET", `${fx.base}/evidence/${sha}`, { token: fx.tokens.auditor });
    expect(down.status).toBe(200);
    expect(down.text).toBe("询问笔录扫描件");
    expect(down.headers.get("content-type")).toBe("application/pdf");
    expect(down.headers.get("content-disposition")).toContain("attachment");
    const other = await call("GET", `${fx.base}/evidence/${"ab".repeat(32)}`, { token: fx.tokens.admin });
    expect(other.status).toBe(404);
    expect(existsSync(join(dataDir, "evidence", "ab"))).toBe(false);
  });

  it("accepts evidence larger than the JSON body limit, up to the evidence limit", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), {
      DATA_DIR: tempDataDir(),
      BODY_LIMIT_BYTES: "100",
      EVIDENCE_LIMIT_BYTES: "4096",
    });
    const video = new Uint8Array(3000).fill(7);
    const up = await call("POST", `${fx.base}/evidence?summary=video`, {
      token: fx.members[1]!.token,
      body: video,
      headers: { "content-type": "video/mp4" },
    });
    expect(up.status, up.text).toBe(201);
    expect(up.data.evidence.size).toBe(3000);
    const tooBig = await call("POST", `${fx.base}/evidence?summary=video`, {
      token: fx.members[1]!.token,
      body: new Uint8Array(5000),
      headers: { "content-type": "video/mp4" },
    });
    expect(tooBig.status).toBe(413);
  });

  it("files a finding only after every member signed the current timeline", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const [a, b] = fx.members;
    await call("POST", `${fx.base}/events`, {
      token: a!.token,
      json: { kind: "arrival", summary: "到达现场" },
    });
    expect((await call("POST", `${fx.base}/sign-off`, { token: a!.token })).status).toBe(201);
    expect((await call("POST", `${fx.base}/sign-off`, { token: a!.token })).status).toBe(409);
    const early = await call("POST", `${fx.base}/findings`, { token: a!.token, json: findingBody() });
    expect(early.status).toBe(422);
    expect(early.data.errors[0].reason).toContain(b!.id);

    expect((await call("POST", `${fx.base}/sign-off`, { token: b!.token })).status).toBe(201);
    // A later event makes both signatures stale.
    await call("POST", `${fx.base}/events`, {
      token: b!.token,
      json: { kind: "statement", summary: "当事人陈述" },
    });
    expect((await call("POST", `${fx.base}/findings`, { token: a!.token, json: findingBody() })).status).toBe(
      422,
    );
    for (const m of fx.members) await call("POST", `${fx.base}/sign-off`, { token: m.token });

    const badCode = await call("POST", `${fx.base}/findings`, {
      token: a!.token,
      json: findingBody({ resultCode: "发现问题已责令整改" }),
    });
    expect(badCode.status).toBe(400);
    const badEvidence = await call("POST", `${fx.base}/findings`, {
      token: a!.token,
      json: findingBody({ evidenceHashes: ["cd".repeat(32)] }),
    });
    expect(badEvidence.status).toBe(422);
    const noDecisionDate = await call("POST", `${fx.base}/findings`, {
      token: a!.token,
      json: findingBody({ decisionType: "decision" }),
    });
    expect(noDecisionDate.status).toBe(400);
    expect(
      (await call("POST", `${fx.base}/findings`, { token: fx.outsider.token, json: findingBody() })).status,
    ).toBe(404);

    const ok = await call("POST", `${fx.base}/findings`, { token: b!.token, json: findingBody() });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.data).toMatchObject({
      entityName: fx.entityName,
      resultCode: "发现问题已责令改正",
      naturalPerson: false,
    });
    const read = await call("GET", `/findings/${ok.data.id}`, { token: fx.tokens.auditor });
    expect(read.data.id).toBe(ok.data.id);
    const mine = await call("GET", `${fx.base}/findings`, { token: a!.token });
    expect(mine.data.items.map((f: { id: string }) => f.id)).toEqual([ok.data.id]);
    expect((await call("GET", `${fx.base}/findings`, { token: fx.outsider.token })).status).toBe(404);
    expect((await call("GET", `/findings/${ok.data.id}`, { token: a!.token })).status).toBe(403);
  });
});
