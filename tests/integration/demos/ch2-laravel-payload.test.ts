/**
 * What Laravel writes to Redis (`ch2-laravel-payload`), through the whole site on port 0: with
 * the echo server's prefix the app's broadcaster publishes the exact EVAL and a real
 * laravel-echo client receives the event; with a wrong prefix Redis still publishes and
 * nothing arrives (the prefix trap), and the answer says so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PUBLISH_SCRIPT } from '../../../server/app/broadcaster.ts';
import { visitorChannelPrefix } from '../../../server/demos/laravel-payload/laravel-payload-service.ts';
import { visitorTag, VISITOR_COOKIE } from '../../../server/demos/redis-console/visitor.ts';
import { createSite, type Site } from '../../../server/main.ts';
import { connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/wait.ts';
import { createDistFixture, type DistFixture } from '../main/site-fixture.ts';

let site: Site;
let dist: DistFixture;
let keyPrefix: string;
const clients: TestClient[] = [];

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A reader with a visitor cookie. */
class Reader {
  cookie = '';

  async post(body: unknown, type = 'application/json'): Promise<Answer> {
    const response = await fetch(`${site.url}/demos/laravel-payload/broadcast`, {
      method: 'POST',
      headers: {
        'content-type': type,
        ...(this.cookie ? { cookie: `${VISITOR_COOKIE}=${this.cookie}` } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const match = new RegExp(`^${VISITOR_COOKIE}=([0-9a-f]{32})`).exec(line);
      if (match?.[1]) this.cookie = match[1];
    }
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Gets a visitor id (the page does this with GET /session). */
  async start(): Promise<string> {
    const response = await fetch(`${site.url}/demos/laravel-payload/session`);
    const match = new RegExp(`^${VISITOR_COOKIE}=([0-9a-f]{32})`).exec(
      response.headers.getSetCookie()[0] ?? '',
    );
    this.cookie = match?.[1] ?? '';
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body['keyPrefix'], keyPrefix);
    assert.equal(body['channelPrefix'], visitorChannelPrefix(visitorTag(this.cookie)));
    return String(body['channelPrefix']);
  }
}

/** A laravel-echo client listening to `channel` for `.event`; collects what arrives. */
async function listener(channel: string, event: string): Promise<unknown[]> {
  const client = await connectClient('echo2+sio4', site.url, {
    options: { transports: ['websocket'] },
  });
  clients.push(client);
  const got: unknown[] = [];
  const joined = new Promise<void>((resolve) => {
    const onSubscribe = (payload: { channel: string }): void => {
      if (payload.channel !== channel) return;
      site.echo.events.off('subscribe', onSubscribe);
      resolve();
    };
    site.echo.events.on('subscribe', onSubscribe);
  });
  client.echo.channel(channel).listen(`.${event}`, (data) => got.push(data));
  await joined;
  return got;
}

before(async () => {
  dist = await createDistFixture();
  keyPrefix = randomPrefix();
  site = await createSite({ port: 0, redisUrl: REDIS_URL, keyPrefix, distDir: dist.dir });
  await waitFor(async () => (await site.health()).status === 'ok', 'the site to be healthy');
});

after(async () => {
  for (const client of clients) client.close();
  await site.close();
  await dist.remove();
});

describe('what Laravel writes to Redis for a broadcast', () => {
  it('with the echo server’s prefix: the exact EVAL, PHP’s JSON, and the event reaches laravel-echo', async () => {
    const amy = new Reader();
    const prefix = await amy.start();
    const channel = `${prefix}orders`;
    const got = await listener(channel, 'App\\Events\\OrderShipped');
    const answer = await amy.post({
      prefix: keyPrefix,
      channel: 'orders',
      event: 'App\\Events\\OrderShipped',
      data: { order: { id: 1, item: '茶葉蛋' }, url: 'https://example.test/orders/1' },
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const payload =
      '{"event":"App\\\\Events\\\\OrderShipped","data":{"order":{"id":1,"item":"\\u8336\\u8449\\u86cb"},' +
      '"url":"https:\\/\\/example.test\\/orders\\/1","socket":null},"socket":null}';
    assert.equal(answer.body['payload'], payload);
    assert.deepEqual(answer.body['args'], [payload, `${keyPrefix}${channel}`]);
    assert.equal(answer.body['script'], PUBLISH_SCRIPT);
    assert.equal(answer.body['redisChannel'], `${keyPrefix}${channel}`);
    assert.equal(answer.body['matches'], true);
    assert.equal(answer.body['usedAppBroadcaster'], true);
    assert.match(
      String(answer.body['request']),
      /^\*5\\r\\n\$4\\r\\nEVAL\\r\\n\$\d+\\r\\nfor i = 2/,
    );
    assert.equal((answer.body['echo'] as { received: boolean }).received, true);
    await waitFor(() => got.length === 1, 'the event in laravel-echo');
    assert.deepEqual(got[0], {
      order: { id: 1, item: '茶葉蛋' },
      url: 'https://example.test/orders/1',
      socket: null,
    });
  });

  it('with a wrong prefix (or none): Redis publishes, the echo server hears nothing, nothing arrives', async () => {
    const amy = new Reader();
    const prefix = await amy.start();
    const got = await listener(`${prefix}trap`, 'Ping');
    for (const wrong of ['laravel-database-', '']) {
      const answer = await amy.post({
        prefix: wrong,
        channel: 'trap',
        event: 'Ping',
        data: { n: wrong },
      });
      assert.equal(answer.status, 200);
      assert.equal(answer.body['redisChannel'], `${wrong}${prefix}trap`);
      assert.equal(answer.body['matches'], false);
      assert.equal(answer.body['usedAppBroadcaster'], false);
      assert.deepEqual(answer.body['echo'], { received: false, waitedMs: 1500 });
    }
    // The right prefix then arrives first: nothing from the wrong ones was waiting in line.
    const right = await amy.post({
      prefix: keyPrefix,
      channel: 'trap',
      event: 'Ping',
      data: { n: 'right' },
    });
    assert.equal((right.body['echo'] as { received: boolean }).received, true);
    await waitFor(() => got.length === 1, 'the right event');
    assert.deepEqual(got, [{ n: 'right', socket: null }]);
  });

  it('keeps each reader on channels of their own', async () => {
    const amy = new Reader();
    const ben = new Reader();
    const amys = await amy.start();
    const bens = await ben.start();
    assert.notEqual(amys, bens);
    const answer = await ben.post({ prefix: keyPrefix, channel: 'orders', event: 'X', data: [] });
    assert.equal(answer.body['channel'], `${bens}orders`);
  });

  it('answers bad input with 400 or 415', async () => {
    const amy = new Reader();
    await amy.start();
    const base = { prefix: keyPrefix, channel: 'orders', event: 'X', data: {} };
    assert.equal((await amy.post({ ...base, channel: 'a b' })).status, 400);
    assert.equal((await amy.post({ ...base, data: 'text' })).status, 400);
    assert.equal((await amy.post({ ...base, prefix: 'x\ny' })).status, 400);
    assert.equal((await amy.post({ ...base, event: '' })).status, 400);
    assert.equal((await amy.post('{oops')).status, 400);
    assert.equal((await amy.post('prefix=x', 'application/x-www-form-urlencoded')).status, 415);
  });
});
