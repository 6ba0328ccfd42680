/**
 * The firm's recusal request page (回避申请) that every 检查通知书 links to, and the public
 * request naming the inspector by the 执法证号 printed on the notice.
 */
import { expect, it } from "vitest";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

describeEachDriver("recusal request page", (get) => {
  it("serves the form from the notice's link and takes a request by 执法证号", async () => {
    const fx = await roundFixture(get().db, { entities: 60, inspectors: 6 });
    const { call } = testApp(get());
    const admin = fx.tokens.admin;
    const { roundId, contributors } = await createCommittedRound(call, admin, fx.itemCode);
    const early = await call("GET", `/zh/rounds/${roundId}/recusal`);
    expect(early.status).toBe(200);
    expect(early.text).toContain("本任务现在不受理回避申请");
    expect(early.text).not.toContain("data-recusal ");
    await revealAll(call, contributors);
    expect((await call("POST", `/rounds/${roundId}/draw`, { token: admin })).status).toBe(200);
    const drawn = (await call("GET", `/public/rounds/${roundId}/drawn`)).data.items[0] as {
      entityId: string;
      inspectors: string[];
    };

    const notice = await call("GET", `/rounds/${roundId}/notices/${drawn.entityId}`, { token: admin });
    const link = /href="http:\/\/localhost:8080(\/zh\/rounds\/[^"]+\/recusal\?entity=[^"]+)"/.exec(
      notice.text,
    )?.[1];
    expect(link).toBe(`/zh/rounds/${roundId}/recusal?entity=${drawn.entityId}`);
    const page = await call("GET", link!);
    expect(page.status).toBe(200);
    expect(page.text).toContain("申请检查人员回避");
    expect(page.text).toContain(`data-endpoint="/public/rounds/${roundId}/recusal-requests"`);
    expect(page.text).toContain(`name="entityId" value="${drawn.entityId}"`);
    expect(page.text).toContain('<option value="spouse">');
    const en = await call("GET", `/en/rounds/${roundId}/recusal?entity=${drawn.entityId}`);
    expect(en.text).toContain("Ask for an inspector&#39;s recusal");

    const member = fx.inspectors.find((i) => i.id === drawn.inspectors[0])!;
    const body = {
      entityId: drawn.entityId,
      category: "former-employment",
      statement: "曾在本单位任职",
      contact: "李四 13800000000",
    };
    // Full-width digits, as typed on a Chinese keyboard, name the same certificate.
    const fullWidth = member.certificateNo.replace(/[0-9]/g, (d) =>
      String.fromCharCode(d.charCodeAt(0) + 0xfee0),
    );
    const sent = await call("POST", `/public/rounds/${roundId}/recusal-requests`, {
      json: { ...body, certificateNo: fullWidth },
    });
    expect(sent.status, sent.text).toBe(201);
    const listed = await call("GET", `/rounds/${roundId}/recusal-requests`, { token: admin });
    expect(listed.data.items).toHaveLength(1);
    expect(listed.data.items[0]).toMatchObject({
      inspectorId: member.id,
      entityId: drawn.entityId,
      status: "pending",
    });

    const unknown = await call("POST", `/public/rounds/${roundId}/recusal-requests`, {
      json: { ...body, certificateNo: "NO-SUCH-CERT" },
    });
    expect(unknown.status).toBe(404);
    const outsider = fx.inspectors.find((i) => !drawn.inspectors.includes(i.id))!;
    const notOnTeam = await call("POST", `/public/rounds/${roundId}/recusal-requests`, {
      json: { ...body, certificateNo: outsider.certificateNo },
    });
    expect(notOnTeam.status).toBe(404);
    for (const naming of [{}, { certificateNo: member.certificateNo, inspectorId: member.id }]) {
      const r = await call("POST", `/public/rounds/${roundId}/recusal-requests`, {
        json: { ...body, ...naming },
      });
      expect(r.status, JSON.stringify(naming)).toBe(400);
    }
  });
});
