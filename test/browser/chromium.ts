/**
 * Launches Debian's Chromium through playwright-core (which never downloads a
 * browser) with the flags the CI machine needs and a fresh temporary profile.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** True when the browser tests must run: the marker file exists (CI installs chromium then). */
export const browserTestsEnabled = existsSync(new URL("./.enabled", import.meta.url));

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(
  opts: {
    viewport?: { width: number; height: number };
    /** Phone emulation (meta viewport honoured, touch events). */
    isMobile?: boolean;
    hasTouch?: boolean;
    deviceScaleFactor?: number;
  } = {},
): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "sortes-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    isMobile: opts.isMobile,
    hasTouch: opts.hasTouch,
    deviceScaleFactor: opts.deviceScaleFactor,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The phone the console's pages are checked on: 375×812 CSS px, touch, a 2× screen. */
export const PHONE = { width: 375, height: 812 };

export function launchPhoneChromium(): Promise<Browser> {
  return launchChromium({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
}
