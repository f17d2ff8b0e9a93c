/**
 * What the browser tests know about the site: its two languages and the words of its UI, the
 * chapters (from the site's own table), and the list of pages (from `content/docs/`).
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { CHAPTERS, type Chapter } from '../../../src/chapters.ts';
import type { SiteLang } from '../../../src/components/demos/demo-catalog.ts';

export { CHAPTERS, type Chapter, type SiteLang };

/** The UI words a reader sees, per language (Starlight's labels and ours). */
export const UI = {
  'zh-TW': {
    home: '/',
    htmlLang: 'zh-TW',
    mainNav: '主要',
    next: '下一則',
    previous: '前一則',
    search: '搜尋',
    theme: '選擇佈景主題',
    language: '選擇語言',
    skipLink: '跳到內容',
    menu: '選單',
    demoUnavailable: '此示範尚未提供',
    onThisPage: '本頁內容',
  },
  en: {
    home: '/en/',
    htmlLang: 'en',
    mainNav: 'Main',
    next: 'Next',
    previous: 'Previous',
    search: 'Search',
    theme: 'Select theme',
    language: 'Select language',
    skipLink: 'Skip to content',
    menu: 'Menu',
    demoUnavailable: 'This demo is not available yet',
    onThisPage: 'On this page',
  },
} as const satisfies Record<SiteLang, Record<string, string>>;

/** Both languages, root locale first. */
export const LANGS: readonly SiteLang[] = ['zh-TW', 'en'];

const DOCS_DIR = join(import.meta.dirname, '..', '..', '..', 'content', 'docs');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The URL path of every page written in `content/docs/`, e.g. `/en/redis/pub-sub/`. */
export function allPagePaths(): string[] {
  return walk(DOCS_DIR)
    .filter((file) => /\.mdx?$/.test(file) && !/(^|[/\\])_/.test(relative(DOCS_DIR, file)))
    .map((file) => {
      const slug = relative(DOCS_DIR, file)
        .split(sep)
        .join('/')
        .replace(/\.mdx?$/, '');
      const path = slug === 'index' ? '' : slug.replace(/(^|\/)index$/, '');
      return `/${path}${path === '' ? '' : '/'}`.toLowerCase();
    })
    .sort();
}

/** The pages of one chapter in one language, by URL path (file order, not reading order). */
export function chapterPagePaths(chapter: Chapter, lang: SiteLang): string[] {
  const prefix = `${lang === 'en' ? '/en/' : '/'}${chapter.dir}/`;
  return allPagePaths().filter((path) => path.startsWith(prefix));
}

/** The main navigation (the sidebar) of the current page. */
export function sidebar(page: Page, lang: SiteLang): Locator {
  return page.getByRole('navigation', { name: UI[lang].mainNav });
}

/** The links of one chapter's group in the sidebar, in the order the reader sees them. */
export function chapterLinks(page: Page, chapter: Chapter, lang: SiteLang): Locator {
  return sidebar(page, lang)
    .locator('details')
    .filter({ has: page.locator('summary', { hasText: chapter.label[lang] }) })
    .getByRole('link');
}

/** The path of a link's href, resolved against the page. */
export async function hrefPath(link: Locator): Promise<string> {
  const href = await link.getAttribute('href');
  expect(href, 'the link has an href').not.toBeNull();
  return new URL(href ?? '', 'http://x').pathname;
}

/** Sets the colour scheme the reader's system asks for; Starlight's "auto" theme follows it. */
export async function useTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
}
