import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { rosterImportJobs } from "../../src/rosters/entities/entities.schema.js";
import { failInterruptedImports, importsIdle } from "../../src/rosters/imports/import-jobs.js";
import { ENTITY_HEADERS } from "../../src/rosters/synthetic.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { csvText, smallRows, syntheticCsv, syntheticRecords } from "./entities-fixtures.js";

const CSV = { "content-type": "text/csv; charset=utf-8" };

describeEachDriver("entity roster API", (get) => {
  /** Uploads a file as an import job and waits for it to finish. */
  async function upload(token: string, body: Buffer | string, query = "") {
    const { call } = testApp(get(), { DATA_DIR: "/tmp/sortes-test-data" });
    const posted = await call("POST", `/entities/imports${query}`, {
      token,
      body: body as BodyInit,
      headers: CSV,
    });
    expect(posted.status).toBe(202);
    expect(posted.data.state).toBe("queued");
    await importsIdle(get());
    const done = await call("GET", `/entities/imports/${posted.data.id}`, { token });
    expect(done.status).toBe(200);
    return done.data;
  }

  it("imports through a job, then lists with filters and a cursor, and gets by code", async () => {
    const { tokens } = await newDepartment(get().db);
    const { call } = testApp(get());
    const job = await upload(tokens.admin, syntheticCsv(500, "api"));
    expect(job).toMatchObject({
      state: "succeeded",
      rows: 500,
      kind: "entities",
      format: "csv",
      mode: "replace",
    });
    expect(job.report).toMatchObject({ ok: true, written: { inserted: 500 } });
    expect(job.bytesRead).toBe(job.bytesTotal);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const page = await call("GET", `/entities?risk=A&limit=40${q}`, { token: tokens.auditor });
      expect(page.status).toBe(200);
      for (const e of page.data.items) expect(e.riskClass).toBe("A");
      seen.push(...page.data.items.map((e: { creditCode: string }) => e.creditCode));
      cursor = page.data.nextCursor;
    } while (cursor);
    const expected = syntheticRecords(500, "api")
      .filter((r) => r[9] === "A")
      .map((r) => r[0]!);
    expect(seen).toEqual([...expected].sort());
    expect(new Set(seen).size).toBe(seen.length);

    const r0 = syntheticRecords(1, "api")[0]!;
    const region = await call(
      "GET",
      `/entities?region=${r0[7]}&type=${encodeURIComponent(r0[5]!)}&limit=1000`,
      {
        token: tokens.admin,
      },
    );
    expect(region.data.items.map((e: { creditCode: string }) => e.creditCode)).toContain(r0[0]);
    for (const e of region.data.items) expect([e.regionCode, e.entityType]).toEqual([r0[7], r0[5]]);
    const status = await call("GET", `/entities?status=${encodeURIComponent(r0[8]!)}&limit=5`, {
      token: tokens.admin,
    });
    for (const e of status.data.items) expect(e.registrationStatus).toBe(r0[8]);

    const one = await call("GET", `/entities/${r0[0]!.toLowerCase()}`, { token: tokens.auditor });
    expect(one.status).toBe(200);
    expect(one.data).toMatchObject({ creditCode: r0[0], name: r0[1] });
  });

  it("a rejected upload fails its job with every bad line and writes nothing", async () => {
    const { tokens } = await newDepartment(get().db);
    const { call } = testApp(get());
    const rows = smallRows();
    rows[2]![11] = "-1";
    const job = await upload(tokens.admin, csvText(ENTITY_HEADERS, rows));
    expect(job.state).toBe("failed");
    expect(job.report.errors).toEqual([
      { line: 4, column: "投诉次数", reason: "'-1' is not a whole number between 0 and 1000000" },
    ]);
    const list = await call("GET", "/entities", { token: tokens.admin });
    expect(list.data.items).toEqual([]);
  });

  it("scopes everything to the caller's department and role", async () => {
    const mine = await newDepartment(get().db);
    const theirs = await newDepartment(get().db);
    const { call } = testApp(get());
    const job = await upload(mine.tokens.admin, csvText(ENTITY_HEADERS, smallRows()));
    const code = smallRows()[0]![0]!;
    expect((await call("GET", `/entities/${code}`, { token: theirs.tokens.admin })).status).toBe(404);
    expect((await call("GET", `/entities/imports/${job.id}`, { token: theirs.tokens.admin })).status).toBe(
      404,
    );
    expect((await call("GET", "/entities", { token: theirs.tokens.auditor })).data.items).toEqual([]);
    expect((await call("GET", "/entities")).status).toBe(401);
    const auditorUpload = await call("POST", "/entities/imports", {
      token: mine.tokens.auditor,
      body: "x",
      headers: CSV,
    });
    expect(auditorUpload.status).toBe(403);
    const badType = await call("POST", "/entities/imports", {
      token: mine.tokens.admin,
      body: "x",
      headers: { "content-type": "image/png" },
    });
    expect(badType.status).toBe(400);
  });

  it("jobs left queued or running by a previous process are marked failed at start", async () => {
    const { department } = await newDepartment(get().db);
    const [job] = await get()
      .db.insert(rosterImportJobs)
      .values({
        departmentId: department.id,
        kind: "entities",
        format: "csv",
        mode: "replace",
        state: "running",
        bytesTotal: 10,
      })
      .returning();
    expect(await failInterruptedImports(get().db, { departmentId: department.id })).toBe(1);
    const [row] = await get().db.select().from(rosterImportJobs).where(sql`id = ${job!.id}`);
    expect(row?.state).toBe("failed");
    expect(row?.finishedAt).not.toBeNull();
  });
});
