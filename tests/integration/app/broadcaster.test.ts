/**
 * The broadcaster against a real Redis, with a random key prefix: subscribers see exactly the
 * bytes Laravel would publish, on the prefixed channels, sent as one Lua EVAL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { Broadcaster, PUBLISH_SCRIPT } from '../../../server/app/broadcaster.ts';
import { createTestRedis, randomPrefix } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/wait.ts';

let publisher: Redis;
let subscriber: Redis;
let monitor: Redis | undefined;
let monitorBase: Redis | undefined;
const prefix = randomPrefix();
const received: { channel: string; message: string }[] = [];

before(async () => {
  publisher = createTestRedis();
  subscriber = createTestRedis();
  subscriber.on('pmessage', (_pattern: string, channel: string, message: string) =>
    received.push({ channel, message }),
  );
  await subscriber.psubscribe(`${prefix}*`);
});

after(async () => {
  monitor?.disconnect();
  await monitorBase?.quit();
  await subscriber.quit();
  await publisher.quit();
});

describe('Broadcaster on a real Redis', { timeout: 30_000 }, () => {
  it('publishes the payload on every prefixed channel', async () => {
    const broadcaster = new Broadcaster(publisher, prefix);
    await broadcaster.broadcast({
      channels: ['private-order.1', 'presence-chat.1'],
      event: 'App\\Events\\OrderShipped',
      data: { orderId: 1, note: '已出貨/shipped' },
      socket: 'sock-1',
    });
    await waitFor(() => received.length >= 2, 'two messages');
    const payload =
      '{"event":"App\\\\Events\\\\OrderShipped","data":{"orderId":1,"note":"\\u5df2\\u51fa\\u8ca8\\/shipped","socket":"sock-1"},"socket":"sock-1"}';
    assert.deepEqual(received.splice(0), [
      { channel: `${prefix}private-order.1`, message: payload },
      { channel: `${prefix}presence-chat.1`, message: payload },
    ]);
  });

  it('sends one EVAL with numkeys 0, as MONITOR shows', async () => {
    // MONITOR runs on a connection of its own, duplicated from this one.
    monitorBase = createTestRedis();
    monitor = await monitorBase.monitor();
    const seen: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.startsWith(prefix))) seen.push(args);
    });
    const broadcaster = new Broadcaster(publisher, prefix);
    await broadcaster.broadcast({ channels: ['news'], event: 'NewsPosted', data: { id: 7 } });
    const evalCall = await waitFor(
      () => seen.find((args) => args[0]?.toLowerCase() === 'eval'),
      'the EVAL in MONITOR',
    );
    // MONITOR prints newlines escaped as \n.
    assert.deepEqual(
      [evalCall[0], evalCall[1]?.replaceAll('\\n', '\n'), ...evalCall.slice(2)],
      [
        'eval',
        PUBLISH_SCRIPT,
        '0',
        '{"event":"NewsPosted","data":{"id":7,"socket":null},"socket":null}',
        `${prefix}news`,
      ],
    );
    await waitFor(() => received.length >= 1, 'the message');
    received.splice(0);
  });

  it('rejects at once when Redis is unreachable, instead of queueing', async () => {
    const { Redis: RedisClient } = await import('ioredis');
    const offline = new RedisClient('redis://127.0.0.1:1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    offline.on('error', () => {
      // Expected: nothing listens on port 1.
    });
    const broadcaster = new Broadcaster(offline, prefix);
    await assert.rejects(broadcaster.broadcast({ channels: ['news'], event: 'E', data: {} }));
    offline.disconnect();
  });
});
