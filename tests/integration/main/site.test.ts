/**
 * The whole one-process backend, started by its factory on port 0 with a random Redis key
 * prefix: pages, the app's login and /broadcasting/auth, and broadcasts that travel
 * app → Redis → echo server → a real laravel-echo client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NOTIFICATION_EVENT } from '../../../server/app/broadcaster.ts';
import { createSite, type Site } from '../../../server/main.ts';
import { connectClient, type ClientStack, type TestClient } from '../../helpers/echo-clients.ts';
import { randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { nextEvent, sleep, waitFor } from '../../helpers/wait.ts';
import { SiteClient } from './site-client.ts';
import { createDistFixture, type DistFixture } from './site-fixture.ts';

let site: Site;
let dist: DistFixture;
const clients: TestClient[] = [];

async function echoAs(
  visitor: SiteClient | undefined,
  headers: Record<string, string> = {},
  stack: ClientStack = 'echo2+sio4',
): Promise<TestClient> {
  const client = await connectClient(stack, site.url, {
    headers: visitor === undefined ? headers : { 'X-CSRF-TOKEN': visitor.csrfToken, ...headers },
    // A browser sends its cookies with the Socket.IO handshake; the echo server forwards them.
    options: {
      // socket.io-client 2 in Node sends extraHeaders only on polling requests; its handshake
      // starts there, as in a browser, and the server keeps that request's headers.
      transports: stack === 'echo1+sio2' ? ['polling', 'websocket'] : ['websocket'],
      extraHeaders: visitor === undefined ? {} : { Cookie: visitor.cookieHeader() },
    },
  });
  clients.push(client);
  return client;
}

/** Resolves when the echo server has put a socket in `channel` (after a successful auth). */
function subscribed(channel: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = (event: { channel: string }): void => {
      if (event.channel !== channel) return;
      site.echo.events.off('subscribe', listener);
      resolve();
    };
    site.echo.events.on('subscribe', listener);
  });
}

before(async () => {
  dist = await createDistFixture();
  site = await createSite({
    port: 0,
    redisUrl: REDIS_URL,
    keyPrefix: randomPrefix(),
    distDir: dist.dir,
  });
  await waitFor(async () => (await site.health()).status === 'ok', 'the site to be healthy');
});

after(async () => {
  for (const client of clients) client.close();
  await site.close();
  await dist.remove();
});

describe('the one-process site serves the built pages', { timeout: 30_000 }, () => {
  it('serves the home page as UTF-8 HTML that revalidates', async () => {
    const response = await fetch(`${site.url}/`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.match(await response.text(), /即時廣播/);
  });

  it('answers a repeat request with 304 when the page has not changed', async () => {
    const first = await fetch(`${site.url}/`);
    await first.text();
    const etag = first.headers.get('etag') ?? '';
    const again = await fetch(`${site.url}/`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });

  it('redirects a folder to its slash, then serves its index.html', async () => {
    const redirect = await fetch(`${site.url}/en/redis`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/en/redis/');
    assert.equal((await fetch(`${site.url}/en/redis/`)).status, 200);
  });

  it("answers unknown pages with the site's own 404 page", async () => {
    const response = await fetch(`${site.url}/no/such/page/`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /找不到頁面/);
  });

  it('answers unknown English pages with the English 404 page', async () => {
    const response = await fetch(`${site.url}/en/no/such/page/`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /Page not found/);
  });

  it('gzips text for clients that accept it, and only for them', async () => {
    const gzipped = await fetch(`${site.url}/en/long.html`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(gzipped.headers.get('content-encoding'), 'gzip');
    assert.equal(gzipped.headers.get('vary'), 'Accept-Encoding');
    const text = await gzipped.text();
    assert.equal(text.match(/頻道 channel/g)?.length, 400);
    const plain = await fetch(`${site.url}/en/long.html`, {
      headers: { 'accept-encoding': 'identity' },
    });
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), text);
  });

  it('caches fingerprinted assets for a year', async () => {
    const response = await fetch(`${site.url}/_astro/app.abc123.js`);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    await response.text();
  });

  it('never serves a file outside the site folder', async () => {
    for (const path of [
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
      '/en/%2e%2e/%2e%2e/secret.txt',
    ]) {
      const response = await fetch(`${site.url}${path}`);
      const text = await response.text();
      assert.ok(response.status === 400 || response.status === 404, `${path}: ${response.status}`);
      assert.doesNotMatch(text, /outside the site/, path);
    }
  });

  it('reports every part healthy', async () => {
    const response = await fetch(`${site.url}/health`);
    assert.deepEqual(await response.json(), {
      status: 'ok',
      checks: {
        site: { status: 'ok' },
        redis: { status: 'ok' },
        echo: { status: 'ok' },
        demos: { status: 'ok' },
      },
    });
  });
});

describe('login and /broadcasting/auth', { timeout: 30_000 }, () => {
  it('gives a guest a CSRF token and no user', async () => {
    const visitor = new SiteClient(site.url);
    const me = await visitor.me();
    assert.equal(me.user, null);
    assert.match(me.csrfToken, /^[\w-]{40}$/);
  });

  it('refuses a login without the CSRF token with 419', async () => {
    const visitor = new SiteClient(site.url);
    await visitor.me();
    const answer = await visitor.request('POST', '/app/login', { userId: 1 });
    assert.equal(answer.status, 419);
    assert.equal(answer.text, '{"message":"CSRF token mismatch."}');
  });

  it('logs in on a new session id, with an HttpOnly SameSite=Lax cookie', async () => {
    const visitor = new SiteClient(site.url);
    await visitor.me();
    const before = visitor.cookieHeader();
    const answer = await visitor.login(2);
    assert.equal(answer.status, 200);
    const cookie = answer.headers
      .getSetCookie()
      .find((line) => line.startsWith('echo_lab_session='));
    assert.match(cookie ?? '', /HttpOnly/);
    assert.match(cookie ?? '', /SameSite=Lax/);
    assert.notEqual(visitor.cookieHeader(), before);
    assert.equal((await visitor.me()).user?.name, 'Bob');
  });

  it("answers the echo server's auth request exactly as Laravel", async () => {
    const bob = new SiteClient(site.url);
    await bob.login(2);
    const own = await bob.auth('private-order.3');
    assert.equal(own.status, 200);
    assert.equal(own.text, 'true');
    const other = await bob.auth('private-order.1');
    assert.equal(other.status, 403);
    assert.equal(other.text, '{"message":""}');
    const presence = await bob.auth('presence-chat.1');
    assert.equal(presence.text, '{"channel_data":{"user_id":2,"user_info":{"id":2,"name":"Bob"}}}');
    const wrongToken = await bob.auth('private-order.3', { 'x-csrf-token': 'nope' });
    assert.equal(wrongToken.status, 419);
  });

  it('answers 401 to a guest and after logout', async () => {
    const visitor = new SiteClient(site.url);
    await visitor.me();
    assert.equal((await visitor.auth('private-order.1')).status, 401);
    await visitor.login(1);
    assert.equal((await visitor.auth('private-order.1')).status, 200);
    const out = await visitor.post('/app/logout');
    visitor.csrfToken = (out.json() as { csrfToken: string }).csrfToken;
    assert.equal((await visitor.auth('private-order.1')).status, 401);
  });
});

describe('broadcasts reach laravel-echo through the echo server', { timeout: 60_000 }, () => {
  it('delivers what the app broadcasts on a public channel', async () => {
    const reader = await echoAs(undefined);
    const received = new Promise<unknown>((resolve) =>
      reader.echo.channel('news').listen('.NewsPosted', resolve),
    );
    await sleep(100);
    const visitor = new SiteClient(site.url);
    await visitor.me();
    const answer = await visitor.post('/app/broadcast', {
      channel: 'news',
      event: 'NewsPosted',
      data: { title: '頻道/廣播' },
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(await received, { title: '頻道/廣播', socket: null });
  });

  it('skips the sender of a toOthers() broadcast (X-Socket-ID)', async () => {
    const sender = await echoAs(undefined);
    const other = await echoAs(undefined);
    const senderGot: unknown[] = [];
    sender.echo.channel('room-updates').listen('.Updated', (data) => senderGot.push(data));
    const otherGot = new Promise<unknown>((resolve) =>
      other.echo.channel('room-updates').listen('.Updated', resolve),
    );
    await sleep(100);
    const visitor = new SiteClient(site.url);
    await visitor.me();
    const socketId = sender.echo.socketId() ?? '';
    const answer = await visitor.post(
      '/app/broadcast',
      { channel: 'room-updates', event: 'Updated', data: { n: 1 }, toOthers: true },
      { 'x-socket-id': socketId },
    );
    assert.equal((answer.json() as { socket: string }).socket, socketId);
    assert.deepEqual(await otherGot, { n: 1, socket: socketId });
    await sleep(200);
    assert.deepEqual(senderGot, []);
  });

  it('lets a logged-in browser join its own private order channel, with its cookie', async () => {
    const bob = new SiteClient(site.url);
    await bob.login(2);
    const reader = await echoAs(bob);
    // Echo gives no success event for private channels: the echo server's own event says so.
    const joined = subscribed('private-order.3');
    const shipped = new Promise<unknown>((resolve) =>
      reader.echo.private('order.3').listen('OrderShipped', resolve),
    );
    await joined;
    const answer = await bob.post('/app/broadcast', {
      channel: 'private-order.3',
      event: 'App\\Events\\OrderShipped',
      data: { orderId: 3 },
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(await shipped, { orderId: 3, socket: null });
  });

  it('serves laravel-echo 1.x on socket.io-client 2 the same way, cookie and all', async () => {
    const alice = new SiteClient(site.url);
    await alice.login(1);
    const reader = await echoAs(alice, {}, 'echo1+sio2');
    const joined = subscribed('private-order.2');
    const shipped = new Promise<unknown>((resolve) =>
      reader.echo.private('order.2').listen('OrderShipped', resolve),
    );
    await joined;
    await alice.post('/app/broadcast', {
      channel: 'private-order.2',
      event: 'App\\Events\\OrderShipped',
      data: { orderId: 2 },
    });
    assert.deepEqual(await shipped, { orderId: 2, socket: null });
  });

  it("refuses someone else's order with subscription_error 403", async () => {
    const bob = new SiteClient(site.url);
    await bob.login(2);
    const reader = await echoAs(bob);
    const error = nextEvent<[string, number]>(reader.socket, 'subscription_error');
    reader.echo.private('order.1');
    // Socket.IO may append its recovery offset: compare the protocol's two arguments.
    assert.deepEqual((await error).slice(0, 2), ['private-order.1', 403]);
    const answer = await bob.post('/app/broadcast', {
      channel: 'private-order.1',
      event: 'Spy',
      data: {},
    });
    assert.equal(answer.status, 403);
  });

  it('lists presence members with the user info the rule returns', async () => {
    const carol = new SiteClient(site.url);
    await carol.login(3);
    const reader = await echoAs(carol);
    const here = new Promise<unknown[]>((resolve) => reader.echo.join('chat.lobby').here(resolve));
    assert.deepEqual(await here, [{ id: 3, name: 'Carol' }]);
  });

  it('acts as a second user with a bearer token, no second browser needed', async () => {
    const page = new SiteClient(site.url);
    await page.me();
    const issued = await page.post('/app/tokens', { name: 'Simulated classmate' });
    assert.equal(issued.status, 201);
    const { token, user } = issued.json() as { token: string; user: { id: number } };
    const classmate = await echoAs(undefined, { Authorization: `Bearer ${token}` });
    const here = new Promise<unknown[]>((resolve) =>
      classmate.echo.join('chat.tokens').here(resolve),
    );
    assert.deepEqual(await here, [{ id: user.id, name: 'Simulated classmate' }]);
  });

  it("delivers a notification on the user's own channel", async () => {
    const alice = new SiteClient(site.url);
    await alice.login(1);
    const reader = await echoAs(alice);
    const joined = subscribed('private-App.Models.User.1');
    const notified = new Promise<unknown>((resolve) =>
      reader.echo.private('App.Models.User.1').listen(`.${NOTIFICATION_EVENT}`, resolve),
    );
    await joined;
    const answer = await alice.post('/app/notify', {
      type: 'App\\Notifications\\InvoicePaid',
      data: { amount: 30 },
    });
    assert.equal(answer.status, 200);
    const data = (await notified) as Record<string, unknown>;
    assert.equal(data['type'], 'App\\Notifications\\InvoicePaid');
    assert.equal(data['amount'], 30);
    assert.match(String(data['id']), /^[0-9a-f-]{36}$/);
  });
});
