/**
 * PROTOCOL.md sections 3 and 4, run against both client stacks and two topologies (one node;
 * two nodes in cluster mode with clients spread over both): private and presence channels,
 * auth forwarding, subscription errors, whispers, reserved event names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  bearerUserRule,
  startAuthEndpoint,
  type TestAuthEndpoint,
} from '../../helpers/auth-endpoint.ts';
import {
  CLIENT_STACKS,
  connectClient,
  type ClientStack,
  type TestClient,
} from '../../helpers/echo-clients.ts';
import { startEchoServer, type TestEchoServer } from '../../helpers/echo-server.ts';
import { expectNoLeaks } from '../../helpers/leak-oracle.ts';
import {
  createTestRedis,
  deletePrefix,
  publishAsLaravel,
  randomPrefix,
} from '../../helpers/redis.ts';
import { nextEvent, sleep, waitFor } from '../../helpers/wait.ts';

const TOPOLOGIES = [
  { name: 'one node', nodes: 1 },
  { name: 'two nodes', nodes: 2 },
] as const;

for (const topology of TOPOLOGIES)
  for (const stack of CLIENT_STACKS) {
    describe(`private and presence channels (${stack}, ${topology.name})`, () => {
      const nodes: TestEchoServer[] = [];
      const prefix = randomPrefix();
      let turn = 0;
      // Clients are spread over the nodes, so each test also crosses the cluster.
      const nextUrl = (): string => (nodes[turn++ % nodes.length] as TestEchoServer).url;
      const roomSize = (channel: string): number =>
        nodes.reduce(
          (n, s) => n + (s.echo.io.of('/').adapter.rooms.get(`#${channel}`)?.size ?? 0),
          0,
        );
      let auth: TestAuthEndpoint;
      const redis = createTestRedis();
      const open: TestClient[] = [];
      const user = async (
        id: number | string,
        s: ClientStack = stack,
        headers: Record<string, string> = {},
      ): Promise<TestClient> => {
        const c = await connectClient(s, nextUrl(), {
          headers: { Authorization: `Bearer user-${id}`, ...headers },
        });
        open.push(c);
        return c;
      };
      const closeAll = async (): Promise<void> => {
        for (const c of open.splice(0)) c.close();
        for (const node of nodes) await expectNoLeaks(node.echo, redis);
      };

      before(async () => {
        auth = await startAuthEndpoint(bearerUserRule);
        for (let i = 0; i < topology.nodes; i++) {
          const node = await startEchoServer({
            prefix,
            config: {
              authHost: auth.url,
              auth: { timeoutMs: 1_000 },
              whisper: { burst: 3, perSecond: 1, maxBytes: 200 },
              cluster: { enabled: topology.nodes > 1 },
            },
          });
          nodes.push(node);
          await waitFor(async () => (await node.echo.health()).status === 'ok', 'Redis');
        }
      });
      after(async () => {
        for (const c of open) c.close();
        for (const node of nodes) await node.close();
        await auth.close();
        await deletePrefix(redis, prefix);
        redis.disconnect();
      });

      test('private: joins after a 200 from the auth endpoint, which gets the forwarded headers', async () => {
        const c = await user(7, stack, { 'X-CSRF-TOKEN': 'tok' });
        const got = new Promise<unknown>((resolve) =>
          c.echo.private('orders.1').listen('.shipped', resolve),
        );
        await waitFor(() => roomSize('private-orders.1') === 1, 'the join');
        const request = auth.requests.find((r) => r.channel === 'private-orders.1');
        assert.ok(request);
        assert.equal(request.headers.authorization, 'Bearer user-7');
        assert.equal(request.headers['x-csrf-token'], 'tok');
        assert.equal(request.headers['x-requested-with'], 'XMLHttpRequest');
        assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
        await publishAsLaravel(redis, prefix, ['private-orders.1'], {
          event: 'shipped',
          data: { id: 1 },
        });
        assert.deepEqual(await got, { id: 1, socket: null });
        await closeAll();
      });

      test('notifications reach private-App.Models.User.<id> through Echo.notification()', async () => {
        const c = await user(21);
        const got = new Promise<unknown>((resolve) =>
          c.echo.private('App.Models.User.21').notification(resolve),
        );
        await waitFor(() => roomSize('private-App.Models.User.21') === 1, 'the join');
        await publishAsLaravel(redis, prefix, ['private-App.Models.User.21'], {
          event: 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated',
          data: { id: 'uuid-1', type: 'App\\Notifications\\InvoicePaid', amount: 5 },
        });
        assert.deepEqual(await got, {
          id: 'uuid-1',
          type: 'App\\Notifications\\InvoicePaid',
          amount: 5,
          socket: null,
        });
        await closeAll();
      });

      test('private: a refusal is a subscription_error to that socket only, and no join', async () => {
        const c = await user(7);
        const other = await user(8);
        const otherErrors: unknown[] = [];
        other.socket.on('subscription_error', (...a: never[]) => otherErrors.push(a));
        const err = nextEvent<[string, number]>(c.socket, 'subscription_error');
        c.echo.private('deny-me');
        assert.deepEqual((await err).slice(0, 2), ['private-deny-me', 403]);
        const anon = await connectClient(stack, nextUrl());
        open.push(anon);
        const err401 = nextEvent<[string, number]>(anon.socket, 'subscription_error');
        anon.echo.private('orders.2');
        assert.deepEqual((await err401).slice(0, 2), ['private-orders.2', 401]);
        assert.equal(roomSize('private-deny-me'), 0);
        assert.equal(roomSize('private-orders.2'), 0);
        assert.deepEqual(otherErrors, []);
        await closeAll();
      });

      test('presence: here, joining only for a first socket, leaving only for the last', async () => {
        const a = await user(1);
        const hereA = new Promise<unknown[]>((resolve) => a.echo.join('room.1').here(resolve));
        const joinings: unknown[] = [];
        const leavings: unknown[] = [];
        a.echo
          .join('room.1')
          .joining((u) => joinings.push(u))
          .leaving((u) => leavings.push(u));
        assert.deepEqual(await hereA, [{ name: 'user 1' }]);

        const b1 = await user(2);
        const hereB = new Promise<unknown[]>((resolve) => b1.echo.join('room.1').here(resolve));
        assert.equal((await hereB).length, 2);
        await waitFor(() => joinings.length === 1, 'joining');
        assert.deepEqual(joinings, [{ name: 'user 2' }]);

        // The same user on a second socket: listed once, no second joining.
        const b2 = await user(2);
        const hereB2 = new Promise<unknown[]>((resolve) => b2.echo.join('room.1').here(resolve));
        assert.equal((await hereB2).length, 2);
        b1.close();
        await waitFor(() => roomSize('presence-room.1') === 2, 'b1 gone');
        await sleep(100);
        assert.equal(joinings.length, 1);
        assert.equal(leavings.length, 0);
        b2.close();
        await waitFor(() => leavings.length === 1, 'leaving');
        assert.deepEqual(leavings, [{ name: 'user 2' }]);
        await closeAll();
      });

      test('presence: unsubscribe leaves cleanly; a re-subscribe sends here again', async () => {
        const a = await user(3);
        const b = await user(4);
        const leaving = new Promise<unknown>((resolve) => a.echo.join('room.2').leaving(resolve));
        await waitFor(() => roomSize('presence-room.2') === 1, 'a joined');
        const hereTwice: unknown[][] = [];
        b.echo.join('room.2').here((u) => hereTwice.push(u));
        await waitFor(() => hereTwice.length === 1, 'here');
        b.socket.emit('subscribe', {
          channel: 'presence-room.2',
          auth: { headers: { Authorization: 'Bearer user-4' } },
        });
        await waitFor(() => hereTwice.length === 2, 'here again');
        assert.equal(roomSize('presence-room.2'), 2);
        b.echo.leave('room.2');
        assert.deepEqual(await leaving, { name: 'user 4' });
        await closeAll();
      });

      test('unsubscribe from a channel never joined is harmless', async () => {
        const c = await user(5);
        c.socket.emit('unsubscribe', { channel: 'presence-never.1' });
        c.socket.emit('unsubscribe', { channel: 'private-never' });
        c.socket.emit('unsubscribe', { channel: 'never' });
        c.socket.emit('unsubscribe', 42);
        c.socket.emit('unsubscribe', null);
        const got = new Promise<unknown>((resolve) =>
          c.echo.channel('still-alive').listen('.ok', resolve),
        );
        await waitFor(() => roomSize('still-alive') === 1, 'join');
        await publishAsLaravel(redis, prefix, ['still-alive'], {
          event: 'ok',
          data: { ok: true },
        });
        assert.deepEqual(await got, { ok: true, socket: null });
        await closeAll();
      });

      test('whispers reach the other members, not the sender; refusals are reported to the sender', async () => {
        const a = await user(10);
        const b = await user(11);
        const atA: unknown[] = [];
        a.echo.private('chat.1').listenForWhisper('typing', (d) => atA.push(d));
        const atB = new Promise<unknown>((resolve) =>
          b.echo.private('chat.1').listenForWhisper('typing', resolve),
        );
        await waitFor(() => roomSize('private-chat.1') === 2, 'joins');
        a.echo.private('chat.1').whisper('typing', { who: 10 });
        assert.deepEqual(await atB, { who: 10 });

        // A JSON string payload is accepted too.
        const again = nextEvent<[string, unknown]>(b.socket, 'client-typing');
        a.socket.emit(
          'client event',
          JSON.stringify({ channel: 'private-chat.1', event: 'client-typing', data: { s: 1 } }),
        );
        assert.deepEqual((await again).slice(0, 2), ['private-chat.1', { s: 1 }]);

        const refusal = async (payload: unknown): Promise<string> => {
          const e = nextEvent<[string, { code: string }]>(a.socket, 'whisper_error');
          a.socket.emit('client event', payload);
          return (await e)[1].code;
        };
        assert.equal(
          await refusal({ channel: 'private-chat.1', event: 'typing', data: {} }),
          'invalid_event',
        );
        assert.equal(
          await refusal({ channel: 'private-chat.1', event: 'xclient-typing', data: {} }),
          'invalid_event',
        );
        assert.equal(
          await refusal({ channel: 'public-news', event: 'client-x', data: {} }),
          'not_private',
        );
        assert.equal(
          await refusal({ channel: 'xprivate-chat.1', event: 'client-x', data: {} }),
          'not_private',
        );
        assert.equal(
          await refusal({ channel: 'private-chat.2', event: 'client-x', data: {} }),
          'not_member',
        );
        assert.equal(
          await refusal({ channel: 'private-chat.1', event: 'client-x', data: 'x'.repeat(500) }),
          'too_large',
        );
        assert.equal(await refusal('not json'), 'invalid_payload');
        // Burst of 3, two already used: the second of two more is over the rate.
        a.echo.private('chat.1').whisper('typing', { n: 1 });
        assert.equal(
          await refusal({ channel: 'private-chat.1', event: 'client-typing', data: {} }),
          'rate_limited',
        );
        await sleep(50);
        assert.equal(atA.length, 0);
        await closeAll();
      });

      test('a Laravel event with a reserved Socket.IO name is dropped, the server keeps going', async () => {
        const c = await user(12);
        const got = new Promise<unknown>((resolve) =>
          c.echo.channel('reserved').listen('.fine', resolve),
        );
        await waitFor(() => roomSize('reserved') === 1, 'join');
        for (const event of [
          'connect',
          'disconnect',
          'connect_error',
          'disconnecting',
          'newListener',
          'removeListener',
        ]) {
          await publishAsLaravel(redis, prefix, ['reserved'], { event, data: {} });
        }
        await redis.publish(`${prefix}reserved`, 'not json at all');
        await publishAsLaravel(redis, prefix, ['reserved'], {
          event: 'fine',
          data: { after: true },
        });
        assert.deepEqual(await got, { after: true, socket: null });
        assert.ok(c.socket.connected);
        await closeAll();
      });
    });
  }
