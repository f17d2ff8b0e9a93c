/**
 * ch3-pipeline's service on the whole backend, with real laravel-echo clients: one broadcast is
 * published with Laravel's EVAL, matched when the echo server relays it, and each browser's
 * receipt is attributed to it; `toOthers()` skips the sender; nobody can claim another
 * reader's socket.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Socket as ClientSocket } from 'socket.io-client';
import { createSite, type Site } from '../../../server/main.ts';
import type { Trace } from '../../../server/demos/pipeline/pipeline-trace.ts';
import { connectClient, type TestClient } from '../../helpers/echo-clients.ts';
import { randomPrefix, REDIS_URL } from '../../helpers/redis.ts';
import { startDemoSite, type DemoSite } from '../../helpers/demo-site.ts';
import { nextEvent, waitFor } from '../../helpers/wait.ts';
import { createDistFixture } from '../main/site-fixture.ts';

interface Reader {
  client: TestClient;
  demo: ClientSocket;
  viewer: number;
  traces: Trace[];
}

describe('ch3-pipeline: one broadcast, hop by hop', () => {
  let site: Site;
  let demoSite: DemoSite;
  const keyPrefix = randomPrefix();
  const readers: Reader[] = [];

  /** A reader: Echo on `channel`, and the demo namespace over the same connection. */
  async function reader(channel: string): Promise<Reader> {
    const client = await connectClient('echo2+sio4', site.url);
    const manager = client.socket.io as unknown as { socket(nsp: string): ClientSocket };
    const demo = manager.socket('/demo-pipeline');
    if (!demo.connected) await nextEvent(demo, 'connect');
    const traces: Trace[] = [];
    demo.on('trace', (trace: Trace) => traces.push(trace));
    const hello = (await demo.emitWithAck('hello', client.echo.socketId())) as { viewer: number };
    const entry: Reader = { client, demo, viewer: hello.viewer, traces };
    client.echo.channel(channel);
    // Like the page: report every event of the channel with the receive time.
    (client.socket as unknown as ClientSocket).onAny(
      (event: string, ch: unknown, data: unknown) => {
        if (ch === channel)
          demo.emit('received', {
            channel: ch,
            event,
            data,
            at: performance.timeOrigin + performance.now(),
            errorMs: 0.1,
          });
      },
    );
    readers.push(entry);
    await waitFor(
      () =>
        site.echo.io.sockets.adapter.rooms.get(`#${channel}`)?.has(client.echo.socketId() ?? '') ??
        false,
      'the subscribe',
    );
    return entry;
  }

  const broadcast = (body: unknown, socketId?: string): Promise<Response> =>
    fetch(`${site.url}/demos/pipeline/broadcast`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Cookie: `echo_lab_session=pipeline-${Math.random()}`,
        ...(socketId === undefined ? {} : { 'X-Socket-ID': socketId }),
      },
      body: JSON.stringify(body),
    });

  before(async () => {
    demoSite = await startDemoSite({ keyPrefix, redisUrl: REDIS_URL });
    site = demoSite.site;
  });

  after(async () => {
    for (const r of readers) {
      r.demo.disconnect();
      r.client.close();
    }
    await demoSite.close();
  });

  it('times the EVAL and the relay, and attributes each browser’s receipt', async () => {
    const alice = await reader('pipeline.orders');
    const bob = await reader('pipeline.orders');
    const response = await broadcast({
      event: 'App\\Events\\OrderShipped',
      channel: 'pipeline.orders',
      data: { orderId: 7 },
    });
    assert.equal(response.status, 200);
    const { trace: id, command } = (await response.json()) as {
      trace: number;
      command: { args: string[] };
    };
    assert.equal(command.args[1], `${keyPrefix}pipeline.orders`);
    assert.equal(
      command.args[0],
      '{"event":"App\\\\Events\\\\OrderShipped","data":{"orderId":7,"socket":null},"socket":null}',
    );
    const done = await waitFor(
      () =>
        alice.traces.findLast(
          (t) => t.id === id && t.recipients.filter((r) => r.status === 'received').length === 2,
        ),
      'both receipts',
    );
    assert.equal(typeof done.evalMs, 'number');
    assert.ok((done.toEchoMs ?? -1) >= 0, 'the echo server had it after the EVAL went out');
    assert.equal(done.pattern, `${keyPrefix}*`);
    assert.match(
      done.packet ?? '',
      /^42\["App\\\\Events\\\\OrderShipped","pipeline.orders",\{"orderId":7,"socket":null\}\]$/,
    );
    assert.deepEqual(
      done.recipients.map((r) => r.viewer).sort(),
      [alice.viewer, bob.viewer].sort(),
    );
    for (const r of done.recipients) assert.equal(typeof r.ms, 'number');
  });

  it('skips the sender under toOthers()', async () => {
    const carol = await reader('pipeline.news');
    const dave = await reader('pipeline.news');
    const response = await broadcast(
      { event: 'news.published', channel: 'pipeline.news', data: { title: 'x' }, toOthers: true },
      carol.client.echo.socketId(),
    );
    const { trace: id } = (await response.json()) as { trace: number };
    const done = await waitFor(
      () =>
        dave.traces.findLast(
          (t) => t.id === id && t.recipients.some((r) => r.status === 'received'),
        ),
      'dave’s receipt',
    );
    assert.equal(done.toOthers, true);
    assert.equal(done.recipients.find((r) => r.viewer === carol.viewer)?.status, 'skipped');
    assert.equal(done.recipients.find((r) => r.viewer === dave.viewer)?.status, 'received');
  });

  it('does not let a page claim another reader’s socket', async () => {
    const erin = await reader('pipeline.claims');
    const frank = await reader('pipeline.claims');
    const answer = (await erin.demo.emitWithAck('hello', frank.client.echo.socketId())) as {
      error?: string;
    };
    assert.equal(answer.error, 'unknown socket');
  });

  it('refuses channels outside pipeline.* and bad bodies with a clear answer', async () => {
    const wrong = await broadcast({ event: 'x', channel: 'private-App.Models.User.1', data: {} });
    assert.equal(wrong.status, 422);
    assert.match(((await wrong.json()) as { error: string }).error, /pipeline\.<name>/);
    const broken = await fetch(`${site.url}/demos/pipeline/broadcast`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    });
    assert.equal(broken.status, 400);
    // A malformed report is ignored; the service keeps working.
    readers[0]?.demo.emit('received', { nonsense: true });
    readers[0]?.demo.emit('hello', 12);
    const again = await broadcast({ event: 'ok', channel: 'pipeline.orders', data: [] });
    assert.equal(again.status, 200);
  });
});

describe('ch3-pipeline: a server restart', () => {
  it('closes without disconnect packets, so pages sharing the Echo connection reconnect', async () => {
    const dist = await createDistFixture();
    const site = await createSite({
      port: 0,
      keyPrefix: randomPrefix(),
      redisUrl: REDIS_URL,
      distDir: dist.dir,
    });
    const client = await connectClient('echo2+sio4', site.url);
    try {
      const manager = client.socket.io as unknown as { socket(nsp: string): ClientSocket };
      const demo = manager.socket('/demo-pipeline');
      if (!demo.connected) await nextEvent(demo, 'connect');
      const reasons = Promise.all([
        nextEvent<[string]>(client.socket, 'disconnect'),
        nextEvent<[string]>(demo, 'disconnect'),
      ]);
      await site.close();
      const [[echoReason], [demoReason]] = await reasons;
      // "io server disconnect" would stop Socket.IO from reconnecting at all.
      assert.equal(echoReason, 'transport close');
      assert.equal(demoReason, 'transport close');
      demo.disconnect();
    } finally {
      client.close();
      await site.close();
      await dist.remove();
    }
  });
});
