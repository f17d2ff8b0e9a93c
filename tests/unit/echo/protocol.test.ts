import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  parseLaravelMessage,
  parsePresenceAuth,
  parseSubscribe,
  parseWhisper,
} from '../../../server/echo/protocol.ts';
import { isOriginAllowed } from '../../../server/echo/http/origin-policy.ts';
import { keysMatch } from '../../../server/echo/http/http-api.ts';
import { selectAuthHost } from '../../../server/echo/channels/authorize-channel.ts';
import { TokenBucket } from '../../../server/echo/channels/whisper-limiter.ts';
import { redisKeys } from '../../../server/redis/keys.ts';

describe('wire parsers', () => {
  test('Laravel messages: PHP escapes, arrays, socket', () => {
    assert.deepEqual(
      parseLaravelMessage(
        '{"event":"App\\\\Events\\\\X","data":{"u":"a\\/b","n":"caf\\u00e9"},"socket":null}',
      ),
      { event: 'App\\Events\\X', data: { u: 'a/b', n: 'café' }, socket: undefined },
    );
    assert.deepEqual(parseLaravelMessage('{"event":"e","data":[],"socket":"abc"}'), {
      event: 'e',
      data: [],
      socket: 'abc',
    });
    assert.deepEqual(parseLaravelMessage('{"event":"e","extra":true}'), {
      event: 'e',
      data: undefined,
      socket: undefined,
    });
    for (const bad of [
      '',
      'nope',
      '[]',
      '{"data":{}}',
      '{"event":"","data":1}',
      '{"event":5}',
      '{"event":"e","data":1,"socket":5}',
      '{"event":"e","data":1,"socket":{}}',
      '"App\\\\Events\\\\X"',
      '5',
      'null',
    ])
      assert.equal(parseLaravelMessage(bad), undefined, bad);
  });
  test('subscribe payloads', () => {
    assert.deepEqual(parseSubscribe({ channel: 'x', auth: { headers: { A: 'b', N: 5, O: {} } } }), {
      channel: 'x',
      headers: { A: 'b', N: '5' },
    });
    assert.deepEqual(parseSubscribe({ channel: 'x', auth: 'junk' }), { channel: 'x', headers: {} });
    assert.equal(parseSubscribe({ channel: 5 }), undefined);
    assert.equal(parseSubscribe(null), undefined);
  });
  test('whisper payloads, object or JSON string', () => {
    assert.deepEqual(parseWhisper({ channel: 'c', event: 'client-e', data: 1 }), {
      channel: 'c',
      event: 'client-e',
      data: 1,
    });
    assert.deepEqual(parseWhisper('{"channel":"c","event":"client-e","data":[1]}'), {
      channel: 'c',
      event: 'client-e',
      data: [1],
    });
    assert.equal(parseWhisper('{'), undefined);
    assert.equal(parseWhisper({ channel: 'c' }), undefined);
  });
  test('presence auth: channel_data as object or JSON string, numeric or string ids', () => {
    assert.deepEqual(parsePresenceAuth({ channel_data: { user_id: 1, user_info: { n: 'a' } } }), {
      user_id: 1,
      user_info: { n: 'a' },
    });
    assert.deepEqual(parsePresenceAuth({ channel_data: '{"user_id":"u1","user_info":null}' }), {
      user_id: 'u1',
      user_info: null,
    });
    assert.equal(parsePresenceAuth(true), undefined);
    assert.equal(parsePresenceAuth({ channel_data: { user_info: {} } }), undefined);
  });
});

describe('security helpers', () => {
  const settings = { allowedOrigins: null, authHost: 'https://app.test' };
  test('origins: the app, same host, no Origin; not others', () => {
    assert.equal(isOriginAllowed(undefined, 'echo:6001', settings), true);
    assert.equal(isOriginAllowed('https://app.test', 'echo:6001', settings), true);
    assert.equal(isOriginAllowed('http://echo:6001', 'echo:6001', settings), true);
    assert.equal(isOriginAllowed('https://evil.test', 'echo:6001', settings), false);
    assert.equal(isOriginAllowed('null', 'echo:6001', settings), false);
    assert.equal(
      isOriginAllowed('https://evil.test', 'x', { allowedOrigins: ['*'], authHost: 'x' }),
      true,
    );
    assert.equal(
      isOriginAllowed('https://b.test', 'x', {
        allowedOrigins: ['https://b.test'],
        authHost: 'https://app.test',
      }),
      true,
    );
    assert.equal(
      isOriginAllowed('https://app.test', 'x', {
        allowedOrigins: ['https://b.test'],
        authHost: 'https://app.test',
      }),
      false,
    );
  });
  test('keys compare exactly', () => {
    assert.equal(keysMatch('abc', 'abc'), true);
    assert.equal(keysMatch('abc', 'abd'), false);
    assert.equal(keysMatch('ab', 'abc'), false);
  });
  test('authHost lists: the one matching the page, else the first', () => {
    assert.equal(
      selectAuthHost(['http://a.test', 'http://b.test'], { origin: 'http://b.test' }),
      'http://b.test',
    );
    assert.equal(
      selectAuthHost(['http://a.test', 'http://b.test'], { referer: 'http://b.test/page' }),
      'http://b.test',
    );
    assert.equal(
      selectAuthHost(['http://a.test', 'http://b.test'], { origin: 'http://c.test' }),
      'http://a.test',
    );
    assert.equal(selectAuthHost('http://a.test', {}), 'http://a.test');
  });
  test('whisper token bucket: burst, then the sustained rate', () => {
    const t = 1_000_000;
    const bucket = new TokenBucket(2, 3, t);
    assert.deepEqual(
      [bucket.take(t), bucket.take(t), bucket.take(t), bucket.take(t)],
      [true, true, true, false],
    );
    assert.equal(bucket.take(t + 500), true);
    assert.equal(bucket.take(t + 500), false);
  });
  test('Redis keys are namespaced by the Laravel prefix', () => {
    const k = redisKeys('laravel_database_');
    assert.equal(k.broadcastChannel('news'), 'laravel_database_news');
    assert.equal(k.broadcastPattern, 'laravel_database_*');
    assert.ok(k.presenceMembers('presence-x').startsWith('laravel_database_echo-server:'));
    assert.equal(redisKeys('').broadcastPattern, '*');
  });
});
