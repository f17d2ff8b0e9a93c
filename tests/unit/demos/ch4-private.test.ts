/** The pure parts of the ch4-private demo and of its `auth-log` service. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  answerBody,
  buildRecord,
  MATCH_WINDOW_MS,
} from '../../../server/demos/auth-log/auth-record.ts';
import {
  answerText,
  orderChannel,
  parseAuthRecord,
  requestText,
  subscribeCode,
} from '../../../src/components/demos/private-channel/private-channel-model.ts';

const base = {
  channel: 'private-order.3',
  authUrl: 'http://127.0.0.1:4321/broadcasting/auth',
  now: 100_000,
};

describe('auth records (server side)', () => {
  test('a join takes the latest app and echo notes of the channel', () => {
    const record = buildRecord({
      ...base,
      outcome: 'joined',
      status: 200,
      appNote: { channel: base.channel, status: 200, reason: 'allowed', userId: 2, at: 99_000 },
      echoNote: { channel: base.channel, status: 200, ms: 4, at: 99_100 },
    });
    assert.deepEqual(record.request, {
      method: 'POST',
      url: base.authUrl,
      body: 'channel_name=private-order.3',
    });
    assert.deepEqual(record.answer, { status: 200, body: 'true', reason: 'allowed' });
    assert.equal(record.ms, 4);
    assert.equal(record.userId, 2);
  });

  test('stale notes are not matched: the request never reached the app', () => {
    const record = buildRecord({
      ...base,
      outcome: 'refused',
      status: 0,
      appNote: { channel: base.channel, status: 403, reason: 'x', userId: 1, at: 0 },
      echoNote: undefined,
      now: MATCH_WINDOW_MS + 1,
    });
    assert.equal(record.answer, null);
    assert.equal(record.ms, null);
  });

  test('answer bodies are Laravel’s', () => {
    assert.equal(answerBody('private-order.1', 200), 'true');
    assert.equal(answerBody('private-order.1', 403), '{"message":""}');
    assert.equal(answerBody('private-order.1', 401), '{"message":"Unauthenticated."}');
    assert.equal(answerBody('private-order.1', 419), '{"message":"CSRF token mismatch."}');
    assert.match(answerBody('presence-chat.1', 200), /channel_data/);
  });
});

describe('private-channel model (browser side)', () => {
  const record = {
    channel: 'private-order.3',
    outcome: 'refused',
    status: 403,
    request: {
      method: 'POST',
      url: 'http://h/broadcasting/auth',
      body: 'channel_name=private-order.3',
    },
    answer: { status: 403, body: '{"message":""}', reason: 'no' },
    ms: 3,
    userId: 1,
  };

  test('parses a streamed record and rejects anything else', () => {
    assert.deepEqual(parseAuthRecord(JSON.stringify(record)), record);
    assert.equal(parseAuthRecord('{"channel":1}'), undefined);
    assert.equal(parseAuthRecord('not json'), undefined);
  });

  test('shows the request with the CSRF token shortened and the answer with its timing', () => {
    const parsed = parseAuthRecord(JSON.stringify(record));
    assert.ok(parsed);
    const request = requestText(parsed, 'abcdefghijklmnop');
    assert.match(request, /^POST http:\/\/h\/broadcasting\/auth/);
    assert.match(request, /X-CSRF-TOKEN: abcdef…/);
    assert.doesNotMatch(request, /ghijkl/);
    assert.match(request, /channel_name=private-order\.3$/);
    assert.equal(answerText(parsed, '-'), 'HTTP 403 (3 ms)\n\n{"message":""}');
    assert.equal(answerText({ ...parsed, answer: null }, 'none'), 'none');
  });

  test('the code uses a template literal and the channel name carries the private- prefix', () => {
    assert.equal(orderChannel(5), 'private-order.5');
    assert.match(subscribeCode(5), /Echo\.private\(`order\.\$\{orderId\}`\)/);
    assert.match(subscribeCode(5), /subscription_error/);
  });
});
