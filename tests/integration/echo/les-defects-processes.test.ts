/**
 * The laravel-echo-server defects that need real processes or a Redis that dies
 * (PROTOCOL.md section 8, defects 3, 11 and 12), with the real CLI and a private redis-server.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { bearerUserRule, startAuthEndpoint } from '../../helpers/auth-endpoint.ts';
import { startCli, writeCliConfig } from '../../helpers/echo-cli.ts';
import { connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { startEchoServer } from '../../helpers/echo-server.ts';
import {
  createTestRedis,
  deletePrefix,
  publishAsLaravel,
  randomPrefix,
  REDIS_URL,
} from '../../helpers/redis.ts';
import { startPrivateRedis } from '../../helpers/redis-server.ts';
import { PresenceStore } from '../../../server/echo/channels/presence-store.ts';
import { redisKeys } from '../../../server/redis/keys.ts';
import { waitFor } from '../../helpers/wait.ts';

const APP = { appId: 'app', key: 'key' };
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

async function usersOf(url: string, channel: string): Promise<number[]> {
  const res = await fetch(`${url}/apps/${APP.appId}/channels/${channel}/users?auth_key=${APP.key}`);
  const body = (await res.json()) as { users: { id: number }[] };
  return body.users.map((u) => u.id).sort((a, b) => a - b);
}

describe('laravel-echo-server defects that need processes, fixed', () => {
  test('3 + 12. after kill -9, a restart comes up at once (no lock file) and the ghosts go away', async () => {
    const redis = createTestRedis();
    const prefix = randomPrefix();
    const auth = await startAuthEndpoint(bearerUserRule);
    const cli = await writeCliConfig({
      authHost: auth.url,
      clients: [APP],
      databaseConfig: { redis: { url: REDIS_URL, keyPrefix: prefix } },
      presence: { heartbeatMs: 200, nodeTimeoutMs: 1_000 },
    });
    cleanups.push(async () => {
      await auth.close();
      cli.remove();
      await deletePrefix(redis, prefix);
      redis.disconnect();
    });
    const first = await startCli(cli);
    cleanups.push(() => first.stop('SIGKILL').then(() => undefined));
    const clients: TestClient[] = [];
    for (const id of [1, 2, 3]) {
      const c = await connectClient('echo2+sio4', first.url, {
        headers: { Authorization: `Bearer user-${id}` },
      });
      clients.push(c);
      await new Promise((res) => c.echo.join('room.1').here(res));
    }
    assert.deepEqual(await usersOf(first.url, 'presence-room.1'), [1, 2, 3]);
    assert.equal(await first.stop('SIGKILL'), 'SIGKILL');
    for (const c of clients) c.close();

    const second = await startCli(cli);
    cleanups.push(() => second.stop('SIGKILL').then(() => undefined));
    assert.deepEqual(readdirSync(cli.dir), ['laravel-echo-server.json'], 'no lock or PID file');
    const d = await connectClient('echo2+sio4', second.url, {
      headers: { Authorization: 'Bearer user-4' },
    });
    await new Promise((res) => d.echo.join('room.1').here(res));
    // The dead node's records are removed once its heartbeat is older than nodeTimeoutMs.
    await waitFor(
      async () => (await usersOf(second.url, 'presence-room.1')).join() === '4',
      'the ghosts to be reaped',
    );
    d.close();
    assert.equal(await second.stop('SIGTERM'), 0, 'SIGTERM is a clean exit');
  });

  test('4 + 3. in a cluster, a node killed with -9 is reaped by a live node, whose clients hear leaving', async () => {
    const redis = createTestRedis();
    const prefix = randomPrefix();
    const auth = await startAuthEndpoint(bearerUserRule);
    const presence = { heartbeatMs: 200, nodeTimeoutMs: 1_000 };
    const cli = await writeCliConfig({
      authHost: auth.url,
      clients: [APP],
      cluster: { enabled: true },
      presence,
      databaseConfig: { redis: { url: REDIS_URL, keyPrefix: prefix } },
    });
    const live = await startEchoServer({
      prefix,
      config: { authHost: auth.url, clients: [APP], cluster: { enabled: true }, presence },
    });
    cleanups.push(async () => {
      await live.close();
      await auth.close();
      cli.remove();
      await deletePrefix(redis, prefix);
      redis.disconnect();
    });
    const doomed = await startCli(cli);
    cleanups.push(() => doomed.stop('SIGKILL').then(() => undefined));
    const a = await connectClient('echo2+sio4', live.url, {
      headers: { Authorization: 'Bearer user-1' },
    });
    cleanups.push(() => a.close());
    const leaving = new Promise((res) => a.echo.join('room.1').leaving(res));
    await new Promise((res) => a.echo.join('room.1').here(res));
    const b = await connectClient('echo1+sio2', doomed.url, {
      headers: { Authorization: 'Bearer user-2' },
      options: { reconnection: false },
    });
    cleanups.push(() => b.close());
    await new Promise((res) => b.echo.join('room.1').here(res));
    assert.deepEqual(await usersOf(live.url, 'presence-room.1'), [1, 2]);
    await doomed.stop('SIGKILL');
    assert.deepEqual(await leaving, { name: 'user 2' });
    assert.deepEqual(await usersOf(live.url, 'presence-room.1'), [1]);
  });

  test('3. members of a cluster that was down for good are removed when a server starts again', async () => {
    const redis = createTestRedis();
    const prefix = randomPrefix();
    const keys = redisKeys(prefix);
    // Records left by a node whose heartbeat set has long expired.
    const ghost = new PresenceStore(redis, keys, 'ghost-node');
    await ghost.join('presence-room.9', 'sock-1', { user_id: 66, user_info: { name: 'ghost' } });
    assert.equal((await ghost.members('presence-room.9')).length, 1);
    const server = await startEchoServer({ prefix, config: { clients: [APP] } });
    cleanups.push(async () => {
      await server.close();
      await deletePrefix(redis, prefix);
      redis.disconnect();
    });
    await waitFor(
      async () => (await usersOf(server.url, 'presence-room.9')).length === 0,
      'the orphans to be reaped',
    );
    assert.equal(await redis.exists(keys.nodePresence('ghost-node')), 0);
  });

  test('11. Redis down at start: the server starts, reports degraded, and recovers by itself', async () => {
    const down = await startPrivateRedis({ start: false });
    cleanups.push(() => down.stop());
    const url = down.url;
    const server = await startEchoServer({ redisUrl: url });
    cleanups.push(() => server.close());
    const health = await server.echo.health();
    assert.equal(health.status, 'degraded');
    assert.match(health.checks.redis?.detail ?? '', /unreachable/);
    const c = await connectClient('echo2+sio4', server.url);
    cleanups.push(() => c.close());
    const got = new Promise((res) => c.echo.channel('news').listen('.e', res));
    await down.start();
    await waitFor(async () => (await server.echo.health()).status === 'ok', 'recovery');
    const pub = createTestRedis(url);
    cleanups.push(() => void pub.disconnect());
    await publishAsLaravel(pub, server.prefix, ['news'], { event: 'e', data: { back: true } });
    assert.deepEqual(await got, { back: true, socket: null });
  });

  test('Redis killed and restarted while clients are subscribed: delivery and presence resume', async () => {
    const red = await startPrivateRedis();
    cleanups.push(() => red.stop());
    const auth = await startAuthEndpoint(bearerUserRule);
    cleanups.push(() => auth.close());
    const server = await startEchoServer({
      redisUrl: red.url,
      config: { authHost: auth.url, clients: [APP] },
    });
    cleanups.push(() => server.close());
    await waitFor(async () => (await server.echo.health()).status === 'ok', 'Redis');
    const c = await connectClient('echo2+sio4', server.url, {
      headers: { Authorization: 'Bearer user-9' },
    });
    cleanups.push(() => c.close());
    await new Promise((res) => c.echo.join('room.1').here(res));
    const got: unknown[] = [];
    c.echo.channel('news').listen('.e', (d) => got.push(d));
    await waitFor(() => server.echo.io.of('/').adapter.rooms.has('#news'), 'join');

    await red.kill();
    await waitFor(async () => (await server.echo.health()).status === 'degraded', 'degraded');
    assert.equal((await fetch(`${server.url}/health`)).status, 503);
    await red.start();
    await waitFor(async () => (await server.echo.health()).status === 'ok', 'recovery');
    const pub = createTestRedis(red.url);
    cleanups.push(() => void pub.disconnect());
    await publishAsLaravel(pub, server.prefix, ['news'], { event: 'e', data: { n: 1 } });
    await waitFor(() => got.length === 1, 'delivery after the restart');
    // The restarted Redis lost every record; the server writes its members back.
    await waitFor(
      async () => (await usersOf(server.url, 'presence-room.1')).join() === '9',
      'presence restored',
    );
    assert.ok(c.socket.connected);
  });
});
