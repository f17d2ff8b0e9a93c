/**
 * The checks every chapter gets, in both languages: a reader can go from the home page through
 * the chapter with the sidebar and the Next/Previous links, every demo slot is in place and
 * honest about its state, the chapter's diagrams are there with their accessible names, and axe
 * finds nothing on any page in either theme.
 */
import AxeBuilder from '@axe-core/playwright';
import { DEMOS, DEMO_IDS } from '../../../src/components/demos/demo-catalog.ts';
import { expect, test } from './fixtures.ts';
import {
  CHAPTERS,
  LANGS,
  UI,
  chapterLinks,
  chapterPagePaths,
  hrefPath,
  useTheme,
  type Chapter,
  type SiteLang,
} from './site.ts';

/** What one chapter's spec adds to the shared checks. */
export interface ChapterExpectations {
  /** 1-based chapter number. */
  readonly number: 1 | 2 | 3 | 4;
  /** Accessible names (per language) of diagrams that must appear somewhere in the chapter. */
  readonly diagrams?: readonly Readonly<Record<SiteLang, string>>[];
}

const DEMO_STATES = ['offline', 'connecting', 'live', 'error'];

/** Registers the shared chapter tests for `expectations.number`. */
export function chapterSuite(expectations: ChapterExpectations): void {
  const chapter = CHAPTERS[expectations.number - 1];
  if (!chapter) throw new Error(`No chapter ${expectations.number}`);
  // The chapter a reader reaches after this one: the next one that has pages yet.
  const nextChapter = (lang: SiteLang): Chapter | undefined =>
    CHAPTERS.slice(expectations.number).find((c) => chapterPagePaths(c, lang).length > 0);
  const chapterDemos = DEMO_IDS.filter((id) => DEMOS[id].chapter === expectations.number);

  for (const lang of LANGS) {
    const ui = UI[lang];

    test.describe(`${chapter.label[lang]} (${lang})`, () => {
      test(`a reader opens the chapter from the home page and reads it to the end with “${ui.next}”, then back with “${ui.previous}”`, async ({
        page,
      }) => {
        await page.goto(ui.home);
        await expect(page.locator('html')).toHaveAttribute('lang', ui.htmlLang);
        await page.getByRole('link', { name: chapter.label[lang] }).click();

        const prefix = `${lang === 'en' ? '/en/' : '/'}${chapter.dir}/`;
        await expect(page).toHaveURL(new RegExp(`${prefix}[^/]+/$`));
        const links = chapterLinks(page, chapter, lang);
        // count() does not wait: wait for the chapter page's sidebar first.
        await expect(links.first()).toBeVisible();
        const count = await links.count();
        expect(count, 'the chapter has pages in the sidebar').toBeGreaterThan(0);
        // Reading order is the sidebar's order.
        const order: string[] = [];
        for (let i = 0; i < count; i += 1) order.push(await hrefPath(links.nth(i)));
        expect([...order].sort(), 'the sidebar lists every page of the chapter').toEqual(
          chapterPagePaths(chapter, lang),
        );

        await expect(page).toHaveURL(new RegExp(`${order[0]}$`));
        for (let i = 0; i < order.length; i += 1) {
          const current = chapterLinks(page, chapter, lang).nth(i);
          await expect(current, 'the sidebar marks the page being read').toHaveAttribute(
            'aria-current',
            'page',
          );
          await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
          const next = page.getByRole('link', { name: new RegExp(`^${ui.next}`) });
          if (i < order.length - 1) {
            await next.click();
            await expect(page).toHaveURL(new RegExp(`${order[i + 1]}$`));
          }
        }
        const following = nextChapter(lang);
        if (following) {
          const nextPrefix = `${lang === 'en' ? '/en/' : '/'}${following.dir}/`;
          await expect(
            page.getByRole('link', { name: new RegExp(`^${ui.next}`) }),
            'the last page leads on to the next chapter',
          ).toHaveAttribute('href', new RegExp(`^${nextPrefix}`));
        }
        for (let i = order.length - 1; i > 0; i -= 1) {
          await page.getByRole('link', { name: new RegExp(`^${ui.previous}`) }).click();
          await expect(page).toHaveURL(new RegExp(`${order[i - 1]}$`));
        }
      });

      test('every demo slot is in place and says plainly whether it works', async ({ page }) => {
        const seen = new Set<string>();
        for (const path of chapterPagePaths(chapter, lang)) {
          await page.goto(path);
          const slots = page.locator('[data-demo]');
          for (const slot of await slots.all()) {
            const id = (await slot.getAttribute('data-demo')) ?? '';
            seen.add(id);
            expect(DEMO_IDS as readonly string[], `${path}: ${id} is a known demo`).toContain(id);
            expect(DEMO_STATES, `${path}: ${id} has a demo state`).toContain(
              await slot.getAttribute('data-state'),
            );
            // A demo not built yet is the placeholder card, which must say so in words.
            if (await slot.evaluate((el) => el.classList.contains('demo-slot'))) {
              await expect(slot).toHaveAttribute('data-state', 'offline');
              await expect(slot).toContainText(ui.demoUnavailable);
            }
            await expect(slot).toHaveAttribute('data-pagefind-ignore', /.*/);
          }
        }
        for (const id of chapterDemos) {
          expect([...seen], `demo ${id} has its place in the chapter`).toContain(id);
        }
      });

      if (expectations.diagrams && expectations.diagrams.length > 0) {
        test('the chapter’s diagrams are drawn, with names a screen reader can announce', async ({
          page,
        }) => {
          const found = new Set<string>();
          for (const path of chapterPagePaths(chapter, lang)) {
            await page.goto(path);
            for (const img of await page.locator('figure.diagram svg[role="img"]').all()) {
              const name = await img.evaluate(
                (svg) => svg.querySelector('title')?.textContent ?? '',
              );
              found.add(name);
            }
          }
          for (const diagram of expectations.diagrams ?? []) {
            expect([...found]).toContain(diagram[lang]);
            await expect(page.locator('html')).toHaveAttribute('lang', ui.htmlLang);
          }
        });
      }

      // One test per page, so a slow machine times out one page, not a whole chapter.
      for (const path of chapterPagePaths(chapter, lang)) {
        test(`axe finds no accessibility problem on ${path}, in the light and the dark theme`, async ({
          page,
        }) => {
          test.setTimeout(120_000);
          await useTheme(page, 'light');
          await page.goto(path);
          for (const theme of ['light', 'dark'] as const) {
            // Starlight's "auto" theme follows the system setting live, no reload needed.
            await useTheme(page, theme);
            await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
            const results = await new AxeBuilder({ page }).analyze();
            const summary = results.violations.map(
              (v) =>
                `${v.id} (${v.impact ?? '?'}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
            );
            expect(summary, `${path} in the ${theme} theme`).toEqual([]);
          }
        });
      }
    });
  }
}
