import { expect, it } from "vitest";
import { certifiedInspectorsAt } from "../../src/rosters/inspectors/inspectors-query.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { inspectorBody } from "./inspectors-helpers.js";

describeEachDriver("inspector roster lists", (get) => {
  it("filters and pages in certificate-number byte order", async () => {
    const { call } = testApp(get());
    const { department, tokens } = await newDepartment(get().db);
    const specs = [
      { certificateNo: "B-002", district: "鼓楼", qualifications: ["食品安全"] },
      { certificateNo: "a-001", district: "鼓楼", qualifications: ["计量"] },
      { certificateNo: "B-010", district: "台江", qualifications: ["食品安全", "计量"] },
      { certificateNo: "A-001", district: "台江", qualifications: [], certValidUntil: "2025-06-30" },
      { certificateNo: "闽-7", district: "台江", qualifications: ["食品安全"], certValidFrom: "2026-03-01" },
    ];
    const ids: Record<string, string> = {};
    for (const s of specs) {
      const r = await call("POST", "/inspectors", { token: tokens.admin, json: inspectorBody(s) });
      expect(r.status).toBe(201);
      ids[s.certificateNo] = r.data.id;
    }
    await call("POST", `/inspectors/${ids["B-010"]}/suspend`, {
      token: tokens.admin,
      json: { reason: "培训" },
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const page = await call("GET", `/inspectors${q}`, { token: tokens.auditor });
      expect(page.status).toBe(200);
      expect(page.data.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.items.map((i: { certificateNo: string }) => i.certificateNo));
      cursor = page.data.nextCursor;
    } while (cursor);
    // Byte order: upper case before lower case, ASCII before CJK.
    expect(seen).toEqual(["A-001", "B-002", "B-010", "a-001", "闽-7"]);

    const certs = async (q: string) =>
      (await call("GET", `/inspectors?${q}`, { token: tokens.admin })).data.items.map(
        (i: { certificateNo: string }) => i.certificateNo,
      );
    expect(await certs("status=suspended")).toEqual(["B-010"]);
    expect(await certs(`district=${encodeURIComponent("鼓楼")}`)).toEqual(["B-002", "a-001"]);
    expect(await certs(`qualification=${encodeURIComponent("计量")}`)).toEqual(["B-010", "a-001"]);
    expect(await certs("certifiedOn=2026-01-15")).toEqual(["B-002", "B-010", "a-001"]);
    expect(await certs("certifiedOn=2025-06-30&status=active")).toEqual(["A-001", "B-002", "a-001"]);
    expect((await call("GET", "/inspectors?cursor=%%%", { token: tokens.admin })).status).toBe(400);
    expect((await call("GET", "/inspectors?limit=0", { token: tokens.admin })).status).toBe(400);

    // What a draw may use: active, certificate valid that day.
    const onDay = await certifiedInspectorsAt(get().db, department.id, "2026-04-01");
    expect(onDay.map((i) => i.certificateNo)).toEqual(["B-002", "a-001", "闽-7"]);
    expect((await certifiedInspectorsAt(get().db, department.id, "2029-01-01")).length).toBe(0);
  });
});
