/**
 * Choosing an option of an antd Select as a person does: open it, click the option, and see
 * the select show the choice before going on.
 *
 * Why not just two clicks: with the cores busy, an option click on the phone pages (375 px,
 * touch emulation) sometimes chose nothing; the form then refused with 必填 and the test
 * waited 30 s for an answer that was never asked for (CI on 2026-12-03; here, 3 of 6 runs
 * with three busy loops). Waiting for the dropdown's opening motion to end did not prevent it;
 * the second click always took. So a choice the select does not show is made again, at most
 * three times, and each retry is logged; a person would look and tap again too.
 */
import type { Locator, Page } from "playwright-core";

/** `title` matches the option's title attribute (its label); `text`, any text in it. */
export type OptionMatch = { title: string } | { text: string };

export async function chooseOption(
  page: Page,
  field: Locator,
  option: OptionMatch,
  opts: { search?: string } = {},
): Promise<void> {
  // The Select's root, whether `field` is the root or the combobox input found by its label.
  const root = field.locator(
    "xpath=ancestor-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]",
  );
  const shown = "title" in option ? option.title : option.text;
  const open = ".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option";
  const item =
    "title" in option
      ? page.locator(`${open}[title="${option.title}"]`)
      : page.locator(open, { hasText: option.text });
  for (let attempt = 1; ; attempt++) {
    // Opened (and searched) the first time; again only if a failed try closed it.
    if (attempt === 1 || !(await item.first().isVisible())) {
      await field.click();
      if (opts.search !== undefined) await field.fill(opts.search);
    }
    await item.first().click();
    if (await showsChoice(root, shown)) {
      if (attempt > 1) console.log(`chooseOption: "${shown}" took on try ${attempt}`);
      return;
    }
    if (attempt === 3) throw new Error(`the select did not take "${shown}" after ${attempt} tries`);
  }
}

/** Polls up to 5 s for the select to show the chosen label (a tag, in multiple mode). */
async function showsChoice(root: Locator, label: string): Promise<boolean> {
  const until = Date.now() + 5_000;
  while (Date.now() < until) {
    if ((await root.first().textContent())?.includes(label)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
