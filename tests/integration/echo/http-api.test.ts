/**
 * PROTOCOL.md section 7: the HTTP API, with real clients of both stacks subscribed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allow, startAuthEndpoint, type TestAuthEndpoint } from '../../helpers/auth-endpoint.ts';
import { CLIENT_STACKS, connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { startEchoServer, type TestEchoServer } from '../../helpers/echo-server.ts';
import { expectNoLeaks } from '../../helpers/leak-oracle.ts';
import { createTestRedis, deletePrefix } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/wait.ts';

const APP = { appId: 'app1', key: 'secret-key-1' };

for (const stack of CLIENT_STACKS) {
  describe(`HTTP API (${stack})`, () => {
    let server: TestEchoServer;
    let auth: TestAuthEndpoint;
    const redis = createTestRedis();
    const clients: TestClient[] = [];
    const api = async (
      path: string,
      init: RequestInit & { key?: string | null } = {},
    ): Promise<{ status: number; body: unknown }> => {
      const headers = new Headers(init.headers);
      if (init.key !== null) headers.set('Authorization', `Bearer ${init.key ?? APP.key}`);
      const res = await fetch(`${server.url}/apps/${APP.appId}${path}`, { ...init, headers });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    };

    before(async () => {
      auth = await startAuthEndpoint(allow(42, { name: 'Ada' }));
      server = await startEchoServer({
        config: { authHost: auth.url, clients: [APP, { appId: 'app2', key: 'other' }] },
      });
      for (let i = 0; i < 2; i++) {
        const c = await connectClient(stack, server.url);
        clients.push(c);
        c.echo.channel('news');
        c.echo.join('room.9');
      }
      clients[0]?.echo.private('orders.3');
      await waitFor(
        () =>
          server.echo.io.of('/').adapter.rooms.get('#presence-room.9')?.size === 2 &&
          server.echo.io.of('/').adapter.rooms.has('#private-orders.3'),
        'subscriptions',
      );
    });
    after(async () => {
      for (const c of clients) c.close();
      await expectNoLeaks(server.echo, redis);
      await server.close();
      await auth.close();
      await deletePrefix(redis, server.prefix);
      redis.disconnect();
    });

    test('every route needs the key of that app (Bearer or ?auth_key=)', async () => {
      assert.deepEqual(await api('/status', { key: null }), {
        status: 403,
        body: { error: 'Unauthorized' },
      });
      assert.equal((await api('/status', { key: 'other' })).status, 403);
      assert.equal((await api('/status', { key: 'secret-key-2' })).status, 403);
      const res = await fetch(`${server.url}/apps/${APP.appId}/status?auth_key=${APP.key}`);
      assert.equal(res.status, 200);
    });

    test('GET status', async () => {
      const { status, body } = await api('/status');
      assert.equal(status, 200);
      const b = body as {
        subscription_count: number;
        uptime: number;
        memory_usage: { rss: number };
      };
      assert.equal(b.subscription_count, 2);
      assert.equal(typeof b.uptime, 'number');
      assert.equal(typeof b.memory_usage.rss, 'number');
    });

    test('GET channels, with filter_by_prefix', async () => {
      assert.deepEqual(await api('/channels'), {
        status: 200,
        body: {
          channels: {
            news: { subscription_count: 2, occupied: true },
            'presence-room.9': { subscription_count: 2, occupied: true },
            'private-orders.3': { subscription_count: 1, occupied: true },
          },
        },
      });
      assert.deepEqual(await api('/channels?filter_by_prefix=presence-'), {
        status: 200,
        body: { channels: { 'presence-room.9': { subscription_count: 2, occupied: true } } },
      });
    });

    test('GET one channel; presence adds user_count', async () => {
      assert.deepEqual(await api('/channels/news'), {
        status: 200,
        body: { subscription_count: 2, occupied: true },
      });
      assert.equal((await api('/channels/%E0%A4%A')).status, 200, 'a malformed escape is no crash');
      assert.deepEqual(await api('/channels/empty'), {
        status: 200,
        body: { subscription_count: 0, occupied: false },
      });
      assert.deepEqual(await api('/channels/presence-room.9'), {
        status: 200,
        body: { subscription_count: 2, occupied: true, user_count: 1 },
      });
    });

    test('GET users of a presence channel; 400 for others', async () => {
      assert.deepEqual(await api('/channels/presence-room.9/users'), {
        status: 200,
        body: { users: [{ id: 42, user_info: { name: 'Ada' } }] },
      });
      assert.deepEqual(await api('/channels/news/users'), {
        status: 400,
        body: { error: 'User list is only possible for Presence Channels' },
      });
    });

    test('POST events: channel or channels, data as object or JSON string, socket_id excluded', async () => {
      const [a, b] = clients as [TestClient, TestClient];
      const atA: unknown[] = [];
      const atB: unknown[] = [];
      a.echo.channel('news').listen('.api', (d) => atA.push(d));
      b.echo.channel('news').listen('.api', (d) => atB.push(d));
      const post = (body: unknown): Promise<{ status: number; body: unknown }> =>
        api('/events', {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json' },
        });
      assert.deepEqual(await post({ channel: 'news', name: 'api', data: { n: 1 } }), {
        status: 200,
        body: { message: 'ok' },
      });
      assert.deepEqual(await post({ channels: ['news'], name: 'api', data: '{"n":2}' }), {
        status: 200,
        body: { message: 'ok' },
      });
      assert.deepEqual(
        await post({ channel: 'news', name: 'api', data: { n: 3 }, socket_id: a.echo.socketId() }),
        { status: 200, body: { message: 'ok' } },
      );
      await waitFor(() => atB.length === 3, 'three events at b');
      assert.deepEqual(atB, [{ n: 1 }, { n: 2 }, { n: 3 }]);
      assert.deepEqual(atA, [{ n: 1 }, { n: 2 }]);
      const missing = {
        status: 400,
        body: { error: 'Event must include channel, event name and data' },
      };
      assert.deepEqual(await post({ name: 'api', data: {} }), missing);
      assert.deepEqual(await post({ channel: 'news', data: {} }), missing);
      assert.deepEqual(await post({ channel: 'news', name: 'api' }), missing);
      assert.deepEqual(await post([1, 2]), missing);
    });

    test('GET /health and /metrics', async () => {
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(((await health.json()) as { status: string }).status, 'ok');
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      assert.match(metrics, /^echo_server_connections 2$/m);
      assert.match(metrics, /^echo_server_subscriptions\{type="presence"\} 2$/m);
      assert.match(metrics, /^echo_server_broadcasts_total\{source="http"\} \d+$/m);
      assert.match(metrics, /echo_server_auth_duration_seconds_count\{status="200"\} \d+/);
    });
  });
}
