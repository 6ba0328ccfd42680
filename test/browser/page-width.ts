/** What a phone-width check needs of a page: does anything make it scroll sideways? */
import type { Page } from "playwright-core";

/**
 * When the page scrolls sideways, the elements reaching past the screen's right edge (tag.class
 * and right edge, outermost first); [] when it does not. Content clipped inside its own
 * scrolling box (a wide table) does not widen the page.
 */
export function widerThanScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const past = (e: Element | null) => e !== null && e.getBoundingClientRect().right > width + 0.5;
    return Array.from(document.body.querySelectorAll("*"))
      .filter((e) => past(e) && !past(e.parentElement))
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${e.className.toString().split(" ").join(".")} ${Math.round(e.getBoundingClientRect().right)}px`,
      );
  });
}
