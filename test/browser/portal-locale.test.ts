/**
 * The portal reads as a Chinese reader expects: times in Beijing time and labelled (they were
 * UTC), the home page explains sortes-draw/v2 (it explained v1) and says v1 rounds stay
 * verifiable, the in-browser verifier's step details are Chinese on `/zh/` pages (they were
 * English), and the draw specification is served and linked (labels named a repository path).
 * Screenshots at desktop and phone widths go to test-artifacts/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, browserTestsEnabled, chromiumAvailable, launchChromium } from "./chromium.js";
import { startTestService, type TestService } from "./service.js";

const ARTIFACTS = "test-artifacts";
const inChromium = browserTestsEnabled || chromiumAvailable();
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 800 } };

describe("portal pages: Beijing time, v2 explained, specification served", { timeout: 180_000 }, () => {
  let svc: TestService;
  let browser: Browser | undefined;
  beforeAll(async () => {
    svc = await startTestService();
    if (inChromium) {
      mkdirSync(ARTIFACTS, { recursive: true });
      browser = await launchChromium();
    }
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });
  const get = async (path: string) => {
    const res = await fetch(svc.origin + path);
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
  };

  it("shows times in Beijing time, labelled, on Chinese and English pages", async () => {
    const zh = await get(`/zh/rounds/${svc.roundId}`);
    expect(zh.status).toBe(200);
    const round = (await get(`/public/rounds/${svc.roundId}`)).text;
    const deadline = JSON.parse(round).revealDeadline as string;
    const beijing = new Date(Date.parse(deadline) + 8 * 3600_000).toISOString();
    expect(zh.text).toContain(`${beijing.slice(0, 10)} ${beijing.slice(11, 16)} (北京时间)`);
    expect(zh.text).not.toMatch(/\d\d:\d\d UTC/);
    const en = await get(`/en/rounds/${svc.roundId}`);
    expect(en.text).toContain(`${beijing.slice(0, 10)} ${beijing.slice(11, 16)} (Beijing time, UTC+8)`);
    expect(en.text).not.toMatch(/\d\d:\d\d UTC</);
  });

  it("explains v2 on the home page, says v1 stays verifiable, and links the specification", async () => {
    const zh = await get("/zh");
    expect(zh.text).toContain("sortes-draw/v2");
    expect(zh.text).toContain("Fisher–Yates");
    expect(zh.text).toMatch(/sortes-draw\/v1[^<]*仍然可以验证/);
    expect(zh.text).not.toContain("签最小者中选。");
    expect(zh.text).toContain('href="/zh/spec#s16"');
    const en = await get("/en");
    expect(en.text).toMatch(/sortes-draw\/v1[^<]*stay verifiable/);
    expect(en.text).toContain('href="/en/spec#s16"');
    for (const page of [zh.text, en.text, (await get(`/zh/rounds/${svc.roundId}`)).text])
      expect(page).not.toContain("docs/draw-spec.md");
    expect((await get(`/zh/rounds/${svc.roundId}`)).text).toMatch(/href="\/zh\/spec(#s16)?"/);
  });

  it("serves the specification as Markdown and as a page with anchors", async () => {
    const raw = await get("/draw-spec.md");
    expect(raw.status).toBe(200);
    expect(raw.type).toContain("text/markdown");
    expect(raw.text).toBe(readFileSync("docs/draw-spec.md", "utf8"));
    for (const lang of ["zh", "en"]) {
      const page = await get(`/${lang}/spec`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('id="s16"');
      expect(page.text).toContain('id="s16-5"');
      expect(page.text).toContain('href="/draw-spec.md"');
    }
  });

  async function open(path: string, size: { width: number; height: number }): Promise<Page> {
    const page = await browser!.context.newPage();
    page.on("pageerror", (e) => {
      throw e;
    });
    await page.setViewportSize(size);
    const res = await page.goto(svc.origin + path);
    expect(res?.status()).toBe(200);
    return page;
  }

  it.runIf(inChromium)("verifies on a /zh/ page with every step detail in Chinese", async () => {
    const page = await open(`/zh/rounds/${svc.roundId}`, WIDTHS.desktop);
    await page.getByRole("button", { name: /在浏览器中验证/ }).click();
    await page.waitForSelector("[data-verify][data-result]", { timeout: 120_000 });
    expect(await page.getAttribute("[data-verify]", "data-result")).toBe("pass");
    const details = await page.locator(".step-detail").allTextContents();
    const shown = details.filter((d) => d.trim() !== "");
    expect(shown.length).toBeGreaterThanOrEqual(6);
    for (const d of shown) {
      expect(d).toMatch(/[\u4e00-\u9fff]/);
      expect(d).not.toMatch(/\b(inspectors|entities|reveals|teams of|signature by|seed [0-9a-f])\b/);
    }
    await page.screenshot({ path: `${ARTIFACTS}/verify-steps-zh-desktop.png`, fullPage: true });
    await page.close();
  });

  it.runIf(inChromium)(
    "lays out the home, round and specification pages at desktop and phone widths",
    async () => {
      for (const [name, size] of Object.entries(WIDTHS)) {
        for (const [label, path] of [
          ["home-zh", "/zh"],
          ["round-zh", `/zh/rounds/${svc.roundId}`],
          ["spec-zh", "/zh/spec"],
          ["spec-en", "/en/spec"],
        ] as const) {
          const page = await open(path, size);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth > window.innerWidth + 1,
          );
          expect(overflow, `${label} at ${name}`).toBe(false);
          await page.screenshot({
            path: `${ARTIFACTS}/${label}-${name}.png`,
            fullPage: label !== "spec-zh" && label !== "spec-en",
          });
          await page.close();
        }
      }
    },
  );
});
