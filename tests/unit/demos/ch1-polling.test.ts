/**
 * The pure parts of `ch1-polling-vs-websocket`: the server clock seen from the page, delays,
 * the checks on what the server sends, the figures derived from its counts, and how bytes and
 * milliseconds are written; plus the server's feed and the frame header it reports.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FeedSession, RATE_LIMITS } from '../../../server/demos/polling/feed-session.ts';
import { textFrameHeader } from '../../../server/demos/polling/polling-service.ts';
import {
  bytesPerUpdate,
  clockOffset,
  parseStats,
  parseUpdate,
  parseUpdates,
  updateDelay,
} from '../../../src/components/demos/polling-vs-websocket/polling-model.ts';
import { RunningStats, formatBytes, formatMs } from '../../../src/lib/demo/wire-bytes.ts';

describe('ch1-polling-vs-websocket model (page)', () => {
  it('takes the clock offset from the sample with the shortest round trip', () => {
    const offset = clockOffset([
      { sent: 0, received: 100, server: 1000 },
      { sent: 200, received: 210, server: 1300 },
    ]);
    assert.equal(offset, 1300 - 205);
    assert.equal(clockOffset([]), 0);
  });

  it('measures a delay on the server’s clock, never below zero', () => {
    assert.equal(updateDelay({ seq: 1, price: 1, at: 5000 }, 4100, 1000), 100);
    assert.equal(updateDelay({ seq: 1, price: 1, at: 5000 }, 3000, 1000), 0);
  });

  it('accepts well-formed updates and stats only', () => {
    assert.deepEqual(parseUpdate({ seq: 1, price: 2.5, at: 3, extra: 'x' }), {
      seq: 1,
      price: 2.5,
      at: 3,
    });
    assert.equal(parseUpdate({ seq: '1', price: 2, at: 3 }), undefined);
    assert.deepEqual(parseUpdates({ updates: [{ seq: 1, price: 1, at: 1 }, 'junk'] }), [
      { seq: 1, price: 1, at: 1 },
    ]);
    assert.equal(parseUpdates({ nope: [] }), undefined);
    const side = { requests: 1, empty: 0, updates: 2, up: 300, down: 500 };
    assert.ok(parseStats(JSON.stringify({ rate: 1, polling: side, websocket: side })));
    assert.equal(parseStats('{"rate":1,"polling":{}}'), undefined);
    assert.equal(parseStats('not json'), undefined);
  });

  it('divides the bytes of both directions by the updates delivered', () => {
    assert.equal(bytesPerUpdate({ requests: 4, empty: 2, updates: 2, up: 600, down: 400 }), 500);
    assert.ok(Number.isNaN(bytesPerUpdate({ requests: 1, empty: 1, updates: 0, up: 1, down: 1 })));
  });
});

describe('wire-bytes', () => {
  it('writes bytes and milliseconds for a reader', () => {
    assert.equal(formatBytes(950), '950 B');
    assert.equal(formatBytes(12_345), '12.3 kB');
    assert.equal(formatBytes(4_500_000), '4.50 MB');
    assert.equal(formatMs(47.6), '48 ms');
  });

  it('keeps a running mean and the last value', () => {
    const stats = new RunningStats();
    assert.ok(Number.isNaN(stats.mean));
    stats.add(10);
    stats.add(20);
    assert.equal(stats.mean, 15);
    assert.equal(stats.last, 20);
    assert.equal(stats.count, 2);
    stats.reset();
    assert.equal(stats.count, 0);
  });
});

describe('ch1-polling-vs-websocket feed (server)', () => {
  it('clamps the rate to its limits', () => {
    const session = new FeedSession();
    try {
      assert.equal(session.setRate(1000), RATE_LIMITS.max);
      assert.equal(session.setRate(0), RATE_LIMITS.min);
      assert.equal(session.since(0).length, 0);
    } finally {
      session.close();
    }
  });

  it('writes the header of an unmasked text frame as ws sends it', () => {
    assert.equal(textFrameHeader(5), '81 05');
    assert.equal(textFrameHeader(125), '81 7d');
    assert.equal(textFrameHeader(300), '81 7e 01 2c');
  });
});
