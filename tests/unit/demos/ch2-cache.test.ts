/**
 * The cache page's pure parts: the TTL countdown and the check of the server's answers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseCacheRead,
  parseSteps,
  redisMs,
  secondsLeft,
} from '../../../src/components/demos/cache-aside/cache-aside-model.ts';

const step = (command: string, ms: number) => ({ command, request: '', reply: '', lines: [], ms });

describe('the TTL countdown', () => {
  it('follows Redis’s TTL with the page clock and stops at zero', () => {
    assert.equal(secondsLeft(10, 0), 10);
    assert.equal(secondsLeft(10, 2500), 8);
    assert.equal(secondsLeft(10, 12_000), 0);
    assert.equal(secondsLeft(-2, 5000), -2);
    assert.equal(secondsLeft(-1, 5000), -1);
  });
});

describe('the cache answers', () => {
  const read = {
    outcome: 'miss',
    key: 'echo-lab:cache:abc:rooms:popular',
    value: { rows: [{ name: 'lobby', online: 3 }], queriedAt: '2026-01-01T00:00:00.000Z' },
    totalMs: 801.5,
    dbMs: 800.9,
    ttl: 10,
    queries: 1,
    steps: [step('GET "k"', 0.25), step('SET "k" "v" "EX" "10"', 0.3), step('TTL "k"', 0.2)],
  };

  it('accepts a read and sums what Redis itself cost (TTL left out)', () => {
    const parsed = parseCacheRead(read);
    assert.equal(parsed?.outcome, 'miss');
    assert.equal(parsed && redisMs(parsed), 0.55);
    assert.equal(parseCacheRead({ ...read, outcome: 'maybe' }), undefined);
    assert.equal(parseCacheRead({ error: 'Slow down' }), undefined);
  });

  it('reads the steps of any answer', () => {
    assert.equal(parseSteps({ removed: 1, steps: [step('DEL "k"', 0.1)] }).length, 1);
    assert.deepEqual(parseSteps({}), []);
  });
});
