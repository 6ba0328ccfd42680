/**
 * The 检查通知书 in a real browser (Debian's Chromium via playwright-core), served by the real
 * route with its headers: Chinese text is drawn with a CJK font, the screenshot (README's
 * docs/images/notice.png) carries a QR code that decodes to exactly the round's verification
 * URL — which opens the round's portal page — and in print media the page fits A4.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/types.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { openTestPglite } from "../helpers/pglite-image.js";
import { type Browser, browserTestsEnabled, chromiumAvailable, launchChromium } from "./chromium.js";
import { listen, type Served } from "./serve.js";

const SCREENSHOT = "docs/images/notice.png";
const run = browserTestsEnabled || chromiumAvailable();
if (!run) console.warn(`notice browser test skipped: no Chromium at /usr/bin/chromium`);

/** A4 width less the notice's 16 mm side margins, in CSS pixels (96 per inch). */
const A4_CONTENT_PX = Math.floor(((210 - 2 * 16) / 25.4) * 96);

const PEOPLE = ["林晓东", "陈雅琴", "黄志强", "郑丽华", "吴建国", "王海燕", "张立新", "刘慧敏"];

describe.runIf(run)("inspection notice in Chromium", { timeout: 180_000 }, () => {
  let database: Database;
  let served: Served;
  let browser: Browser;
  let noticePath: string;
  let verifyUrl: string;

  beforeAll(async () => {
    database = await openTestPglite();
    const db = database.db;
    const fx = await roundFixture(db, {
      entities: 80,
      inspectors: PEOPLE.length,
      beforeFreeze: async (d, departmentId) => {
        await d.execute(sql`update entities set name = '福州市鼓楼区闽味轩餐饮有限公司',
          address = '福建省福州市鼓楼区五四路 88 号', legal_representative = '陈明'
          where department_id = ${departmentId}`);
      },
    });
    await db.execute(
      sql`update departments set name = '福州市鼓楼区市场监督管理局' where id = ${fx.department.id}`,
    );
    for (const [i, inspector] of fx.inspectors.entries()) {
      await db.execute(sql`update inspectors set name = ${PEOPLE[i]!}, post = '综合执法大队科员'
        where id = ${inspector.id}`);
    }
    // The public base URL is the served origin, so the QR code's link can be opened too.
    let handle: (req: Request) => Response | Promise<Response> = () => new Response(null, { status: 503 });
    served = await listen((req) => handle(req));
    const { app, call } = testApp(database, { PUBLIC_BASE_URL: served.origin });
    handle = app.fetch;
    const admin = fx.tokens.admin;
    const { roundId, contributors } = await createCommittedRound(call, admin, fx.itemCode, {
      title: "2026年第三季度食品经营者双随机抽查",
    });
    await revealAll(call, contributors);
    const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: admin });
    if (drawn.status !== 200) throw new Error(`draw failed: ${drawn.text}`);
    const first = (await call("GET", `/public/rounds/${roundId}/drawn`)).data.items[0].entityId as string;
    noticePath = `/rounds/${roundId}/notices/${first}`;
    verifyUrl = `${served.origin}/zh/rounds/${roundId}`;
    browser = await launchChromium({ viewport: { width: 860, height: 1200 } });
    await browser.context.setExtraHTTPHeaders({ authorization: `Bearer ${admin}` });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await database?.close();
  });

  it("shows the Chinese notice and its QR code decodes to the round's verification URL", async () => {
    const page = await browser.context.newPage();
    const res = await page.goto(served.origin + noticePath);
    expect(res?.status()).toBe(200);
    expect(await page.locator("h1").innerText()).toBe("检查通知书");
    const text = await page.locator("main").innerText();
    for (const s of [
      "福州市鼓楼区闽味轩餐饮有限公司",
      "检查事项清单",
      "检查人员名单",
      "执法证号",
      "申请回避",
    ])
      expect(text).toContain(s);
    // The glyphs come from a CJK font installed on the machine (not boxes of a Latin fallback).
    const cdp = await page.context().newCDPSession(page);
    const { root } = await cdp.send("DOM.getDocument");
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "h1" });
    await cdp.send("CSS.enable");
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    expect(fonts.map((f) => f.familyName).join(",")).toMatch(
      /WenQuanYi|Noto Sans CJK|Source Han|Droid Sans Fallback/,
    );

    // The README's picture is rewritten only on request (or when missing): a test run leaves the
    // checkout as it found it.
    const shot = await page.screenshot({ fullPage: true });
    if (!existsSync(SCREENSHOT) || process.env.UPDATE_SCREENSHOTS === "1") {
      mkdirSync("docs/images", { recursive: true });
      writeFileSync(SCREENSHOT, shot);
    }
    const png = PNG.sync.read(shot);
    const qr = jsQR(
      new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
      png.width,
      png.height,
    );
    expect(qr?.data).toBe(verifyUrl);

    // The link leads somewhere: the round's public page with its in-browser verification.
    const portal = await browser.context.newPage();
    const opened = await portal.goto(qr!.data);
    expect(opened?.status()).toBe(200);
    expect(await portal.locator("h1").innerText()).toBe("2026年第三季度食品经营者双随机抽查");
    await portal.close();
    await page.close();
  });

  it("fits an A4 page in print media: no horizontal overflow, at most two pages", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 });
    await page.goto(served.origin + noticePath);
    await page.emulateMedia({ media: "print" });
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      right: Math.max(
        ...Array.from(document.querySelectorAll("main *"), (e) => e.getBoundingClientRect().right),
      ),
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.right).toBeLessThanOrEqual(A4_CONTENT_PX);
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
    // A4 is 595 × 842 points; the page size comes from the notice's own @page rule.
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf);
    expect(Math.abs(Number(box?.[1]) - 595.3)).toBeLessThan(2);
    expect(Math.abs(Number(box?.[2]) - 841.9)).toBeLessThan(2);
    const pages = pdf.match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(2);
    await page.close();
  });
});
