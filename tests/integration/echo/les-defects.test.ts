/**
 * One regression test per laravel-echo-server defect of PROTOCOL.md section 8 that a single
 * in-process server shows (1, 2, 5, 6, 7, 8, 9, 10). The others, which need several processes
 * or a Redis that dies, are in les-defects-processes.test.ts and cluster.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import {
  allow,
  bearerUserRule,
  startAuthEndpoint,
  type TestAuthEndpoint,
} from '../../helpers/auth-endpoint.ts';
import { connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { startEchoServer, type TestEchoServer } from '../../helpers/echo-server.ts';
import { expectNoLeaks } from '../../helpers/leak-oracle.ts';
import {
  createTestRedis,
  deletePrefix,
  publishAsLaravel,
  randomPrefix,
} from '../../helpers/redis.ts';
import { nextEvent, sleep, waitFor } from '../../helpers/wait.ts';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/echo');
const redis = createTestRedis();
const servers: TestEchoServer[] = [];
const auths: TestAuthEndpoint[] = [];
const clients: TestClient[] = [];

async function server(config: Parameters<typeof startEchoServer>[0] = {}): Promise<TestEchoServer> {
  const s = await startEchoServer(config);
  servers.push(s);
  await waitFor(async () => (await s.echo.health()).status === 'ok', 'Redis');
  return s;
}
async function client(
  url: string,
  headers: Record<string, string> = {},
  stack: 'echo2+sio4' | 'echo1+sio2' = 'echo2+sio4',
): Promise<TestClient> {
  const c = await connectClient(stack, url, { headers });
  clients.push(c);
  return c;
}
async function authEndpoint(
  ...args: Parameters<typeof startAuthEndpoint>
): Promise<TestAuthEndpoint> {
  const a = await startAuthEndpoint(...args);
  auths.push(a);
  return a;
}
function closeClients(): void {
  for (const c of clients.splice(0)) c.close();
}
const roomSize = (s: TestEchoServer, channel: string): number =>
  s.echo.io.of('/').adapter.rooms.get(`#${channel}`)?.size ?? 0;

after(async () => {
  closeClients();
  for (const s of servers) {
    await s.close();
    await deletePrefix(redis, s.prefix);
  }
  for (const a of auths) await a.close();
  redis.disconnect();
});

describe('laravel-echo-server defects, fixed', () => {
  let auth: TestAuthEndpoint;
  let main: TestEchoServer;
  before(async () => {
    auth = await authEndpoint(bearerUserRule);
    main = await server({ config: { authHost: auth.url, clients: [{ appId: 'a', key: 'k' }] } });
  });

  test('1. unsubscribing from a presence channel never joined does not crash', async () => {
    const c = await client(main.url, { Authorization: 'Bearer user-1' });
    for (let i = 0; i < 3; i++)
      c.socket.emit('unsubscribe', { channel: 'presence-ghost.1', auth: {} });
    const here = new Promise<unknown[]>((res) => c.echo.join('alive.1').here(res));
    assert.deepEqual(await here, [{ name: 'user 1' }]);
    closeClients();
    await expectNoLeaks(main.echo, redis);
  });

  test('2. thirty users joining a presence channel at once are all stored', async () => {
    const all = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        connectClient('echo2+sio4', main.url, {
          headers: { Authorization: `Bearer user-${i + 1}` },
        }),
      ),
    );
    clients.push(...all);
    const heres = all.map((c) => new Promise<unknown[]>((res) => c.echo.join('crowd.1').here(res)));
    await Promise.all(heres);
    const res = await fetch(`${main.url}/apps/a/channels/presence-crowd.1/users?auth_key=k`);
    const body = (await res.json()) as { users: { id: number }[] };
    assert.equal(body.users.length, 30);
    assert.deepEqual(
      body.users.map((u) => u.id).sort((x, y) => x - y),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    closeClients();
    await expectNoLeaks(main.echo, redis);
  });

  test('5. a malformed JSON body on POST /apps/:appId/events is a 400, and the server keeps serving', async () => {
    for (const body of [
      '{bad json',
      '',
      'null',
      '"string"',
      '{"channel": 5, "name": "x", "data": {}}',
    ]) {
      const res = await fetch(`${main.url}/apps/a/events`, {
        method: 'POST',
        body,
        headers: { Authorization: 'Bearer k' },
      });
      assert.equal(res.status, 400, body);
    }
    const big = await fetch(`${main.url}/apps/a/events`, {
      method: 'POST',
      body: 'x'.repeat(2_000_000),
      headers: { Authorization: 'Bearer k' },
    }).catch(() => undefined);
    assert.ok(big === undefined || big.status === 413);
    assert.equal((await fetch(`${main.url}/apps/a/status?auth_key=k`)).status, 200);
  });

  test("6. subscribing to another socket's id reveals nothing sent to that socket", async () => {
    const victim = await client(main.url, { Authorization: 'Bearer user-2' });
    const spy = await client(main.url, { Authorization: 'Bearer user-3' });
    const seen: unknown[][] = [];
    for (const ev of [
      'subscription_error',
      'presence:subscribed',
      'presence:joining',
      'whisper_error',
    ])
      spy.socket.on(ev, (...a: never[]) => seen.push([ev, ...a]));
    const victimId = victim.echo.socketId() ?? '';
    spy.socket.emit('subscribe', { channel: victimId, auth: {} });
    await waitFor(() => roomSize(main, victimId) === 1, 'the spy in a channel named like the id');
    const refused = nextEvent(victim.socket, 'subscription_error');
    victim.echo.private('deny-x');
    await refused;
    const here = new Promise((res) => victim.echo.join('secret.1').here(res));
    await here;
    victim.socket.emit('client event', { channel: 'private-x', event: 'client-y', data: {} });
    await nextEvent(victim.socket, 'whisper_error');
    await sleep(100);
    assert.deepEqual(seen, []);
    // Names outside the channel alphabet are refused outright.
    for (const bad of ['#news', 'a b', '', 'x'.repeat(201), 'private-../../x']) {
      const err = nextEvent<[string, number]>(spy.socket, 'subscription_error');
      spy.socket.emit('subscribe', { channel: bad, auth: {} });
      assert.equal((await err)[1], 400, bad);
    }
    closeClients();
    await expectNoLeaks(main.echo, redis);
  });

  test('7. auth requests time out, are capped, and verify TLS', async () => {
    const hanging = await authEndpoint(() => 'hang');
    const s = await server({
      config: { authHost: hanging.url, auth: { timeoutMs: 400, maxConcurrent: 2 } },
    });
    const c = await client(s.url);
    const errors: [string, number][] = [];
    c.socket.on('subscription_error', (ch: never, status: never) => errors.push([ch, status]));
    for (let i = 0; i < 5; i++) c.echo.private(`slow.${i}`);
    await waitFor(() => hanging.requests.length === 2, 'two requests in flight');
    await sleep(100);
    assert.equal(hanging.requests.length, 2, 'no more than maxConcurrent requests in flight');
    await waitFor(() => errors.length === 5, 'five timeouts');
    assert.ok(errors.every(([, status]) => status === 0));
    assert.equal(roomSize(s, 'private-slow.0'), 0);

    const tls = {
      key: readFileSync(`${FIXTURES}/self-signed.key`),
      cert: readFileSync(`${FIXTURES}/self-signed.crt`),
    };
    const secure = await authEndpoint(allow(1), { tls });
    const verifying = await server({ config: { authHost: secure.url } });
    const c2 = await client(verifying.url);
    const err = nextEvent<[string, number]>(c2.socket, 'subscription_error');
    c2.echo.private('tls');
    assert.deepEqual((await err).slice(0, 2), ['private-tls', 0]);
    assert.equal(secure.requests.length, 0, 'a certificate that does not verify gets no request');
    const lax = await server({
      config: { authHost: secure.url, auth: { rejectUnauthorized: false } },
    });
    const c3 = await client(lax.url);
    c3.echo.private('tls');
    await waitFor(() => roomSize(lax, 'private-tls') === 1, 'join with verification off');
    closeClients();
  });

  test('8. origins are checked on both transports; socket.io-client 2, 3 and 4 all connect', async () => {
    const s = await server({
      config: { authHost: 'https://app.example', maxHttpBufferSize: 2048 },
    });
    const poll = (origin: string): Promise<number> =>
      fetch(`${s.url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: origin } }).then(
        (r) => r.status,
      );
    assert.equal(await poll('https://evil.example'), 403);
    assert.equal(await poll('https://app.example'), 200);
    const ws = (origin: string): Promise<boolean> =>
      new Promise((res) => {
        const sock = new WebSocket(
          `ws://127.0.0.1:${s.port}/socket.io/?EIO=4&transport=websocket`,
          { headers: { Origin: origin } },
        );
        sock.on('message', () => {
          sock.close();
          res(true);
        });
        sock.on('error', () => res(false));
        sock.on('unexpected-response', () => res(false));
      });
    assert.equal(await ws('https://evil.example'), false);
    assert.equal(await ws('https://app.example'), true);
    const old = await client(s.url, {}, 'echo1+sio2');
    assert.ok(old.socket.connected);
    // A message over maxHttpBufferSize closes that connection instead of being buffered.
    const modern = await client(s.url);
    const gone = nextEvent(modern.socket, 'disconnect');
    modern.socket.emit('client event', {
      channel: 'private-x',
      event: 'client-x',
      data: 'x'.repeat(10_000),
    });
    await gone;
    closeClients();
  });

  test('9. whispers: anchored prefixes, members only, size and rate limits, an error to the sender', async () => {
    const s = await server({
      config: { authHost: auth.url, whisper: { maxBytes: 100, burst: 2, perSecond: 0.5 } },
    });
    const a = await client(s.url, { Authorization: 'Bearer user-1' });
    const b = await client(s.url, { Authorization: 'Bearer user-2' });
    const got: unknown[] = [];
    b.echo.private('w').listenForWhisper('t', (d) => got.push(d));
    a.echo.private('w');
    await waitFor(() => roomSize(s, 'private-w') === 2, 'joins');
    const code = async (payload: unknown): Promise<string> => {
      const e = nextEvent<[string, { code: string }]>(a.socket, 'whisper_error');
      a.socket.emit('client event', payload);
      return (await e)[1].code;
    };
    assert.equal(
      await code({ channel: 'private-w', event: 'my-client-t', data: 1 }),
      'invalid_event',
    );
    assert.equal(
      await code({ channel: 'my-private-w', event: 'client-t', data: 1 }),
      'not_private',
    );
    assert.equal(
      await code({ channel: 'private-w', event: 'client-t', data: 'y'.repeat(200) }),
      'too_large',
    );
    a.echo.private('w').whisper('t', 1);
    a.echo.private('w').whisper('t', 2);
    assert.equal(await code({ channel: 'private-w', event: 'client-t', data: 3 }), 'rate_limited');
    await waitFor(() => got.length === 2, 'two whispers');
    assert.deepEqual(got, [1, 2]);
    closeClients();
  });

  test('10. apps with different key prefixes on one Redis do not hear each other', async () => {
    const one = await server();
    const two = await server();
    const empty = await server({ prefix: '' });
    const c1 = await client(one.url);
    const c2 = await client(two.url);
    const c3 = await client(empty.url);
    const at1: unknown[] = [];
    const at2: unknown[] = [];
    const at3: unknown[] = [];
    c1.echo.channel('shared').listen('.e', (d) => at1.push(d));
    c2.echo.channel('shared').listen('.e', (d) => at2.push(d));
    c3.echo.channel('shared').listen('.e', (d) => at3.push(d));
    await waitFor(
      () => roomSize(one, 'shared') + roomSize(two, 'shared') + roomSize(empty, 'shared') === 3,
      'joins',
    );
    await publishAsLaravel(redis, one.prefix, ['shared'], { event: 'e', data: { to: 1 } });
    await waitFor(() => at1.length === 1, 'delivery to app one');
    await sleep(100);
    assert.deepEqual([at1.length, at2.length, at3.length], [1, 0, 0]);
    // The empty-prefix app relays only well-formed Laravel messages on exactly its channel names.
    await redis.publish('shared', 'garbage');
    await publishAsLaravel(redis, '', ['shared'], { event: 'e', data: { to: 3 } });
    await waitFor(() => at3.length === 1, 'delivery to the empty-prefix app');
    assert.deepEqual(at3, [{ to: 3, socket: null }]);
    closeClients();
  });
});

void randomPrefix;
