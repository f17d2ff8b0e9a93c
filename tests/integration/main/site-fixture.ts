/**
 * A tiny built site in a temporary folder, so the process tests do not depend on `astro build`.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary `dist/`; call `remove()` at the end. */
export interface DistFixture {
  dir: string;
  remove(): Promise<void>;
}

/** Writes index, a nested page, the 404 page, a hashed asset and a file outside the root. */
export async function createDistFixture(): Promise<DistFixture> {
  const parent = await mkdtemp(join(tmpdir(), 'echo-lab-dist-'));
  const dir = join(parent, 'dist');
  await mkdir(join(dir, 'en', 'redis'), { recursive: true });
  await mkdir(join(dir, '_astro'), { recursive: true });
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><title>Echo Lab</title><h1>即時廣播</h1>',
  );
  await writeFile(join(dir, 'en', 'redis', 'index.html'), '<!doctype html><title>Redis</title>');
  await writeFile(join(dir, '404.html'), '<!doctype html><title>404</title><p>找不到頁面</p>');
  await writeFile(join(dir, '_astro', 'app.abc123.js'), 'export const x = 1;\n');
  await writeFile(join(dir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(
    join(dir, 'en', 'long.html'),
    `<!doctype html><title>Long</title>${'<p>頻道 channel</p>\n'.repeat(400)}`,
  );
  await writeFile(
    join(dir, 'en', '404.html'),
    '<!doctype html><title>404</title><p>Page not found</p>',
  );
  await writeFile(join(parent, 'secret.txt'), 'outside the site');
  return { dir, remove: () => rm(parent, { recursive: true, force: true }) };
}
