/**
 * The portal in a real browser (Debian's Chromium via playwright-core): the
 * in-browser verifier passes on a genuine round and names the failing step on a
 * tampered proof; "Was I drawn?"; Chinese and English pages. Screenshots go to
 * test-artifacts/ (gitignored; CI keeps them as artefacts).
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STEP_IDS } from "../../src/portal/client/verify-steps.js";
import { type Browser, browserTestsEnabled, chromiumAvailable, launchChromium } from "./chromium.js";
import { startTestService, type TestService, tamperTeams } from "./service.js";

const ARTIFACTS = "test-artifacts";
const run = browserTestsEnabled || chromiumAvailable();

describe.runIf(run)("portal in Chromium", { timeout: 180_000 }, () => {
  let svc: TestService;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    svc = await startTestService();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => {
      throw e;
    });
    const res = await page.goto(svc.origin + path);
    expect(res?.status()).toBe(200);
    return page;
  }

  /** Clicks "verify" and waits until the panel reports a result. */
  async function verify(page: Page): Promise<string> {
    await page.getByRole("button", { name: /Verify in browser/ }).click();
    await page.waitForSelector("[data-verify][data-result]", { timeout: 120_000 });
    return (await page.getAttribute("[data-verify]", "data-result")) ?? "";
  }

  const stepStatus = (page: Page, step: string) => page.getAttribute(`[data-step="${step}"]`, "data-status");

  it("verifies a genuine round from the service: every step passes", async () => {
    const page = await open(`/zh/rounds/${svc.roundId}`);
    expect(await verify(page)).toBe("pass");
    for (const step of STEP_IDS) expect(["pass", "n/a"]).toContain(await stepStatus(page, step));
    expect(await stepStatus(page, "commitment")).toBe("pass");
    expect(await stepStatus(page, "selection")).toBe("pass");
    expect(await stepStatus(page, "signature")).toBe("pass");
    expect(await page.locator("[data-verify-verdict]").textContent()).toMatch(/验证通过/);
    await page.screenshot({ path: `${ARTIFACTS}/verify-pass-zh.png`, fullPage: true });
    await page.close();
  });

  it("fails on a tampered proof and names the step", async () => {
    const eligible = `/public/rounds/${svc.roundId}/eligible.ndjson`;
    const page = await open(
      `/en/verify?proof=${encodeURIComponent("/fixtures/tampered-proof.json")}&eligible=${encodeURIComponent(eligible)}`,
    );
    expect(await verify(page)).toBe("fail");
    for (const step of ["commitment", "reveals", "seed", "selection"])
      expect(await stepStatus(page, step)).toBe("pass");
    expect(await stepStatus(page, svc.tamperedStep)).toBe("fail");
    expect(await stepStatus(page, "signature")).toBe("fail");
    const verdict = await page.locator("[data-verify-verdict]").textContent();
    expect(verdict).toContain("FAILED");
    expect(verdict).toContain("Teams");
    expect(await page.locator(`[data-step="teams"] .step-detail`).textContent()).toMatch(/team #1/);
    await page.screenshot({ path: `${ARTIFACTS}/verify-tampered-en.png`, fullPage: true });
    await page.close();
  });

  it("checks a drand beacon signature in the browser (engine-built round), started from the keyboard", async () => {
    const page = await open(
      "/zh/verify?proof=%2Ffixtures%2Fengine%2Fproof.json&eligible=%2Ffixtures%2Fengine%2Feligible.ndjson",
    );
    await page.getByRole("button", { name: /Verify in browser/ }).focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-verify][data-result]", { timeout: 120_000 });
    expect(await page.getAttribute("[data-verify]", "data-result")).toBe("pass");
    expect(await stepStatus(page, "beacon")).toBe("pass");
    expect(await stepStatus(page, "substitutions")).toBe("pass");
    await page.close();
  });

  it("verifies downloaded files chosen by the user (offline copies)", async () => {
    const eligible = await (await fetch(`${svc.origin}/public/rounds/${svc.roundId}/eligible.ndjson`)).text();
    const page = await open("/en/verify");
    const pick = async (proof: unknown) => {
      await page.setInputFiles("#f-proof", {
        name: "proof.json",
        mimeType: "application/json",
        buffer: Buffer.from(JSON.stringify(proof)),
      });
      await page.setInputFiles("#f-eligible", {
        name: "eligible.ndjson",
        mimeType: "application/x-ndjson",
        buffer: Buffer.from(eligible),
      });
      return verify(page);
    };
    expect(await pick(svc.proof)).toBe("pass");
    await page.evaluate(() => document.querySelector("[data-verify]")?.removeAttribute("data-result"));
    expect(await pick(tamperTeams(svc.proof))).toBe("fail");
    expect(await stepStatus(page, "teams")).toBe("fail");
    await page.close();
  });

  it("answers “Was I drawn?” with the ticket and a checked inclusion proof", async () => {
    const page = await open(`/en/rounds/${svc.roundId}`);
    const lookup = async (code: string) => {
      await page.getByLabel("Unified social credit code").fill(code);
      await page.getByRole("button", { name: /Was I drawn/ }).click();
      await page.waitForSelector("[data-lookup-result][data-result]");
      const result = await page.getAttribute("[data-lookup-result]", "data-result");
      const text = (await page.locator("[data-lookup-result]").textContent()) ?? "";
      await page.evaluate(() =>
        document.querySelector("[data-lookup-result]")?.removeAttribute("data-result"),
      );
      return { result, text };
    };
    const drawn = await lookup(svc.drawnId);
    expect(drawn.result, drawn.text).toBe("pass");
    expect(drawn.text).toContain("Inclusion proof valid");
    expect(drawn.text).toContain("matches a recomputation");
    expect(drawn.text).toMatch(/Drawn \(rank \d+\)/);
    const ticket = svc.proof.selections.flatMap((s) => s.selected).find((x) => x.id === svc.drawnId)!.ticket;
    expect(drawn.text).toContain(ticket);
    const other = await lookup(svc.notDrawnId);
    expect(other.result, other.text).toBe("pass");
    expect(other.text).toContain("Not drawn");
    await page.screenshot({ path: `${ARTIFACTS}/was-i-drawn-en.png`, fullPage: true });
    // A lookup answer whose inclusion path was altered is rejected.
    await page.evaluate(() => {
      document.querySelector("[data-lookup]")?.setAttribute("data-lookup-url", "/fixtures/bad-lookup/{code}");
    });
    const forged = await lookup(svc.drawnId);
    expect(forged.result).toBe("fail");
    expect(forged.text).toContain("Inclusion proof INVALID");
    await page.close();
  });

  it("renders the Chinese and English pages with their lang attributes", async () => {
    for (const [path, lang, heading] of [
      ["/", "zh-CN", "双随机、一公开"],
      ["/en/", "en", "Double random, one public"],
      [`/zh/checklist?dept=${svc.deptCode}`, "zh-CN", "随机抽查事项清单"],
      ["/en/plans", "en", "Annual inspection plans"],
      ["/zh/rounds", "zh-CN", "抽查任务"],
    ] as const) {
      const page = await open(path);
      expect(await page.getAttribute("html", "lang")).toBe(lang);
      expect(await page.locator("h1").textContent()).toContain(heading);
      const name =
        path
          .split("?")[0]!
          .replace(/[^a-z]+/g, "-")
          .replace(/^-|-$/g, "") || "home";
      await page.screenshot({ path: `${ARTIFACTS}/page-${name}-${lang}.png`, fullPage: true });
      await page.close();
    }
    const home = await open("/");
    expect(await home.locator(`a[href="/zh/rounds/${svc.roundId}"]`).count()).toBeGreaterThan(0);
    await home.close();
    // The department chosen above is remembered (cookie): plans and checklist show its published data.
    const plans = await open("/en/plans");
    expect(await plans.locator("main").textContent()).toContain("2026");
    const checklist = await open("/zh/checklist");
    expect(await checklist.locator("main table").textContent()).toContain("食品经营者检查");
    await plans.close();
    await checklist.close();
  });

  it("finds a published result and sends a correction request for it", async () => {
    const f = svc.finding;
    const page = await open(`/zh/results?dept=${f.deptCode}&q=${f.entityId.toLowerCase()}`);
    const link = page.getByRole("link", { name: f.entityName });
    await link.click();
    await page.waitForURL(`**/results/${f.id}`);
    expect(await page.locator("main").textContent()).toContain("进货查验记录不全");
    expect(await page.inputValue("#c-finding")).toBe(f.id);
    await page.getByLabel("需要更正的内容").fill("地址登记有误，请核实更正。");
    await page.getByRole("button", { name: "提交" }).click();
    await expect
      .poll(() => page.locator("[data-correction-result]").textContent())
      .toMatch(/已提交，编号：[0-9a-f-]{36}/);
    await page.screenshot({ path: `${ARTIFACTS}/finding-correction-zh.png`, fullPage: true });
    await page.close();
  });

  it("shows a committed round's contributors and a countdown to the reveal deadline, and no verifier yet", async () => {
    const page = await open(`/zh/rounds/${svc.committedRoundId}`);
    expect(await page.locator("h1").textContent()).toContain("待揭示的抽查任务");
    await expect
      .poll(() => page.locator("[data-countdown]").first().textContent())
      .toMatch(/0 天 0 小时 \d+ 分 \d+ 秒/);
    expect(await page.locator("#contrib-h + .table-wrap tbody tr").count()).toBe(3);
    expect(await page.locator("[data-verify]").count()).toBe(0);
    await page.close();
  });

  it("labels every form control and keeps headings in order", async () => {
    for (const path of ["/", `/zh/rounds/${svc.roundId}`, `/en/results/${svc.finding.id}`, "/en/verify"]) {
      const page = await open(path);
      const problems = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of Array.from(document.querySelectorAll("input, textarea, select, button"))) {
          const c = el as HTMLInputElement;
          const named =
            (c.labels?.length ?? 0) > 0 ||
            c.getAttribute("aria-label") ||
            (c.tagName === "BUTTON" && c.textContent?.trim());
          if (!named) out.push(`unlabelled ${c.tagName} ${c.id || c.name}`);
        }
        let last = 0;
        for (const h of Array.from(document.querySelectorAll("main h1, main h2, main h3"))) {
          const level = Number(h.tagName[1]);
          if (level > last + 1) out.push(`heading ${h.tagName} after h${last}: ${h.textContent}`);
          last = level;
        }
        if (document.querySelectorAll("main h1").length !== 1) out.push("not exactly one h1");
        return out;
      });
      expect(problems, path).toEqual([]);
      await page.close();
    }
  });

  it("never shadows the JSON API: admin paths still answer problem+json", async () => {
    for (const path of ["/rounds", "/checklist", "/plans", `/rounds/${svc.roundId}`]) {
      const res = await fetch(svc.origin + path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get("content-type"), path).toContain("problem+json");
    }
  });

  it("is usable on a phone-sized screen", async () => {
    const page = await open(`/zh/rounds/${svc.roundId}`);
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    expect(overflow).toBe(false);
    await page.screenshot({ path: `${ARTIFACTS}/round-mobile-zh.png`, fullPage: true });
    await page.close();
  });
});
