/**
 * Defect 4 of PROTOCOL.md section 8: two instances on one Redis act as one server
 * (cluster mode, @socket.io/redis-streams-adapter): presence, whispers, toOthers, the HTTP
 * API and broadcasts span both, and neither deletes the other's members.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import {
  bearerUserRule,
  startAuthEndpoint,
  type TestAuthEndpoint,
} from '../../helpers/auth-endpoint.ts';
import { CLIENT_STACKS, connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { startEchoServer, type TestEchoServer } from '../../helpers/echo-server.ts';
import { expectNoLeaks } from '../../helpers/leak-oracle.ts';
import {
  createTestRedis,
  deletePrefix,
  publishAsLaravel,
  randomPrefix,
} from '../../helpers/redis.ts';
import { nextEvent, sleep, waitFor } from '../../helpers/wait.ts';

const APP = { appId: 'app', key: 'key' };

describe('two instances on one Redis (cluster mode)', () => {
  const redis = createTestRedis();
  const prefix = randomPrefix();
  let auth: TestAuthEndpoint;
  let one: TestEchoServer;
  let two: TestEchoServer;
  const clients: TestClient[] = [];
  const cleanupSockets: Socket[] = [];
  const users = async (
    server: TestEchoServer,
    id: number,
    stack = CLIENT_STACKS[0],
  ): Promise<TestClient> => {
    const c = await connectClient(stack ?? 'echo2+sio4', server.url, {
      headers: { Authorization: `Bearer user-${id}` },
    });
    clients.push(c);
    return c;
  };
  const api = async (
    server: TestEchoServer,
    path: string,
    init: RequestInit = {},
  ): Promise<unknown> => {
    const res = await fetch(`${server.url}/apps/${APP.appId}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${APP.key}`, 'Content-Type': 'application/json' },
    });
    return res.json();
  };

  before(async () => {
    auth = await startAuthEndpoint(bearerUserRule);
    const config = { authHost: auth.url, clients: [APP], cluster: { enabled: true } };
    one = await startEchoServer({ prefix, config });
    two = await startEchoServer({ prefix, config });
    await waitFor(
      async () =>
        (await one.echo.health()).status === 'ok' && (await two.echo.health()).status === 'ok',
      'Redis',
    );
    // The adapter learns about its peer through heartbeats.
    await waitFor(
      async () =>
        (await one.echo.io.serverSideEmitWithAck('echo:stats').catch(() => [])).length === 1,
      'the peer',
    );
  });
  after(async () => {
    for (const c of clients) c.close();
    for (const s of cleanupSockets) s.disconnect();
    await one.close();
    await two.close();
    await auth.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  test('presence, whispers, broadcasts and toOthers span both nodes', async () => {
    const a = await users(one, 1);
    const b = await users(two, 2, CLIENT_STACKS[1]);
    const joinings: unknown[] = [];
    const hereA = new Promise<unknown[]>((res) =>
      a.echo
        .join('room.1')
        .here(res)
        .joining((u) => joinings.push(u)),
    );
    await hereA;
    const hereB = await new Promise<unknown[]>((res) => b.echo.join('room.1').here(res));
    assert.equal(hereB.length, 2, 'b sees a, who is on the other node');
    await waitFor(() => joinings.length === 1, 'a hears b joining through the other node');

    const whisper = new Promise<unknown>((res) =>
      a.echo.join('room.1').listenForWhisper('typing', res),
    );
    b.echo.join('room.1').whisper('typing', { from: 2 });
    assert.deepEqual(await whisper, { from: 2 });

    // A Redis broadcast is delivered once per client, not once per node.
    const atA: unknown[] = [];
    const atB: unknown[] = [];
    a.echo.join('room.1').listen('.news', (d) => atA.push(d));
    b.echo.join('room.1').listen('.news', (d) => atB.push(d));
    await publishAsLaravel(redis, prefix, ['presence-room.1'], { event: 'news', data: { n: 1 } });
    // toOthers() with the other node's socket id, through the HTTP API of node one.
    await api(one, '/events', {
      method: 'POST',
      body: JSON.stringify({
        channel: 'presence-room.1',
        name: 'news',
        data: { n: 2 },
        socket_id: b.echo.socketId(),
      }),
    });
    await waitFor(() => atA.length === 2 && atB.length === 1, 'deliveries');
    await sleep(200);
    assert.deepEqual(atA, [{ n: 1, socket: null }, { n: 2 }]);
    assert.deepEqual(atB, [{ n: 1, socket: null }]);
  });

  test('a client recovers on the other node: missed Laravel broadcasts replayed once, rooms kept', async () => {
    const socket = io(one.url, { reconnection: false, forceNew: true });
    cleanupSockets.push(socket);
    await nextEvent(socket, 'connect');
    socket.emit('subscribe', { channel: 'ticker', auth: {} });
    await waitFor(() => one.echo.io.of('/').adapter.rooms.has('#ticker'), 'join');
    const got: unknown[] = [];
    socket.on('tick', (_channel: string, data: unknown) => got.push(data));
    await publishAsLaravel(redis, prefix, ['ticker'], { event: 'tick', data: { n: 1 } });
    await waitFor(() => got.length === 1, 'first tick');
    const dropped = nextEvent(socket, 'disconnect');
    socket.io.engine.close();
    await dropped;
    await waitFor(() => !one.echo.io.of('/').adapter.rooms.has('#ticker'), 'the drop');
    await publishAsLaravel(redis, prefix, ['ticker'], { event: 'tick', data: { n: 2 } });
    // Reconnect to the other node, as a load balancer might.
    (socket.io as unknown as { uri: string }).uri = two.url;
    const back = nextEvent(socket, 'connect');
    socket.connect();
    await back;
    assert.equal(socket.recovered, true);
    await waitFor(() => got.length === 2, 'the missed tick');
    await publishAsLaravel(redis, prefix, ['ticker'], { event: 'tick', data: { n: 3 } });
    await waitFor(() => got.length === 3, 'a live tick on the new node');
    await sleep(200);
    assert.deepEqual(got, [
      { n: 1, socket: null },
      { n: 2, socket: null },
      { n: 3, socket: null },
    ]);
    socket.disconnect();
  });

  test('the HTTP API answers for the whole cluster', async () => {
    assert.deepEqual(await api(one, '/channels/presence-room.1'), {
      subscription_count: 2,
      occupied: true,
      user_count: 2,
    });
    assert.deepEqual(await api(two, '/channels'), {
      channels: { 'presence-room.1': { subscription_count: 2, occupied: true } },
    });
    assert.equal(
      ((await api(two, '/status')) as { subscription_count: number }).subscription_count,
      2,
    );
  });

  test("a node leaving removes only its own members, and the other node's clients hear it", async () => {
    const [a] = clients as [TestClient, TestClient];
    const leaving = new Promise<unknown>((res) => a.echo.join('room.1').leaving(res));
    const extra = await startEchoServer({
      prefix,
      config: { authHost: auth.url, clients: [APP], cluster: { enabled: true } },
    });
    const c = await connectClient('echo2+sio4', extra.url, {
      headers: { Authorization: 'Bearer user-3' },
    });
    await new Promise((res) => c.echo.join('room.1').here(res));
    assert.equal(
      ((await api(one, '/channels/presence-room.1/users')) as { users: unknown[] }).users.length,
      3,
    );
    await extra.close();
    assert.deepEqual(await leaving, { name: 'user 3' });
    c.close();
    const users = (await api(one, '/channels/presence-room.1/users')) as {
      users: { id: number }[];
    };
    assert.deepEqual(users.users.map((u) => u.id).sort(), [1, 2]);
    for (const cl of clients.splice(0)) cl.close();
    await expectNoLeaks(one.echo, redis);
    await expectNoLeaks(two.echo, redis);
  });
});
