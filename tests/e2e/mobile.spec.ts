/**
 * On a phone (the `mobile` project: Pixel 7 viewport, touch): the menu button opens the
 * chapters, nothing makes the page scroll sideways, and the demo slots and diagrams fit.
 */
import { expect, test } from './support/fixtures.ts';
import { CHAPTERS, UI, allPagePaths, chapterLinks, chapterPagePaths } from './support/site.ts';

test('on a phone, the menu button opens the list of chapters', async ({ page }) => {
  const first = chapterPagePaths(CHAPTERS[0]!, 'zh-TW')[0] ?? '/';
  await page.goto(first);
  const menu = page.getByRole('button', { name: UI['zh-TW'].menu });
  await expect(menu).toBeVisible();
  await menu.click();
  await expect(chapterLinks(page, CHAPTERS[0]!, 'zh-TW').first()).toBeVisible();
  for (const chapter of CHAPTERS) {
    if (chapterPagePaths(chapter, 'zh-TW').length === 0) continue;
    await expect(page.getByText(chapter.label['zh-TW'], { exact: true })).toBeVisible();
  }
});

test('on a phone, no page scrolls sideways', async ({ page }) => {
  for (const path of allPagePaths()) {
    await page.goto(path);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${path} is wider than the screen by ${overflow}px`).toBeLessThanOrEqual(0);
  }
});
