/**
 * What the ch4-client-versions demo shows, checked with the same three real client stacks in
 * Node against the whole backend (port 0, random Redis key prefix): all receive; after
 * `socket.io.engine.close()` all still receive (laravel-echo 1.x + socket.io-client 2 by
 * subscribing again, socket.io-client 4 through connection state recovery); once the client's
 * recovery id is gone, laravel-echo 1.x on socket.io-client 4 receives nothing.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { io as io4 } from 'socket.io-client';
import type { Site } from '../../../server/main.ts';
import { connectClient, type EchoLike, type TestClient } from '../../helpers/echo-clients.ts';
import { REDIS_URL } from '../../helpers/redis.ts';
import { startDemoSite, type DemoSite } from '../../helpers/demo-site.ts';
import { nextEvent, waitFor } from '../../helpers/wait.ts';

const require = createRequire(import.meta.url);
const CHANNEL = 'versions.integration';
let site: Site;
let demoSite: DemoSite;

interface Column {
  name: string;
  echo: EchoLike;
  received: number;
  close(): void;
}

const columns: Column[] = [];

function watch(name: string, echo: EchoLike, close: () => void): Column {
  const column: Column = { name, echo, received: 0, close };
  echo.channel(CHANNEL).listen('VersionPing', () => column.received++);
  columns.push(column);
  return column;
}

async function broadcastAndSettle(n: number, expected: Record<string, number>): Promise<void> {
  await site.app.broadcaster.broadcast({
    channels: [CHANNEL],
    event: 'App\\Events\\VersionPing',
    data: { n },
  });
  await waitFor(
    () => columns.every((c) => c.received === expected[c.name]),
    `tallies ${JSON.stringify(expected)}, got ${JSON.stringify(columns.map((c) => [c.name, c.received]))}`,
  );
}

/** Waits for `count` subscribes of CHANNEL on the server (a re-subscribe after reconnecting). */
function subscribes(count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => {
      site.echo.events.off('subscribe', listener);
      reject(new Error(`saw ${seen} of ${count} subscribes to ${CHANNEL}`));
    }, 10_000);
    const listener = (event: { channel: string }): void => {
      if (event.channel !== CHANNEL || ++seen < count) return;
      clearTimeout(timer);
      site.echo.events.off('subscribe', listener);
      resolve();
    };
    site.echo.events.on('subscribe', listener);
  });
}

describe('client versions side by side', { timeout: 60_000 }, () => {
  before(async () => {
    demoSite = await startDemoSite({ redisUrl: REDIS_URL });
    site = demoSite.site;
    // The echo server's Redis subscriber must be listening before the first broadcast.
    await waitFor(async () => (await site.health()).status === 'ok', 'the site to be healthy');
  });

  after(async () => {
    for (const column of columns) column.close();
    await demoSite.close();
  });

  it('serves EIO=3 and EIO=4 clients; short and long drops show who re-subscribes', async () => {
    const quick = { reconnectionDelay: 50, reconnectionDelayMax: 200, transports: ['websocket'] };
    const joined = subscribes(3);
    const old: TestClient = await connectClient('echo1+sio2', site.url, { options: quick });
    watch('echo1+sio2', old.echo, () => old.close());
    const modern: TestClient = await connectClient('echo2+sio4', site.url, { options: quick });
    watch('echo2+sio4', modern.echo, () => modern.close());
    const Echo1 = (require('laravel-echo-1') as { default: new (o: unknown) => EchoLike }).default;
    const trap = new Echo1({
      broadcaster: 'socket.io',
      host: site.url,
      client: io4,
      forceNew: true,
      ...quick,
    });
    watch('echo1+sio4', trap, () => trap.disconnect());
    if (!trap.connector.socket.connected) await nextEvent(trap.connector.socket, 'connect');
    await joined;

    await broadcastAndSettle(1, { 'echo1+sio2': 1, 'echo2+sio4': 1, 'echo1+sio4': 1 });

    // Short drop: the transport closes under each client; each reconnects by itself.
    // Only Echo 1 + sio2 comes back as a new socket that joins again; the recovered sockets
    // are still in the room (Echo 2 subscribes again too, which changes nothing).
    const resubscribed = subscribes(1);
    const reconnects = columns.map((c) => nextEvent(c.echo.connector.socket, 'connect'));
    for (const c of columns) c.echo.connector.socket.io.engine?.close();
    await Promise.all(reconnects);
    await resubscribed;
    assert.equal((trap.connector.socket as { recovered?: boolean }).recovered, true);
    await broadcastAndSettle(2, { 'echo1+sio2': 2, 'echo2+sio4': 2, 'echo1+sio4': 2 });

    // Long drop: the recovery id is gone, so the server sees new connections.
    const again = subscribes(2);
    const reconnectsAgain = columns.map((c) => nextEvent(c.echo.connector.socket, 'connect'));
    for (const c of columns) {
      const socket = c.echo.connector.socket as {
        _pid?: string | undefined;
        _lastOffset?: string | undefined;
      };
      socket._pid = undefined;
      socket._lastOffset = undefined;
      c.echo.connector.socket.io.engine?.close();
    }
    await Promise.all(reconnectsAgain);
    await again;
    assert.equal((trap.connector.socket as { recovered?: boolean }).recovered, false);
    await site.app.broadcaster.broadcast({
      channels: [CHANNEL],
      event: 'App\\Events\\VersionPing',
      data: { n: 3 },
    });
    await waitFor(
      () =>
        columns.find((c) => c.name === 'echo2+sio4')?.received === 3 &&
        columns.find((c) => c.name === 'echo1+sio2')?.received === 3,
      're-subscribing clients received the third broadcast',
    );
    // The fan-out reached the others, so it is over: the old Echo on socket.io-client 4 missed it.
    assert.equal(columns.find((c) => c.name === 'echo1+sio4')?.received, 2);
  });
});
