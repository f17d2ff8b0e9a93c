// @ts-check
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { CHAPTERS } from './src/chapters.ts';
import { codeBlockLabels } from './src/integrations/code-block-labels.ts';
import { tableCornerCells } from './src/integrations/table-corner-cells.ts';

/**
 * The tutorial site. `srcDir: '.'` makes Starlight read the top-level `content/docs/` (its
 * collection path is `<srcDir>/content/docs`), which keeps each page's locale derived from its
 * folder so English pages get English UI labels, callouts included.
 */
export default defineConfig({
  srcDir: '.',
  output: 'static',
  vite: {
    build: {
      rolldownOptions: {
        // Astro's own MDX output trips this bundler notice on every page (withastro/astro#18087);
        // it is harmless and would bury real warnings.
        onLog(level, log, handler) {
          if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('astro:head-inject'))
            return;
          handler(level, log);
        },
      },
    },
  },
  integrations: [
    starlight({
      title: 'Echo Lab',
      // Pages carry their own `description` frontmatter; this is only the fallback.
      description:
        '即時 Laravel 廣播實作教學：WebSocket、Socket.IO、Redis、laravel-echo-server 與 Laravel Echo。',
      defaultLocale: 'root',
      locales: {
        root: { label: '繁體中文', lang: 'zh-TW' },
        en: { label: 'English', lang: 'en' },
      },
      favicon: '/favicon.svg',
      customCss: ['./src/styles/site.css'],
      lastUpdated: false,
      credits: false,
      // Four groups in reading order, each listing its folder; pages order themselves with
      // frontmatter `sidebar.order`.
      sidebar: CHAPTERS.map((chapter) => ({
        label: chapter.label['zh-TW'],
        translations: { en: chapter.label.en },
        items: [{ autogenerate: { directory: chapter.dir } }],
      })),
      components: {
        Search: './src/overrides/Search.astro',
        MarkdownContent: './src/overrides/MarkdownContent.astro',
      },
      expressiveCode: {
        // Wrapped lines never scroll sideways: no keyboard trap on phones, and no unnamed
        // scrollable regions for screen readers.
        defaultProps: { wrap: true },
        shiki: {
          // Readers write ```env for a Laravel .env file; shiki calls that grammar dotenv.
          langAlias: { env: 'dotenv' },
        },
      },
    }),
    codeBlockLabels(),
    tableCornerCells(),
  ],
});
