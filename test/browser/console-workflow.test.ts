/**
 * Issue 12's Done-when, in Chromium against the real server at real size (≥ 40 000 entities),
 * once per driver: a department admin signs in to the console, uploads both rosters from files
 * on the rosters page and freezes the revision, creates and publishes the checklist item, creates
 * and approves the annual plan, and runs a round with the wizard; two entropy contributors, each
 * in its own browser context, make their nonces in the page (WebCrypto), keep them as downloaded
 * files, send only commitments, and later reveal by loading those files; the admin commits (the
 * frozen set, its exclusions and the inspectors left out are shown) and draws; an inspector
 * declares a conflict on the phone workspace and gets a substitute; another drawn team, each
 * member on a phone of their own, records the arrival, signs the timeline off and files the
 * finding; the admin approves (publishes) it on the findings page and the public finding API and
 * page show it; then the public portal's in-browser verification of the round passes and the
 * proof downloaded from the wizard passes `sortes verify`.
 *
 * The one step not in this test's console path (the department's recorded conflicts) runs through
 * the same HTTP API the pages call (the demo's seeding step): see SETUP_BY_API. Each step's wall
 * time is logged.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/auth/accounts.js";
import { type Call, callOver, DEMO, type DemoState, demoInspectors, STEPS } from "../../src/cli/demo-seed.js";
import { csvChunks, ENTITY_HEADERS, entityRecords, INSPECTOR_HEADERS } from "../../src/rosters/synthetic.js";
import { SIGNING_KEY_HEX } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeOnOneDriver, newDepartment } from "../helpers/db.js";
import { chooseOption } from "./antd-select.js";
import { browserTestsEnabled, CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from "./chromium.js";
import { firstSignIn } from "./first-sign-in.js";

const CLI = join(import.meta.dirname, "../../bin/sortes.mjs");
const SCREENSHOT = join(import.meta.dirname, "../../docs/images/console-round.png");
const ENTITIES = 40_000;
const INSPECTORS = 60;
/** Demo seeding steps still run over the API (their console pages are not in this test yet). */
const SETUP_BY_API = ["conflicts"];
const run = browserTestsEnabled || chromiumAvailable();

interface Served {
  origin: string;
  close(): Promise<void>;
}

/** The app on a free port; idle sockets kept long (PGlite blocks the loop during the import). */
function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as Server).closeAllConnections();
          }),
      });
    }) as Server;
    server.keepAliveTimeout = 120_000;
  });
}

if (!run) describe.skip("console workflow in Chromium: skipped, no Chromium at /usr/bin/chromium", () => {});

(run ? describeOnOneDriver : () => {})(
  "the whole workflow through the console, in Chromium",
  (get, driver) => {
    const dir = mkdtempSync(join(tmpdir(), `sortes-console-workflow-${driver}-`));
    const times: Record<string, number> = {};
    const login = `chief-${driver}-${Date.now()}`;
    let served: Served;
    let call: Call;
    let adminToken: string;
    let departmentId: string;
    let browser: Browser;
    const errors: Error[] = [];

    async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
      const t0 = performance.now();
      try {
        return await f();
      } finally {
        times[name] = Math.round(performance.now() - t0);
      }
    }

    async function newPage(context: BrowserContext): Promise<Page> {
      const page = await context.newPage();
      page.on("pageerror", (e) => errors.push(e));
      return page;
    }

    /** An inspector's account, signed in on a phone-sized context (the one-time password replaced). */
    async function phoneSignIn(inspectorId: string): Promise<{ context: BrowserContext; page: Page }> {
      const { account } = await createAccount(get().db, {
        departmentId,
        login: `inspector-${driver}-${inspectorId.slice(0, 8)}-${Date.now()}`,
        displayName: "王检查员",
        role: "inspector",
        inspectorId,
        password: "first-password-0001",
      });
      const context = await browser.newContext({
        viewport: { width: 375, height: 812 },
        isMobile: true,
        hasTouch: true,
      });
      const m = await newPage(context);
      await m.goto(`${served.origin}/console/m`);
      await m.getByLabel("账号").fill(account.login);
      await m.getByLabel("密码").fill("first-password-0001");
      await m.getByRole("button", { name: /登\s*录/ }).click();
      await m.getByLabel("当前密码").fill("first-password-0001");
      await m.getByLabel("新密码", { exact: true }).fill("second-password-0002");
      await m.getByLabel("再次输入新密码").fill("second-password-0002");
      await m.locator('[data-action="change-password"]').click();
      await m.locator("[data-assignment]").first().waitFor();
      return { context, page: m };
    }

    /** A drawn team without recusals whose entity's name is unique on the board (its phone card). */
    async function teamToInspect(roundId: string): Promise<{ entityName: string; members: string[] }> {
      const rows: { entityId: string; entityName: string | null; inspectorId: string; status: string }[] = [];
      for (let cursor: string | null = null; ; ) {
        const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const board = (await call("GET", `/rounds/${roundId}/board?limit=10000${q}`, { token: adminToken }))
          .data;
        rows.push(...board.items);
        cursor = board.nextCursor;
        if (!cursor) break;
      }
      const entitiesNamed = new Map<string, Set<string>>();
      for (const r of rows)
        if (r.entityName)
          entitiesNamed.set(r.entityName, (entitiesNamed.get(r.entityName) ?? new Set()).add(r.entityId));
      const recused = new Set(rows.filter((r) => r.status === "recused").map((r) => r.entityId));
      const row = rows.find(
        (r) => r.entityName && !recused.has(r.entityId) && entitiesNamed.get(r.entityName)?.size === 1,
      );
      if (!row?.entityName) throw new Error("no drawn team to inspect");
      return {
        entityName: row.entityName,
        members: rows.filter((r) => r.entityId === row.entityId).map((r) => r.inspectorId),
      };
    }

    beforeAll(async () => {
      const { app } = testApp(get(), { SIGNING_KEY_HEX, DATA_DIR: join(dir, "data") });
      served = await listen(app.fetch);
      call = callOver((path, init) => fetch(served.origin + path, init));
      const { department, tokens } = await newDepartment(get().db);
      adminToken = tokens.admin;
      departmentId = department.id;
      await createAccount(get().db, {
        departmentId: department.id,
        login,
        displayName: "林科长",
        role: "admin",
        password: "first-password-0001",
      });
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await served?.close();
      console.log(`console workflow [${driver}] ms: ${JSON.stringify(times)}`);
    });

    it("signs in, runs a round with two contributors in two contexts, and the round verifies", {
      timeout: 600_000,
    }, async () => {
      const state: DemoState = {
        departmentCode: "",
        size: { entities: ENTITIES, inspectors: INSPECTORS },
        steps: {},
      };

      // The section chief signs in and replaces the one-time password.
      const chief = await browser.newContext({
        viewport: { width: 1360, height: 900 },
        acceptDownloads: true,
      });
      const page = await newPage(chief);
      await timed("sign in", async () => {
        await firstSignIn(page, served.origin, "/rosters", login);
      });

      // Rosters: both files uploaded on the rosters page (progress until done), the revision frozen.
      await timed("rosters: import both, freeze", async () => {
        const entitiesFile = join(dir, "entities.csv");
        const inspectorsFile = join(dir, "inspectors.csv");
        writeFileSync(
          entitiesFile,
          [...csvChunks(ENTITY_HEADERS, entityRecords({ count: ENTITIES, seed: DEMO.seed }))].join(""),
        );
        writeFileSync(inspectorsFile, [...csvChunks(INSPECTOR_HEADERS, demoInspectors(INSPECTORS))].join(""));
        const upload = (kind: string) =>
          page.locator(`.ant-upload:has([data-action="upload-${kind}"]) input[type="file"]`);
        await upload("entities").setInputFiles(entitiesFile);
        await page.locator('[data-import-state="succeeded"]').waitFor({ timeout: 180_000 });
        await page.locator('[data-action="freeze"]').click();
        await page.getByText("已固化").first().waitFor({ timeout: 180_000 });
        await page.getByRole("tab", { name: "执法检查人员" }).click();
        await upload("inspectors").setInputFiles(inspectorsFile);
        await page.locator('[data-import-state="succeeded"]:visible').waitFor({ timeout: 60_000 });
      });
      for (const [name, step] of STEPS.filter(([n]) => SETUP_BY_API.includes(n)))
        state.steps[name] = await timed(`api: ${name}`, () => step(call, adminToken, state));
      await page.locator('[data-nav="/checklist"]').click();

      // Checklist: a new item with its legal basis and required qualification, saved and published.
      await timed("checklist: create and publish", async () => {
        await page.locator('[data-action="new-item"]').click();
        const drawer = page.getByRole("dialog");
        await drawer.getByLabel("事项编码").fill(DEMO.itemCode);
        await drawer.getByLabel("抽查事项").fill("食品经营者经营条件及进货查验检查");
        await drawer.getByLabel("抽查主体").fill("福州市鼓楼区市场监督管理局");
        await drawer.getByLabel("检查依据").fill("《中华人民共和国食品安全法》第一百一十条");
        await drawer.getByLabel("检查内容").fill("经营场所卫生条件、进货查验记录");
        await drawer.getByLabel("实地查看").check();
        await drawer.getByLabel("执法资格要求").fill("食品安全");
        await drawer.locator('[data-action="save-item"]').click();
        await drawer.waitFor({ state: "hidden" });
        await page.getByRole("button", { name: /^发\s*布$/ }).click();
        await page.locator(".ant-modal-confirm-btns .ant-btn-primary").click();
        await page
          .getByText(/已发布 v1/)
          .waitFor({ timeout: 20_000 })
          .catch(async (e) => {
            throw new Error(`${e}; the page said: ${await page.innerText("body")}`);
          });
      });

      // Annual plan: the year's plan with the item (default rates 3/5/10/30 %), approved.
      await timed("plan: create and approve", async () => {
        await page.locator('[data-nav="/plans"]').click();
        await page.locator('[data-action="new-plan"]').click();
        const drawer = page.getByRole("dialog");
        await drawer.locator('[data-action="add-plan-item"]').click();
        await chooseOption(page, drawer.getByLabel("事项", { exact: true }), { text: DEMO.itemCode });
        await drawer.locator('[data-action="save-plan"]').click();
        await drawer.waitFor({ state: "hidden" });
        await page.locator('[data-action="approve-plan"]').click();
        await page.locator(".ant-modal-confirm-btns .ant-btn-primary").click();
        await page
          .getByText("现行版本")
          .first()
          .waitFor()
          .catch(async (e) => {
            throw new Error(`${e}; the page said: ${await page.innerText("body")}`);
          });
      });

      // Rounds, from the menu.
      await page.locator('[data-nav="/rounds"]').click();
      await page.locator('[data-action="new-round"]').click();
      await page.waitForURL(/\/console\/rounds\/new$/);

      // Create: the preflight runs the commit's checks as the form is filled.
      const roundId = await timed("wizard: create", async () => {
        await page.getByLabel("任务名称").fill("2026年第二批食品经营者双随机抽查");
        // Inspections start today, so the team can record its visit and file a finding below.
        const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
        await page.getByLabel("检查开始日期").fill(today);
        await chooseOption(page, page.getByLabel("抽查事项"), { text: DEMO.itemCode });
        for (const code of ["revision", "item", "plan", "entropy", "inspectors"])
          await page.locator(`[data-check="${code}"][data-ok="true"]`).waitFor();
        await page.locator('[data-action="create-round"]:not([disabled])').click();
        await page.waitForURL(/\/console\/rounds\/[0-9a-f-]{36}$/);
        return page.url().split("/").pop() as string;
      });

      await page.locator("[data-invite]").first().waitFor();
      const links = await page.locator("[data-invite]").evaluateAll((els) =>
        els.map((e) => ({
          name: e.getAttribute("data-invite") ?? "",
          link: e.getAttribute("data-link") ?? "",
        })),
      );
      expect(links.map((l) => l.name)).toEqual(["市场监督管理局", "公证处"]);
      expect(links.every((l) => l.link.includes("/console/contribute#src_"))).toBe(true);

      // Two contributors, each in a browser context of its own: nonce made and kept in the page.
      const contributors = await timed("contributors: commit", () =>
        Promise.all(
          links.map(async ({ name, link }, i) => {
            const context = await browser.newContext({ acceptDownloads: true });
            const cpage = await newPage(context);
            const sent: string[] = [];
            cpage.on("request", (r) => sent.push(r.postData() ?? ""));
            await cpage.goto(link);
            await cpage.locator('[data-action="generate-nonce"]').waitFor({ timeout: 60_000 });
            const [download] = await Promise.all([
              cpage.waitForEvent("download", { timeout: 60_000 }),
              cpage.locator('[data-action="generate-nonce"]').click(),
            ]).catch(async (e) => {
              throw new Error(
                `${name}: no nonce file (${e}); the page said: ${await cpage.innerText("body")}`,
              );
            });
            const file = join(dir, `nonce-${i}.json`);
            await download.saveAs(file);
            const saved = JSON.parse(readFileSync(file, "utf8"));
            expect(saved).toMatchObject({ name, roundId });
            expect(saved.nonce).toMatch(/^[0-9a-f]{64}$/);
            await cpage.locator('[data-action="submit-commitment"]').click();
            await cpage.locator('[data-state="committed"]').waitFor();
            return { context, page: cpage, file, nonce: saved.nonce as string, sent };
          }),
        ),
      );

      // Commit: enabled once both commitments arrived (the page polls); the frozen set is shown.
      await timed("wizard: commit", async () => {
        await page.locator('[data-contributor-state="公证处:true"]').waitFor();
        await page.locator('[data-action="commit-round"]:not([disabled])').click();
        await page.locator('[data-round-status="committed"]').waitFor();
        await page.locator("[data-eligible-count]").waitFor();
      });
      const eligible = Number(
        await page.locator("[data-eligible-count]").getAttribute("data-eligible-count"),
      );
      expect(eligible).toBeGreaterThanOrEqual(ENTITIES * 0.9);
      const round = await call("GET", `/rounds/${roundId}`, { token: adminToken });
      expect(round.data.contributors.map((c: { commitment: string }) => c.commitment)).toHaveLength(2);
      const excludedShown = await page
        .locator('[data-table="excluded-inspectors"] tbody tr.ant-table-row')
        .count();
      expect(excludedShown).toBe(Math.min(10, (round.data.excludedInspectors ?? []).length));

      // The nonces never left the contributors' browsers before the reveal.
      for (const c of contributors) expect(c.sent.some((body) => body.includes(c.nonce))).toBe(false);

      // Reveal: each contributor loads its saved file (the page checks it against the commitment).
      await timed("contributors: reveal", () =>
        Promise.all(
          contributors.map(async (c) => {
            await c.page.locator('[data-action="load-nonce-file"]').waitFor({ timeout: 20_000 });
            await c.page.locator('input[type="file"]').setInputFiles(c.file);
            await c.page.locator('[data-action="reveal"]').click();
            await c.page.locator('[data-state="revealed"]').waitFor();
            await c.context.close();
          }),
        ),
      );

      await timed("wizard: draw", async () => {
        await page.locator('[data-action="draw-round"]').click({ timeout: 20_000 });
        await page.locator(`[data-round-drawn="${roundId}"]`).waitFor({ timeout: 60_000 });
      });
      if (!existsSync(SCREENSHOT) || process.env.UPDATE_SCREENSHOTS === "1") {
        mkdirSync(join(SCREENSHOT, ".."), { recursive: true });
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
      }

      // Recusal: an inspector of a drawn team declares a conflict on the phone workspace (/console/m)
      // and gets a substitute; the proof's next version records it.
      await timed("recusal (inspector on /console/m)", async () => {
        const proof = (await call("GET", `/public/rounds/${roundId}/proof`)).data;
        const inspectorId = proof.finalTeams[0].members[0] as string;
        const { context: phone, page: m } = await phoneSignIn(inspectorId);
        await m.locator("[data-assignment]").first().click();
        await m.locator('[data-action="conflict"]').click();
        const dialog = m.getByRole("dialog");
        await chooseOption(m, dialog.locator(".ant-select"), { title: "配偶" });
        await dialog.getByLabel("情况说明").fill("该单位负责人是本人配偶");
        await dialog.getByRole("button", { name: /提\s*交/ }).click();
        await m.locator("[data-substitute]").waitFor();
        await phone.close();
        const subs = await call("GET", `/rounds/${roundId}/substitutions`, { token: adminToken });
        expect(subs.data.items.map((x: { recused: string }) => x.recused)).toContain(inspectorId);
      });

      // The finding, on the phones of a drawn team: one member records the arrival, every member
      // signs the timeline off, then the first files the team's finding.
      const findingId = await timed("finding: record, sign off, file (team on /console/m)", async () => {
        const team = await teamToInspect(roundId);
        const phones = await Promise.all(team.members.map((inspectorId) => phoneSignIn(inspectorId)));
        for (const { page: m } of phones) {
          await m
            .locator("[data-assignment]")
            .filter({ has: m.getByText(team.entityName, { exact: true }) })
            .click();
          await m.getByLabel("摘要").waitFor();
        }
        const first = phones[0]!.page;
        await first.getByLabel("摘要").fill("到达现场，出示执法证件");
        await first.getByRole("button", { name: "添加记录" }).click();
        await first.locator('[data-event-kind="arrival"]').waitFor();
        for (const { page: m } of phones) {
          await m.reload();
          await m.getByRole("button", { name: "签名确认" }).click();
          await m.getByRole("button", { name: "已签名确认" }).waitFor();
        }
        await chooseOption(first, first.getByLabel("检查结果（全国统一代码）"), { title: "未发现问题" });
        await first.getByLabel("情况描述").fill("经营条件符合要求，进货查验记录齐全");
        await first.getByRole("button", { name: "提交检查结果" }).click();
        const filed = first.locator("[data-finding]");
        await filed.waitFor({ timeout: 20_000 }).catch(async (e) => {
          throw new Error(`${e}; the page said: ${await first.innerText("body")}`);
        });
        const id = (await filed.getAttribute("data-finding")) as string;
        for (const { context } of phones) await context.close();
        return id;
      });

      // The admin approves it on /console/findings, which publishes it.
      await timed("finding: approve and publish (admin on /console/findings)", async () => {
        const review = await newPage(chief);
        await review.goto(`${served.origin}/console/findings`);
        await review.locator(`tr[data-finding="${findingId}"]`).click();
        await review.locator(`[data-review="${findingId}"]`).waitFor();
        await review.getByRole("button", { name: "批准并公示" }).click();
        await review.locator('[data-action="confirm-approve"]').click();
        await review.getByRole("tab", { name: /已公示/ }).click();
        await review.locator(`tr[data-finding="${findingId}"]`).click();
        await review.getByRole("link", { name: "查看公示页面" }).waitFor();
        await review.close();
      });
      const findings = [findingId];
      expect(findings).toHaveLength(1);
      const published = await call("GET", `/public/findings/${findingId}`);
      expect(published.status).toBe(200);
      // The entity's name may be masked there (an individual's business), so it is not compared.
      expect(published.data).toMatchObject({ findingId, round: { id: roundId }, retraction: null });
      expect(JSON.stringify(published.data.content)).toContain("未发现问题");
      {
        const result = await newPage(chief);
        await result.goto(`${served.origin}/zh/results/${findingId}`);
        await result.getByText("未发现问题").first().waitFor();
        await result.close();
      }

      // The public portal verifies the round in the browser.
      await timed("portal: verify in browser", async () => {
        const portal = await newPage(chief);
        await portal.goto(`${served.origin}/zh/rounds/${roundId}`);
        await portal.locator("[data-verify-start]").click();
        await portal.waitForSelector("[data-verify][data-result]", { timeout: 120_000 });
        expect(await portal.getAttribute("[data-verify]", "data-result")).toBe("pass");
        await portal.close();
      });

      // The proof as the wizard offers it verifies with the CLI.
      await timed("sortes verify (CLI)", async () => {
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.getByRole("link", { name: /下载抽取证明/ }).click(),
        ]);
        const proofFile = join(dir, "proof.json");
        await download.saveAs(proofFile);
        const eligibleFile = join(dir, "eligible.ndjson");
        writeFileSync(
          eligibleFile,
          await (await fetch(`${served.origin}/public/rounds/${roundId}/eligible.ndjson`)).text(),
        );
        const v = spawnSync(process.execPath, [CLI, "verify", proofFile, "--eligible", eligibleFile], {
          encoding: "utf8",
          timeout: 120_000,
        });
        expect(v.status, v.stdout + v.stderr).toBe(0);
        expect(v.stdout).toContain("PASS");
      });
      expect(errors).toEqual([]);
    });
  },
);
