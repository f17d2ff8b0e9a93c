/**
 * Connection state recovery (a short drop keeps rooms for clients that never re-subscribe,
 * like laravel-echo 1.10–2.1.5 with socket.io-client 4), the typed server events, and a
 * graceful close that lets clients reconnect elsewhere.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { io } from 'socket.io-client';
import { allow, startAuthEndpoint } from '../../helpers/auth-endpoint.ts';
import { connectClient } from '../../helpers/echo-clients.ts';
import { startEchoServer } from '../../helpers/echo-server.ts';
import { createTestRedis, deletePrefix, publishAsLaravel } from '../../helpers/redis.ts';
import { nextEvent, waitFor } from '../../helpers/wait.ts';

const redis = createTestRedis();
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  redis.disconnect();
});

describe('recovery, events and shutdown', () => {
  test('a short drop keeps the rooms of a client that does not re-subscribe', async () => {
    const server = await startEchoServer();
    cleanups.push(async () => {
      await server.close();
      await deletePrefix(redis, server.prefix);
    });
    await waitFor(async () => (await server.echo.health()).status === 'ok', 'Redis');
    const socket = io(server.url, { reconnection: false, forceNew: true });
    cleanups.push(() => void socket.disconnect());
    await nextEvent(socket, 'connect');
    socket.emit('subscribe', { channel: 'news', auth: {} });
    await waitFor(() => server.echo.io.of('/').adapter.rooms.has('#news'), 'join');
    // Socket.IO resumes from the offset of the last event received: take one first.
    const first = nextEvent(socket, 'first');
    await publishAsLaravel(redis, server.prefix, ['news'], { event: 'first', data: {} });
    await first;
    const id = socket.id;
    // Drop the transport (as a network blip would), then publish while the client is away.
    const dropped = nextEvent(socket, 'disconnect');
    socket.io.engine.close();
    await dropped;
    await waitFor(
      () => !server.echo.io.of('/').adapter.rooms.has('#news'),
      'the server to see the drop',
    );
    await publishAsLaravel(redis, server.prefix, ['news'], { event: 'missed', data: { n: 1 } });
    const missed = nextEvent<[string, unknown]>(socket, 'missed');
    const back = nextEvent(socket, 'connect');
    socket.connect();
    await back;
    assert.equal(socket.recovered, true);
    assert.equal(socket.id, id);
    // A replayed packet carries its offset as a last argument; Echo reads only (channel, data).
    assert.deepEqual((await missed).slice(0, 2), ['news', { n: 1, socket: null }]);
    const after = nextEvent<[string, unknown]>(socket, 'later');
    await publishAsLaravel(redis, server.prefix, ['news'], { event: 'later', data: { n: 2 } });
    assert.deepEqual((await after).slice(0, 2), ['news', { n: 2, socket: null }]);
  });

  test('typed events describe the traffic', async () => {
    const auth = await startAuthEndpoint(allow(5, { name: 'Eve' }));
    const server = await startEchoServer({ config: { authHost: auth.url } });
    cleanups.push(async () => {
      await server.close();
      await auth.close();
      await deletePrefix(redis, server.prefix);
    });
    await waitFor(async () => (await server.echo.health()).status === 'ok', 'Redis');
    const seen: string[] = [];
    const ev = server.echo.events;
    ev.on('connection', (e) => seen.push(`connection:${e.clientVersion}`));
    ev.on('subscribe', (e) => seen.push(`subscribe:${e.channel}:${e.type}`));
    ev.on('auth', (e) => seen.push(`auth:${e.channel}:${e.status}`));
    ev.on('presence', (e) => seen.push(`presence:${e.kind}`));
    ev.on('broadcast', (e) => seen.push(`broadcast:${e.source}:${e.channel}:${e.event}`));
    ev.on('unsubscribe', (e) => seen.push(`unsubscribe:${e.channel}`));
    ev.on('disconnect', () => seen.push('disconnect'));
    const c = await connectClient('echo1+sio2', server.url);
    await new Promise((res) => c.echo.join('r').here(res));
    await publishAsLaravel(redis, server.prefix, ['presence-r'], { event: 'x', data: {} });
    await waitFor(() => seen.includes('broadcast:redis:presence-r:x'), 'broadcast event');
    c.echo.leave('r');
    await waitFor(() => seen.includes('presence:leaving'), 'leaving');
    c.close();
    await waitFor(() => seen.includes('disconnect'), 'disconnect');
    assert.deepEqual(seen, [
      'connection:3',
      'auth:presence-r:200',
      'subscribe:presence-r:presence',
      'presence:joining',
      'broadcast:redis:presence-r:x',
      'unsubscribe:presence-r',
      'presence:leaving',
      'disconnect',
    ]);
  });

  test('close() leaves presence and makes clients reconnect (not a server-side disconnect)', async () => {
    const auth = await startAuthEndpoint(allow(8));
    const server = await startEchoServer({ config: { authHost: auth.url } });
    cleanups.push(async () => {
      await auth.close();
      await deletePrefix(redis, server.prefix);
    });
    await waitFor(async () => (await server.echo.health()).status === 'ok', 'Redis');
    const c = await connectClient('echo2+sio4', server.url);
    cleanups.push(() => c.close());
    await new Promise((res) => c.echo.join('bye').here(res));
    const reason = nextEvent<[string]>(c.socket, 'disconnect');
    await server.close();
    assert.equal((await reason)[0], 'transport close', 'a reason after which Socket.IO reconnects');
    assert.equal(await redis.exists(server.echo.keys.presenceMembers('presence-bye')), 0);
  });
});
