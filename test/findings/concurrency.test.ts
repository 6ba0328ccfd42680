import { expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { fileSignedFinding, teamFixture, tempDataDir } from "./helpers.js";

describeEachDriver("inspection records and approval under concurrency", (get) => {
  it("keeps one dense, intact hash chain when members append at the same time", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call("POST", `${fx.base}/events`, {
          token: fx.members[i % 2]!.token,
          json: { kind: "statement", summary: `陈述 ${i}` },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    const read = await call("GET", `${fx.base}/events`, { token: fx.tokens.admin });
    expect(read.data.items.map((e: { seq: number }) => e.seq)).toEqual(
      [...Array(10).keys()].map((i) => i + 1),
    );
    expect(read.data.firstBrokenSeq).toBeNull();
  });

  it("publishes a finding once when approvals race", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const { findingId } = await fileSignedFinding(call, fx);
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        call("POST", `/findings/${findingId}/approve`, { token: fx.tokens.admin }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const entries = await call(
      "GET",
      `/public/ledger/entries?department=${fx.department.code}&kind=publication&artefactId=${findingId}`,
    );
    expect(entries.data.items).toHaveLength(1);
  });
});
