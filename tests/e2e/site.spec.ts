/**
 * The site as a whole: the two home pages, both languages' interface words, page descriptions,
 * the favicon, code highlighting, the missing-page answer, keyboard use, and axe on the pages
 * that belong to no chapter.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './support/fixtures.ts';
import { CHAPTERS, LANGS, UI, allPagePaths, useTheme } from './support/site.ts';

for (const lang of LANGS) {
  const ui = UI[lang];

  test.describe(`home page (${lang})`, () => {
    test('the home page introduces the four chapters and links each to its first page', async ({
      page,
    }) => {
      await page.goto(ui.home);
      await expect(page.locator('html')).toHaveAttribute('lang', ui.htmlLang);
      await expect(page.getByRole('heading', { level: 1, name: 'Echo Lab' })).toBeVisible();
      for (const chapter of CHAPTERS) {
        const card = page.getByRole('link', { name: chapter.label[lang] });
        await expect(card).toBeVisible();
        const href = (await card.getAttribute('href')) ?? '';
        expect(href).toMatch(new RegExp(`^${lang === 'en' ? '/en/' : '/'}${chapter.dir}/`));
        expect(allPagePaths(), `${href} is a page of the site`).toContain(href);
      }
    });

    test('the reader can switch to the other language from the home page', async ({ page }) => {
      await page.goto(ui.home);
      const other = lang === 'en' ? UI['zh-TW'] : UI.en;
      await page
        .getByRole('combobox', { name: ui.language })
        .first()
        .selectOption({ index: lang === 'en' ? 0 : 1 });
      await expect(page).toHaveURL(new RegExp(`${other.home}$`));
      await expect(page.locator('html')).toHaveAttribute('lang', other.htmlLang);
    });

    for (const theme of ['light', 'dark'] as const) {
      test(`axe finds no accessibility problem on the home page in the ${theme} theme`, async ({
        page,
      }) => {
        await useTheme(page, theme);
        await page.goto(ui.home);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        const results = await new AxeBuilder({ page }).analyze();
        expect(
          results.violations.map(
            (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
          ),
        ).toEqual([]);
      });
    }
  });

  test(`every ${lang} page has its own description and the site's favicon`, async ({ page }) => {
    const paths = allPagePaths().filter((p) =>
      lang === 'en' ? p.startsWith('/en/') : !p.startsWith('/en/'),
    );
    const seen = new Map<string, string>();
    for (const path of paths) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', ui.htmlLang);
      const description =
        (await page.locator('meta[name="description"]').getAttribute('content')) ?? '';
      expect(description.length, `${path} has a description`).toBeGreaterThan(20);
      const twin = seen.get(description);
      expect(twin, `${path} and ${twin ?? ''} share a description`).toBeUndefined();
      seen.set(description, path);
      await expect(page.locator('link[rel="shortcut icon"]')).toHaveAttribute(
        'href',
        '/favicon.svg',
      );
    }
    expect(paths.length).toBeGreaterThan(0);
  });
}

test('English pages show the interface in English, code blocks and callouts included', async ({
  page,
}) => {
  const zhUi = /複製|終端機|注意|提示|警告|危險|本頁內容|前一則|下一則|搜尋|跳到內容/;
  for (const path of allPagePaths().filter((p) => p.startsWith('/en/'))) {
    await page.goto(path);
    for (const button of await page.locator('.expressive-code button[title]').all()) {
      await expect(button).toHaveAttribute('title', 'Copy to clipboard');
    }
    for (const title of await page.locator('.starlight-aside__title').all()) {
      await expect(title, `${path}: callout title`).not.toHaveText(zhUi);
    }
    await expect(page.getByRole('link', { name: UI.en.skipLink })).toHaveCount(1);
    await expect(page.locator('.expressive-code .frame .sr-only')).not.toContainText([zhUi]);
  }
});

test('code is highlighted when the page is built, with a copy button, in every language we teach', async ({
  page,
}) => {
  const wanted = new Set(['php', 'js', 'ts', 'json', 'bash', 'ini']);
  const found = new Set<string>();
  for (const path of allPagePaths().filter((p) => !p.startsWith('/en/'))) {
    await page.goto(path);
    for (const pre of await page.locator('.expressive-code pre[data-language]').all()) {
      const language = (await pre.getAttribute('data-language')) ?? '';
      if (!wanted.has(language) || found.has(language)) continue;
      const colours = await pre.evaluate(
        (el) =>
          new Set([...el.querySelectorAll('span')].map((s) => getComputedStyle(s).color)).size,
      );
      if (colours > 1) found.add(language);
      await expect(pre.locator('xpath=..').getByRole('button', { name: /複製/ })).toHaveCount(1);
    }
  }
  for (const language of ['php', 'js', 'json', 'bash', 'ini'])
    expect([...found]).toContain(language);
});

test.describe('a page that does not exist', () => {
  test.use({ allowedStatuses: [404] });
  test('answers 404 with a page that helps the reader on', async ({ page }) => {
    const response = await page.goto('/no-such-page/');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(
      page.getByRole('button', { name: new RegExp(`^${UI['zh-TW'].search}`) }),
    ).toBeVisible();
  });
});

test.describe('keyboard', () => {
  test('the first Tab reaches “skip to content”, which moves focus to the text', async ({
    page,
  }) => {
    await page.goto('/websocket/http-polling/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: UI['zh-TW'].skipLink });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#_top$/);
  });

  test('the theme can be chosen with the keyboard and is kept on the next page', async ({
    page,
  }) => {
    await page.goto('/en/websocket/http-polling/');
    const select = page.getByRole('combobox', { name: UI.en.theme }).first();
    await select.focus();
    await select.selectOption('light');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await select.selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByRole('link', { name: /^Next/ }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});
