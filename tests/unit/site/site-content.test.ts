/**
 * The site's tables against its content: the chapters' folders exist in both languages, every
 * page has a description and a sidebar order, every `<Demo id>` used in a page is a known demo,
 * and components resolve their language as documented.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHAPTERS } from '../../../src/chapters.ts';
import { isDemoId } from '../../../src/components/demos/demo-catalog.ts';
import { SITE_STRINGS, langOfPath, siteLang } from '../../../src/i18n/site-strings.ts';

const DOCS = join(import.meta.dirname, '..', '..', '..', 'content', 'docs');

function pages(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.mdx') || name.endsWith('.md'))
        .map((name) => join(dir, name))
    : [];
}

function frontmatter(file: string): string {
  const text = readFileSync(file, 'utf8');
  const match = /^---\n([\s\S]*?)\n---/.exec(text);
  assert.ok(match, `${file} starts with frontmatter`);
  return match[1] ?? '';
}

describe('chapters and their pages', () => {
  it('has four chapters, in the order of the source document', () => {
    assert.deepEqual(
      CHAPTERS.map((c) => c.dir),
      ['websocket', 'redis', 'echo-server', 'laravel-echo'],
    );
    assert.equal(CHAPTERS[0]?.label.en, '1. WebSocket and Socket.IO');
    assert.equal(CHAPTERS[0]?.label['zh-TW'], '1. WebSocket 與 Socket.IO');
  });

  for (const chapter of CHAPTERS) {
    for (const base of [DOCS, join(DOCS, 'en')]) {
      const dir = join(base, chapter.dir);
      for (const file of pages(dir)) {
        it(`${file.slice(DOCS.length + 1)} has a description and a sidebar order`, () => {
          const fm = frontmatter(file);
          assert.match(fm, /^description:\s*\S/m, 'description');
          assert.match(fm, /^\s+order:\s*\d+/m, 'sidebar.order');
        });
      }
    }
  }

  it('uses only known demo ids in the pages', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
      );
    for (const file of walk(DOCS).filter((f) => f.endsWith('.mdx'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/<Demo\s+id="([^"]+)"/g)) {
        assert.ok(isDemoId(match[1] ?? ''), `${file}: unknown demo id ${match[1] ?? ''}`);
      }
    }
  });
});

describe('language of a component', () => {
  it('follows the page when no lang is given', () => {
    assert.equal(langOfPath('/en/redis/pub-sub/'), 'en');
    assert.equal(langOfPath('/en'), 'en');
    assert.equal(langOfPath('/redis/pub-sub/'), 'zh-TW');
    assert.equal(langOfPath('/english-page/'), 'zh-TW');
    assert.equal(siteLang(undefined, '/en/x/'), 'en');
    assert.equal(siteLang(undefined), 'zh-TW');
  });

  it('takes an explicit lang and refuses anything else', () => {
    assert.equal(siteLang('en', '/'), 'en');
    assert.equal(siteLang('zh-TW', '/en/'), 'zh-TW');
    assert.throws(() => siteLang('zh-CN'), /Unknown lang "zh-CN"/);
  });

  it('has every interface string in both languages', () => {
    assert.deepEqual(
      Object.keys(SITE_STRINGS['zh-TW']).sort(),
      Object.keys(SITE_STRINGS.en).sort(),
    );
    assert.equal(SITE_STRINGS['zh-TW'].demoUnavailable, '此示範尚未提供');
    assert.equal(SITE_STRINGS.en.demoUnavailable, 'This demo is not available yet');
    assert.equal(SITE_STRINGS.en.demoLabel('A'), 'Live demo: A');
  });
});
