/**
 * Comparison tables without a blank column title. Markdown cannot write a table whose top-left
 * cell is not a header, so `| | Laravel 8 | Laravel 11 |` yields an empty `<th>`: a header
 * that names nothing, announced as a blank column title (axe `empty-table-header`). After the
 * build, an empty header cell in a table's header row becomes an ordinary cell. This runs on
 * the built HTML because Astro 7's Markdown processor (Sätteri) takes no rehype plugins.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const THEAD = /<thead\b[^>]*>[\s\S]*?<\/thead>/g;
const EMPTY_TH = /<th\b([^>]*)>\s*<\/th>/g;

/** `html` with every empty `<th>` inside a `<thead>` turned into a `<td>`. */
export function fixEmptyHeaderCells(html: string): string {
  return html.replace(THEAD, (head) => head.replace(EMPTY_TH, '<td$1></td>'));
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return htmlFiles(path);
      return Promise.resolve(entry.name.endsWith('.html') ? [path] : []);
    }),
  );
  return nested.flat();
}

/** The integration; list it in `astro.config.mjs`. */
export function tableCornerCells(): AstroIntegration {
  return {
    name: 'echo-lab:table-corner-cells',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        let changed = 0;
        for (const file of await htmlFiles(fileURLToPath(dir))) {
          const html = await readFile(file, 'utf8');
          const fixed = fixEmptyHeaderCells(html);
          if (fixed !== html) {
            await writeFile(file, fixed);
            changed += 1;
          }
        }
        if (changed > 0)
          logger.info(`Empty table header cells made plain cells in ${changed} page(s).`);
      },
    },
  };
}
