/**
 * Search, as a reader uses it: open the search dialog, type a term, get pages in the language
 * being read. Chinese has no spaces between words, so zh-TW terms (single words and compounds
 * such as 私有頻道) are the part most likely to break.
 */
import { expect, test } from './support/fixtures.ts';
import { UI, type SiteLang } from './support/site.ts';
import type { Page } from '@playwright/test';

const TERMS: Record<SiteLang, { start: string; terms: string[] }> = {
  'zh-TW': {
    start: '/websocket/http-polling/',
    terms: ['頻道', '授權', '廣播', '私有頻道', '既存頻道'],
  },
  en: {
    start: '/en/websocket/http-polling/',
    terms: ['WebSocket', 'presence channel', 'authorization', 'broadcast', 'Redis'],
  },
};

async function search(page: Page, lang: SiteLang, term: string): Promise<string[]> {
  const dialog = page.getByRole('dialog', { name: UI[lang].search });
  if (!(await dialog.isVisible())) {
    await page.getByRole('button', { name: new RegExp(`^${UI[lang].search}`) }).click();
  }
  await expect(dialog).toBeVisible();
  const box = dialog.getByRole('textbox');
  await box.fill(term);
  const results = dialog.locator('.pagefind-ui__result-link');
  await expect(results.first(), `“${term}” finds at least one page`).toBeVisible();
  // The best match quotes the term itself (Pagefind marks it), not just some of its characters.
  const excerpt = dialog.locator('.pagefind-ui__result-excerpt').first();
  await expect(excerpt).toContainText(new RegExp(term.split(/\s+/)[0] ?? term, 'i'));
  return results.evaluateAll((links) =>
    links.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
  );
}

for (const lang of ['zh-TW', 'en'] as const) {
  test.describe(`search (${lang})`, () => {
    for (const term of TERMS[lang].terms) {
      test(`a reader searching for “${term}” finds pages in the language they read`, async ({
        page,
      }) => {
        await page.goto(TERMS[lang].start);
        const paths = await search(page, lang, term);
        expect(paths.length).toBeGreaterThan(0);
        for (const path of paths) {
          if (lang === 'en') expect(path).toMatch(/^\/en\//);
          else expect(path).not.toMatch(/^\/en\//);
        }
      });
    }
  });
}

test('the search dialog opens with Ctrl+K and closes with Escape', async ({ page }) => {
  await page.goto('/');
  const dialog = page.getByRole('dialog', { name: UI['zh-TW'].search });
  await page.locator('body').press('Control+k');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
