/**
 * The app's HTTP routes on their own `http.Server` (port 0) with a real Redis: the edges of
 * login, CSRF, bearer tokens, /broadcasting/auth variants, validation and rate limits.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { createApp, type App } from '../../../server/app/create-app.ts';
import { createTestRedis, randomPrefix } from '../../helpers/redis.ts';
import { SiteClient } from '../main/site-client.ts';

let redis: Redis;
let server: Server;
let app: App;
let base: string;

before(async () => {
  redis = createTestRedis();
  app = createApp({ redis, keyPrefix: randomPrefix(), logger: pino({ level: 'silent' }) });
  server = createServer((req, res) => {
    void app.handleRequest(req, res).then((handled) => {
      if (!handled) res.writeHead(418).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await redis.quit();
});

describe('the app routes', { timeout: 30_000 }, () => {
  it('leaves other paths to the next handler', async () => {
    assert.equal((await fetch(`${base}/index.html`)).status, 418);
    assert.equal((await fetch(`${base}/application`)).status, 418);
  });

  it('answers unknown /app routes with 404 and wrong methods with 405', async () => {
    assert.equal((await fetch(`${base}/app/nothing`)).status, 404);
    const wrong = await fetch(`${base}/app/login`);
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'POST');
  });

  it('sets a readable XSRF-TOKEN cookie that X-XSRF-TOKEN may echo, as axios does', async () => {
    const visitor = new SiteClient(base);
    const answer = await visitor.request('GET', '/app/me');
    const xsrf = answer.headers.getSetCookie().find((line) => line.startsWith('XSRF-TOKEN='));
    assert.ok(xsrf !== undefined);
    assert.doesNotMatch(xsrf, /HttpOnly/);
    const token = decodeURIComponent(xsrf.split(';')[0]?.split('=')[1] ?? '');
    const login = await visitor.request(
      'POST',
      '/app/login',
      { userId: 4 },
      { 'x-xsrf-token': token },
    );
    assert.equal(login.status, 200);
  });

  it('accepts the CSRF token as a _token form field, as an HTML form sends it', async () => {
    const bob = new SiteClient(base);
    await bob.login(2);
    const answer = await bob.request(
      'POST',
      '/broadcasting/auth',
      `channel_name=private-order.3&_token=${bob.csrfToken}`,
    );
    assert.equal(answer.text, 'true');
    const wrong = await bob.request(
      'POST',
      '/broadcasting/auth',
      'channel_name=private-order.3&_token=wrong',
    );
    assert.equal(wrong.status, 419);
  });

  it('serves the channel rules with their PHP twins', async () => {
    const answer = await fetch(`${base}/app/channels`);
    const body = (await answer.json()) as {
      rules: { pattern: string; php: string }[];
      keyPrefix: string;
    };
    const order = body.rules.find((rule) => rule.pattern === 'order.{orderId}');
    assert.match(
      order?.php ?? '',
      /^Broadcast::channel\('order\.\{orderId\}', function \(\$user, \$orderId\) \{/,
    );
    assert.match(body.keyPrefix, /^test_/);
  });

  it('logs a guest in under the nickname they chose', async () => {
    const visitor = new SiteClient(base);
    await visitor.me();
    const answer = await visitor.post('/app/login', { name: '小明' });
    const user = (answer.json() as { user: { id: number; name: string } }).user;
    assert.equal(user.name, '小明');
    assert.ok(user.id > 1000);
  });

  it('answers a bad login body with 422 and a hint', async () => {
    const visitor = new SiteClient(base);
    await visitor.me();
    assert.equal((await visitor.post('/app/login', { userId: 99 })).status, 422);
    assert.equal((await visitor.post('/app/login', { who: 'me' })).status, 422);
  });

  it('answers a malformed JSON body with 400, never a crash', async () => {
    const visitor = new SiteClient(base);
    await visitor.me();
    const answer = await visitor.post('/app/broadcast', '{"channel":', {
      'content-type': 'application/json',
    });
    assert.equal(answer.status, 400);
  });

  it('refuses a body over the limit with 413', async () => {
    const visitor = new SiteClient(base);
    await visitor.me();
    const answer = await visitor.post('/app/broadcast', {
      channel: 'news',
      event: 'Big',
      data: { text: 'x'.repeat(70_000) },
    });
    assert.equal(answer.status, 413);
  });

  it('lets bearer-token requests through without a CSRF token', async () => {
    const visitor = new SiteClient(base);
    await visitor.me();
    const { token } = (await visitor.post('/app/tokens', { userId: 1 })).json() as {
      token: string;
    };
    const stranger = new SiteClient(base);
    const answer = await stranger.request(
      'POST',
      '/broadcasting/auth',
      'channel_name=private-order.1',
      {
        authorization: `Bearer ${token}`,
      },
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.text, 'true');
    const unknown = await stranger.request(
      'POST',
      '/broadcasting/auth',
      'channel_name=private-order.1',
      {
        authorization: 'Bearer not-a-token',
      },
    );
    assert.equal(
      unknown.status,
      419,
      'an unknown token falls back to the session, which has no CSRF token',
    );
  });

  it('accepts channel_name as JSON and on GET, as Laravel route matching does', async () => {
    const bob = new SiteClient(base);
    await bob.login(2);
    assert.equal(
      (await bob.post('/broadcasting/auth', { channel_name: 'private-order.3' })).text,
      'true',
    );
    assert.equal(
      (await bob.request('GET', '/broadcasting/auth?channel_name=private-order.3')).text,
      'true',
    );
  });

  it('validates broadcasts: channel names, event names, data', async () => {
    const visitor = new SiteClient(base);
    await visitor.me();
    for (const body of [
      { channel: 'bad channel', event: 'E' },
      { channel: 'news', event: '' },
      { event: 'E' },
      { channel: 'news', event: 'E', data: 'text' },
    ]) {
      assert.equal((await visitor.post('/app/broadcast', body)).status, 422, JSON.stringify(body));
    }
  });

  it('needs a login to notify', async () => {
    const visitor = new SiteClient(base);
    await visitor.me();
    assert.equal((await visitor.post('/app/notify', {})).status, 401);
  });

  it('rate-limits broadcasts per session, not per address', async () => {
    const eager = new SiteClient(base);
    await eager.me();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      statuses.push(
        (await eager.post('/app/broadcast', { channel: 'news', event: 'Spam', data: { i } }))
          .status,
      );
    }
    assert.ok(statuses.includes(429), 'some requests were refused');
    const calm = new SiteClient(base);
    await calm.me();
    assert.equal(
      (await calm.post('/app/broadcast', { channel: 'news', event: 'Hello', data: {} })).status,
      200,
    );
  });

  it('reports auth decisions and broadcasts as events for the demos', async () => {
    const seen: string[] = [];
    const onAuth = (event: { channel: string; status: number }): void =>
      void seen.push(`${event.channel}:${event.status}`);
    app.events.on('auth', onAuth);
    const bob = new SiteClient(base);
    await bob.login(2);
    await bob.auth('private-order.1');
    app.events.off('auth', onAuth);
    assert.deepEqual(seen, ['private-order.1:403']);
  });
});
