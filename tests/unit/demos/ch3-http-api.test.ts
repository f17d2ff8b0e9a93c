/** ch3-http-api's pure parts: the preset mistakes, the request text, the channel guard. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEMO_CHANNEL,
  namedChannels,
} from '../../../server/demos/echo-dashboard/http-api-playground.ts';
import { maskKey } from '../../../server/demos/echo-dashboard/demo-client.ts';
import {
  broken,
  defaultBody,
  requestText,
  statusClass,
  withChannel,
  withoutName,
  wrongKey,
} from '../../../src/components/demos/http-api/http-api-model.ts';

describe('the HTTP API demo’s request body', () => {
  it('starts as channel, name and data, and follows the channel the page listens on', () => {
    const body = defaultBody('Typhoon day');
    assert.deepEqual(JSON.parse(body), {
      channel: 'lab.news',
      name: 'news.published',
      data: { title: 'Typhoon day' },
    });
    assert.equal((JSON.parse(withChannel(body, 'lab.x')) as { channel: string }).channel, 'lab.x');
    assert.equal(withChannel('{broken', 'lab.x'), '{broken');
  });

  it('makes the mistakes the echo server answers with 403 and 400', () => {
    assert.equal(wrongKey('public-demo-key'), 'public-demo-kex');
    assert.equal(wrongKey('abcx'), 'abcy');
    assert.equal('name' in (JSON.parse(withoutName(defaultBody('t'))) as object), false);
    assert.throws(() => JSON.parse(broken(defaultBody('t'))) as unknown);
  });

  it('writes the request as an HTTP message and colours the status', () => {
    const text = requestText({
      method: 'POST',
      url: '/apps/a/events',
      headers: { Authorization: 'Bearer abcd********' },
      body: '{}',
    });
    assert.equal(text, 'POST /apps/a/events HTTP/1.1\nAuthorization: Bearer abcd********\n\n{}');
    assert.equal(statusClass(200), 'ok');
    assert.equal(statusClass(403), 'error');
  });
});

describe('the HTTP API proxy’s guard', () => {
  it('reads the channels a JSON body names, and nothing from other bodies', () => {
    assert.deepEqual(namedChannels('{"channel":"a","channels":["b",3]}'), ['a', 'b']);
    assert.deepEqual(namedChannels('{"name":"x"}'), []);
    assert.deepEqual(namedChannels('not json'), []);
    assert.deepEqual(namedChannels('["lab.a"]'), []);
  });

  it('allows lab.* channels only', () => {
    assert.ok(DEMO_CHANNEL.test('lab.news'));
    assert.ok(!DEMO_CHANNEL.test('news'));
    assert.ok(!DEMO_CHANNEL.test('private-lab.news'));
    assert.ok(!DEMO_CHANNEL.test('lab.'));
  });

  it('shows four characters of a key at most', () => {
    assert.equal(maskKey('0123456789abcdef'), '0123********');
    assert.equal(maskKey('abc'), '****');
  });
});
