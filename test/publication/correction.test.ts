import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "../../src/ledger/canonical.js";
import { publicDocumentSchema } from "../../src/publication/document-schema.js";
import { approveAndPublish } from "../../src/publication/publish.js";
import { takeDownExpired } from "../../src/publication/take-down.js";
import { fileSignedFinding, teamFixture, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

const headers = () => ({ "x-forwarded-for": `10.${randomBytes(3).join(".")}` });

describeEachDriver("更正: a verified correction re-publishes the document", (get) => {
  it("logs the corrected document, serves it, keeps withheld fields withheld, and takes every version down", async () => {
    const db = get().db;
    const fx = await teamFixture(db);
    const { call } = testApp(get(), { DATA_DIR: tempDataDir() });
    const { findingId } = await fileSignedFinding(call, fx, { privacyFields: ["followUp"] });
    const published = await approveAndPublish(db, {
      departmentId: fx.department.id,
      findingId,
      tokenId: null,
      now: new Date("2021-05-10T02:00:00Z"),
    });
    const report = async () =>
      (
        await call("POST", `/public/findings/${findingId}/corrections`, {
          json: { message: "整改期限应为2026-03-31" },
          headers: headers(),
        })
      ).data.id as string;
    const resolve = (id: string, json: unknown) =>
      call("POST", `/correction-requests/${id}/resolve`, { token: fx.tokens.admin, json });

    const withheld = await resolve(await report(), {
      status: "corrected",
      outcome: "更正",
      correction: { followUp: { penaltyCaseNo: "X", referralAuthority: null, creditListing: false } },
    });
    expect(withheld.status).toBe(422);
    const mismatched = await resolve(await report(), {
      status: "rejected",
      outcome: "不予更正",
      correction: { description: "x" },
    });
    expect(mismatched.status).toBe(400);

    const id = await report();
    const ok = await resolve(id, {
      status: "corrected",
      outcome: "经核实，整改期限更正为2026-03-31",
      cause: "录入时误填",
      correction: { rectification: { ordered: true, deadline: "2026-03-31" } },
    });
    expect(ok.status, ok.text).toBe(200);
    const pub = (await call("GET", `/public/findings/${findingId}`)).data;
    expect(pub.content.rectification).toEqual({ ordered: true, deadline: "2026-03-31" });
    expect(pub.content.followUp).toBeNull();
    expect(publicDocumentSchema.strict().safeParse(pub.content).error).toBeUndefined();
    expect(pub.content.corrected).toMatchObject({
      requestId: id,
      previousLeafHash: published.ledger.leafHash,
    });
    expect(pub.ledger.leafHash).not.toBe(published.ledger.leafHash);
    const leaf = await call(
      "GET",
      `/public/ledger/entries/${pub.ledger.index}?department=${fx.department.code}`,
    );
    expect(leaf.data.leaf).toMatchObject({ kind: "publication.correction", artefactId: findingId });
    expect(leaf.data.leaf.contentHash).toBe(sha256Hex(canonicalJson(pub.content)));
    const outcome = pub.corrections.find((c: { id: string }) => c.id === id);
    const outcomeLeaf = await call(
      "GET",
      `/public/ledger/entries/${outcome.ledgerIndex}?department=${fx.department.code}`,
    );
    expect(outcomeLeaf.data.content).toMatchObject({
      correctedFields: ["rectification"],
      correctedLeafHash: pub.ledger.leafHash,
    });

    // Retention ends: the original and the corrected document are both taken down.
    const down = await takeDownExpired(db, new Date("2026-05-10T02:00:00Z"), fx.department.id);
    expect(down.findingIds).toEqual([findingId]);
    for (const index of [published.ledger.index, pub.ledger.index]) {
      const e = await call("GET", `/public/ledger/entries/${index}?department=${fx.department.code}`);
      expect(e.data.content).toBeNull();
      expect(e.data.takenDown).not.toBeNull();
    }
    expect((await call("GET", `/public/findings/${findingId}`)).status).toBe(404);
  });
});
