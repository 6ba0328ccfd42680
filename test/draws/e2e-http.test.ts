/**
 * The Done-when, over HTTP only: import roster → freeze → publish checklist →
 * approve plan → create round → three contributors commit (one with `sortes commit`) →
 * reveal → draw → proof and eligible set from public endpoints pass `sortes verify` →
 * an inspector sees the assignment → an entity's recusal request is accepted → the
 * substituted proof passes `sortes verify` again.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { expect, it } from "vitest";
import { importsIdle } from "../../src/rosters/imports/import-jobs.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { syntheticCsv } from "../rosters/entities-fixtures.js";
import { roundBody, SIGNING_KEY_HEX } from "./helpers.js";

const CLI = join(import.meta.dirname, "../../bin/sortes.mjs");
const sortes = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

describeEachDriver("end to end over HTTP, verified by the sortes CLI", (get) => {
  it("runs the whole round and the published material verifies", async () => {
    const { call, app } = testApp(get(), { SIGNING_KEY_HEX, DATA_DIR: "/tmp/sortes-test-data" });
    const { tokens } = await newDepartment(get().db);
    const admin = tokens.admin;
    const ok = (r: { status: number; text: string }, status = 200) => expect(r.status, r.text).toBe(status);

    const up = await call("POST", "/entities/imports", {
      token: admin,
      body: syntheticCsv(400, "e2e") as unknown as BodyInit,
      headers: { "content-type": "text/csv; charset=utf-8" },
    });
    ok(up, 202);
    await importsIdle(get());
    expect((await call("GET", `/entities/imports/${up.data.id}`, { token: admin })).data.state).toBe(
      "succeeded",
    );
    ok(await call("POST", "/entities/revisions", { token: admin, json: { label: "2026-06" } }), 201);

    const inspectorIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await call("POST", "/inspectors", {
        token: admin,
        json: {
          name: `检查员${i}`,
          certificateNo: `E2E${i}`,
          certValidFrom: "2020-01-01",
          certValidUntil: "2030-12-31",
          qualifications: ["市场监管"],
        },
      });
      ok(r, 201);
      inspectorIds.push(r.data.id);
    }
    const item = {
      code: "SC-E2E",
      inspectingBody: "福州市市场监督管理局",
      name: "企业公示信息抽查",
      legalBasis: "《企业信息公示暂行条例》第十四条",
      content: "年度报告公示信息",
      methods: ["written"],
      requiredQualification: "市场监管",
    };
    ok(await call("POST", "/checklist", { token: admin, json: item }), 201);
    ok(await call("POST", "/checklist/SC-E2E/publish", { token: admin }));
    const plan = {
      year: 2026,
      roundsPerYear: 2,
      ratesBp: { A: 300, B: 500, C: 1000, D: 2000 },
      items: [{ itemCode: "SC-E2E" }],
    };
    ok(await call("POST", "/plans", { token: admin, json: plan }), 201);
    ok(await call("POST", "/plans/2026/approve", { token: admin }));

    const created = await call("POST", "/rounds", { token: admin, json: roundBody("SC-E2E") });
    ok(created, 201);
    const roundId = created.data.round.id as string;
    const creds = created.data.credentials as { name: string; credential: string }[];
    // Each contributor makes the nonce on their own machine with `sortes commit`.
    const secrets = creds.map(() =>
      JSON.parse(execFileSync(process.execPath, [CLI, "commit"], { encoding: "utf8" })),
    );
    for (const [i, c] of creds.entries()) {
      ok(
        await call("POST", "/contributions/commitment", {
          json: { credential: c.credential, commitment: secrets[i].commitment },
        }),
      );
    }
    ok(await call("POST", `/rounds/${roundId}/commit`, { token: admin }));
    for (const [i, c] of creds.entries()) {
      ok(
        await call("POST", "/contributions/reveal", {
          json: { credential: c.credential, nonce: secrets[i].nonce },
        }),
      );
    }
    ok(await call("POST", `/rounds/${roundId}/draw`, { token: admin }));

    const dir = mkdtempSync(join(tmpdir(), "sortes-e2e-"));
    const proofFile = join(dir, "proof.json");
    const eligibleFile = join(dir, "eligible.ndjson");
    const csvFile = join(dir, "eligible.csv");
    writeFileSync(proofFile, (await call("GET", `/public/rounds/${roundId}/proof`)).text);
    writeFileSync(eligibleFile, (await call("GET", `/public/rounds/${roundId}/eligible.ndjson`)).text);
    writeFileSync(csvFile, (await call("GET", `/public/rounds/${roundId}/eligible.csv`)).text);
    for (const file of [eligibleFile, csvFile]) {
      const v = sortes(["verify", proofFile, "--eligible", file]);
      expect(v.status, v.stdout + v.stderr).toBe(0);
      expect(v.stdout).toContain("PASS");
    }

    const proof = JSON.parse((await call("GET", `/public/rounds/${roundId}/proof`)).text);
    const team = proof.finalTeams[0];
    const look = await call("GET", `/public/rounds/${roundId}/entities/${team.entityId}`);
    expect(look.data.drawn).toBe(true);
    const incFile = join(dir, "inclusion.json");
    writeFileSync(incFile, JSON.stringify(look.data.inclusion));
    const inc = sortes(["verify-inclusion", incFile]);
    expect(inc.status, inc.stdout + inc.stderr).toBe(0);

    const member = team.members[1] as string;
    const tok = await call("POST", "/tokens", {
      token: admin,
      json: { role: "inspector", label: "e2e", inspectorId: member },
    });
    ok(tok, 201);
    const mine = await call("GET", "/me/assignments", { token: tok.data.token });
    expect(mine.data.items.map((a: { entityId: string }) => a.entityId)).toContain(team.entityId);

    const req = await call("POST", `/public/rounds/${roundId}/recusal-requests`, {
      json: {
        entityId: team.entityId,
        inspectorId: member,
        category: "former-employment",
        statement: "该检查员两年内曾在本企业任职",
        contact: "0591-12345678",
      },
    });
    ok(req, 201);
    const list = await call("GET", `/rounds/${roundId}/recusal-requests`, { token: admin });
    expect(list.data.items).toHaveLength(1);
    const decided = await call("POST", `/recusal-requests/${req.data.id}/decision`, {
      token: admin,
      json: { accept: true, note: "理由成立" },
    });
    ok(decided);
    const substitute = decided.data.substitution.substitute as string;
    expect(substitute).toBeTruthy();
    writeFileSync(proofFile, (await call("GET", `/public/rounds/${roundId}/proof`)).text);
    const v2 = sortes(["verify", proofFile, "--eligible", eligibleFile]);
    expect(v2.status, v2.stdout + v2.stderr).toBe(0);
    const after = await call("GET", "/me/assignments", { token: tok.data.token });
    const recused = after.data.items.find((a: { entityId: string }) => a.entityId === team.entityId);
    expect(recused.status).toBe("recused");

    const board = await call("GET", `/rounds/${roundId}/board`, { token: admin });
    expect(
      board.data.items.find(
        (r: { inspectorId: string; entityId: string }) =>
          r.inspectorId === substitute && r.entityId === team.entityId,
      ),
    ).toBeTruthy();
    const csv = await call("GET", `/rounds/${roundId}/assignments.csv`, { token: tokens.auditor });
    expect(csv.text.split("\r\n")[0]).toContain("统一社会信用代码");
    const res = await app.request(`/rounds/${roundId}/assignments.xlsx`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).getCell(1).value).toBe("统一社会信用代码");
    expect(ws?.rowCount).toBe(board.data.items.length + 1);
  });
});
