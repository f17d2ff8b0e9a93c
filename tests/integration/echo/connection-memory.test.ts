/**
 * What a connection keeps in memory: the HTTP request that opened it is released once
 * Socket.IO has read it (server/echo/slim-request.ts), on a direct WebSocket and on a
 * polling connection upgraded to WebSocket, while the handshake keeps its headers, for the
 * first namespace and for one joined later on the same connection.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, describe, test } from 'node:test';
import { io, Manager } from 'socket.io-client';
import { startEchoServer, type TestEchoServer } from '../../helpers/echo-server.ts';
import { createTestRedis, deletePrefix } from '../../helpers/redis.ts';
import { nextEvent, sleep, waitFor } from '../../helpers/wait.ts';

// A full collection on demand, without starting the test process with --expose-gc.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const redis = createTestRedis();
const cleanups: (() => Promise<unknown> | void)[] = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
  redis.disconnect();
});

async function server(): Promise<TestEchoServer> {
  const started = await startEchoServer();
  cleanups.push(
    () => started.close(),
    () => deletePrefix(redis, started.prefix),
  );
  return started;
}

/** Weak references to every request the engine answers with a 101 (WebSocket) from now on. */
function watchUpgradeRequests(echo: TestEchoServer['echo']): WeakRef<IncomingMessage>[] {
  const seen: WeakRef<IncomingMessage>[] = [];
  echo.io.engine.on('headers', (_headers: unknown, req: IncomingMessage) => {
    if (req.headers.upgrade === 'websocket') seen.push(new WeakRef(req));
  });
  return seen;
}

/** Collects until every watched request is gone, or fails naming how many are left. */
async function assertCollected(refs: WeakRef<IncomingMessage>[], what: string): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    collectGarbage();
    if (refs.every((ref) => ref.deref() === undefined)) return;
    await sleep(20);
  }
  const left = refs.filter((ref) => ref.deref() !== undefined).length;
  assert.fail(`${left} of ${refs.length} ${what} requests are still referenced`);
}

describe('connection memory', () => {
  for (const transports of [['websocket'], ['polling', 'websocket']]) {
    test(`the opening request is released (${transports.join(' then ')})`, async () => {
      const { echo, url } = await server();
      const upgrades = watchUpgradeRequests(echo);
      const clients = Array.from({ length: 3 }, () =>
        io(url, { transports, forceNew: true, extraHeaders: { Cookie: 'laravel_session=abc' } }),
      );
      cleanups.push(() => clients.forEach((c) => c.disconnect()));
      await Promise.all(clients.map((c) => nextEvent(c, 'connect')));
      await waitFor(
        () => clients.every((c) => c.io.engine.transport.name === 'websocket'),
        'every client on WebSocket',
      );
      await waitFor(() => upgrades.length === clients.length, 'one upgrade per client');

      for (const socket of echo.io.of('/').sockets.values()) {
        assert.equal('rawHeaders' in socket.conn.request, false, 'conn.request is the stand-in');
        assert.equal(socket.handshake.headers.cookie, 'laravel_session=abc');
        assert.equal(socket.request.headers.cookie, 'laravel_session=abc');
        assert.equal(socket.handshake.query.EIO, '4');
        assert.equal(socket.handshake.secure, false);
      }
      await assertCollected(upgrades, 'upgrade');

      // The connections still work after the release.
      clients[0]?.emit('subscribe', { channel: 'news', auth: { headers: {} } });
      await waitFor(() => echo.io.of('/').adapter.rooms.has('#news'), 'subscribed');
    });
  }

  test('a namespace joined later on the same connection still sees the handshake headers', async () => {
    const { echo, url } = await server();
    const second = echo.io.of('/second');
    const manager = new Manager(url, {
      transports: ['websocket'],
      extraHeaders: { Cookie: 'laravel_session=xyz' },
    });
    const root = manager.socket('/');
    cleanups.push(() => void manager.engine?.close());
    await nextEvent(root, 'connect');
    // The request was released when the engine connection opened, before this namespace.
    const joined = nextEvent(second, 'connection');
    const late = manager.socket('/second');
    const [socket] = (await joined) as [{ handshake: { headers: Record<string, unknown> } }];
    assert.equal(socket.handshake.headers.cookie, 'laravel_session=xyz');
    late.disconnect();
    root.disconnect();
  });
});
