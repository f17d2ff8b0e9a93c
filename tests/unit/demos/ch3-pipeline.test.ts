/** ch3-pipeline's pure parts: clock sync, the hop texts, and trace matching. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  broadcastKey,
  TraceStore,
  TRACE_LIMIT,
} from '../../../server/demos/pipeline/pipeline-trace.ts';
import {
  clockOffset,
  evalText,
  formatMs,
  parsePayload,
  pmessageText,
} from '../../../src/components/demos/pipeline/pipeline-model.ts';

describe('clockOffset', () => {
  it('takes the sample with the shortest round trip', () => {
    const offset = clockOffset([
      { sentAt: 0, serverAt: 110, receivedAt: 20 },
      { sentAt: 100, serverAt: 201, receivedAt: 102 },
    ]);
    assert.deepEqual(offset, { offsetMs: 100, errorMs: 1 });
    assert.equal(clockOffset([]), undefined);
  });
});

describe('the hop texts', () => {
  it('writes the EVAL and the pmessage as redis-cli shows them', () => {
    const command = { script: 'return 1', numkeys: 0, args: ['{"event":"E"}', 'p_news'] };
    assert.equal(evalText(command), '"EVAL" "return 1" 0 "{\\"event\\":\\"E\\"}" "p_news"');
    assert.equal(
      pmessageText('p_*', command.args),
      '"pmessage" "p_*" "p_news" "{\\"event\\":\\"E\\"}"',
    );
  });

  it('formats milliseconds for reading and parses payloads', () => {
    assert.equal(formatMs(0.1234), '0.12 ms');
    assert.equal(formatMs(12.34), '12.3 ms');
    assert.equal(formatMs(undefined), '–');
    assert.deepEqual(parsePayload('[1]'), { ok: true, data: [1] });
    assert.equal(parsePayload('"text"').ok, false);
    assert.equal(parsePayload('{').ok, false);
  });
});

describe('TraceStore', () => {
  const fields = {
    channel: 'pipeline.a',
    event: 'E',
    toOthers: false,
    command: { script: '', numkeys: 0 as const, args: [] },
    pattern: 'p_*',
    sentAt: 0,
  };

  it('matches identical broadcasts oldest first, and each viewer once per trace', () => {
    const store = new TraceStore();
    const key = broadcastKey('pipeline.a', 'E', { a: 1 });
    const first = store.start(key, fields);
    const second = store.start(key, fields);
    assert.equal(store.awaitingEcho(key), first);
    first.echoAt = 1;
    assert.equal(store.awaitingEcho(key), second);
    first.recipients.push({ viewer: 1, status: 'pending' });
    second.recipients.push({ viewer: 1, status: 'pending' });
    assert.equal(store.awaitingViewer(key, 1), first);
    const [recipient] = first.recipients;
    if (recipient) recipient.status = 'received';
    assert.equal(store.awaitingViewer(key, 1), second);
    assert.equal(store.awaitingViewer(broadcastKey('pipeline.a', 'E', { a: 2 }), 1), undefined);
  });

  it('keeps a bounded number of traces and forgets a dropped one', () => {
    const store = new TraceStore();
    const traces = Array.from({ length: TRACE_LIMIT + 5 }, (_, i) => store.start(`k${i}`, fields));
    assert.equal(store.list().length, TRACE_LIMIT);
    assert.equal(store.awaitingEcho('k0'), undefined);
    const last = traces.at(-1);
    if (last) store.drop(last);
    assert.equal(store.awaitingEcho(`k${TRACE_LIMIT + 4}`), undefined);
  });
});
