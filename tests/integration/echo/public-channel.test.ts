import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CLIENT_STACKS, connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { startEchoServer, type TestEchoServer } from '../../helpers/echo-server.ts';
import { expectNoLeaks } from '../../helpers/leak-oracle.ts';
import { createTestRedis, deletePrefix, publishAsLaravel } from '../../helpers/redis.ts';
import { nextEvent, sleep, waitFor } from '../../helpers/wait.ts';

for (const stack of CLIENT_STACKS) {
  describe(`public channels (${stack})`, () => {
    let server: TestEchoServer;
    const redis = createTestRedis();
    const clients: TestClient[] = [];

    before(async () => {
      server = await startEchoServer();
      await waitFor(async () => (await server.echo.health()).status === 'ok', 'Redis subscription');
    });
    after(async () => {
      for (const c of clients) c.close();
      await server.close();
      await deletePrefix(redis, server.prefix);
      redis.disconnect();
    });

    test('a broadcast published by Laravel reaches a listening client', async () => {
      const client = await connectClient(stack, server.url);
      clients.push(client);
      const received = new Promise<unknown>((resolve) =>
        client.echo.channel('news').listen('OrderShipped', resolve),
      );
      await waitFor(
        () => server.echo.io.of('/').adapter.rooms.get('#news')?.size === 1,
        'the join',
      );
      await publishAsLaravel(redis, server.prefix, ['news'], {
        event: 'App\\Events\\OrderShipped',
        data: { id: 5, path: 'a/b', name: 'café' },
      });
      assert.deepEqual(await received, { id: 5, path: 'a/b', name: 'café', socket: null });
      client.close();
      await expectNoLeaks(server.echo, redis);
    });

    test('toOthers(): the socket named in the message is skipped', async () => {
      const a = await connectClient(stack, server.url);
      const b = await connectClient(stack, server.url);
      clients.push(a, b);
      const gotA: unknown[] = [];
      a.echo.channel('feed').listen('.ping', (d: unknown) => gotA.push(d));
      const atB = new Promise<unknown>((resolve) =>
        b.echo.channel('feed').listen('.ping', resolve),
      );
      await waitFor(
        () => server.echo.io.of('/').adapter.rooms.get('#feed')?.size === 2,
        'both joins',
      );
      await publishAsLaravel(redis, server.prefix, ['feed'], {
        event: 'ping',
        data: [],
        socket: a.echo.socketId() ?? null,
      });
      assert.deepEqual(await atB, []);
      await sleep(100);
      assert.equal(gotA.length, 0);
      a.close();
      b.close();
      await expectNoLeaks(server.echo, redis);
    });

    test('a subscribe sent twice joins once', async () => {
      const c = await connectClient(stack, server.url);
      clients.push(c);
      c.socket.emit('subscribe', { channel: 'twice', auth: {} });
      c.socket.emit('subscribe', { channel: 'twice', auth: {} });
      // socket.io-client 2 also sees connection state recovery's offset as a third argument.
      const got = nextEvent<[string, unknown]>(c.socket, 'hello').then((args) => args.slice(0, 2));
      await waitFor(
        () => server.echo.io.of('/').adapter.rooms.get('#twice')?.size === 1,
        'the join',
      );
      await publishAsLaravel(redis, server.prefix, ['twice'], { event: 'hello', data: { n: 1 } });
      assert.deepEqual(await got, ['twice', { n: 1, socket: null }]);
      c.close();
      await expectNoLeaks(server.echo, redis);
    });
  });
}
