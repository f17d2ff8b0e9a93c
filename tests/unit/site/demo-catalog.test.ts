/**
 * The demo catalogue against the design: DESIGN.md ("Chapters and their demos") names sixteen
 * demos; every one must be in the catalogue with a title and a purpose in both languages, in the
 * right chapter, and nothing else may be.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMOS, DEMO_IDS, getDemo, isDemoId } from '../../../src/components/demos/demo-catalog.ts';

// Copied from DESIGN.md on purpose: the test is the check that the two agree.
const DESIGN_DEMOS = [
  'ch1-polling-vs-websocket',
  'ch1-handshake',
  'ch1-transports',
  'ch1-chat',
  'ch2-console',
  'ch2-cache',
  'ch2-pubsub',
  'ch2-laravel-payload',
  'ch3-pipeline',
  'ch3-dashboard',
  'ch3-config',
  'ch3-http-api',
  'ch4-public',
  'ch4-private',
  'ch4-presence',
  'ch4-client-versions',
];

describe('demo catalogue', () => {
  it('lists exactly the sixteen demos of the design, in chapter order', () => {
    assert.deepEqual([...DEMO_IDS], DESIGN_DEMOS);
    assert.deepEqual(Object.keys(DEMOS).sort(), [...DESIGN_DEMOS].sort());
  });

  it('files each demo under the chapter its id names', () => {
    for (const id of DEMO_IDS) {
      assert.equal(`ch${DEMOS[id].chapter}`, id.split('-')[0], id);
    }
  });

  it('gives every demo a title and a one-line purpose in zh-TW and English', () => {
    for (const id of DEMO_IDS) {
      for (const lang of ['zh-TW', 'en'] as const) {
        const { title, purpose } = DEMOS[id].text[lang];
        assert.ok(title.trim().length > 0, `${id} ${lang} title`);
        assert.ok(purpose.trim().length > 10, `${id} ${lang} purpose`);
        assert.ok(!purpose.includes('\n'), `${id} ${lang} purpose is one line`);
      }
      // The zh-TW text is written in Chinese, the English text in English.
      assert.match(DEMOS[id].text['zh-TW'].purpose, /[\u4e00-\u9fff]/, `${id} zh-TW`);
      assert.doesNotMatch(DEMOS[id].text.en.purpose, /[\u4e00-\u9fff]/, `${id} en`);
    }
  });

  it('marks the demos that cannot work without Redis', () => {
    assert.equal(DEMOS['ch2-console'].needsRedis, true);
    assert.equal(DEMOS['ch4-presence'].needsRedis, true);
    assert.equal(DEMOS['ch1-handshake'].needsRedis, false);
  });

  it('fails loudly on an unknown id, naming the known ones', () => {
    assert.equal(isDemoId('ch9-nothing'), false);
    assert.equal(isDemoId('ch4-presence'), true);
    assert.throws(() => getDemo('ch4-presense'), /Unknown demo id "ch4-presense".*ch4-presence/);
    assert.equal(getDemo('ch1-chat'), DEMOS['ch1-chat']);
  });
});
