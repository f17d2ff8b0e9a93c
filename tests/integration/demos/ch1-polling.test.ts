/**
 * The feed of `ch1-polling-vs-websocket` through the whole site on port 0. The byte counts are
 * checked against raw TCP clients that know exactly what they sent and received: a keep-alive
 * HTTP client for the polling side and a hand-made WebSocket handshake for the other side.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Site } from '../../../server/main.ts';
import type { SideStats } from '../../../server/demos/polling/feed-session.ts';
import { startDemoSite, type DemoSite } from '../../helpers/demo-site.ts';
import { readEventStream } from '../../helpers/event-stream.ts';
import { waitFor } from '../../helpers/wait.ts';

interface Stats {
  rate: number;
  polling: SideStats;
  websocket: SideStats;
  lastPoll?: { request: string; response: string };
  lastFrame?: { handshake: string; frame: string };
}

/** The stats stream, read as EventSource would. */
class StatsWatcher {
  latest: Stats | undefined;
  status = 0;
  readonly token = randomBytes(16).toString('hex');
  readonly #abort = new AbortController();

  async open(base: string): Promise<void> {
    this.status = await readEventStream(
      `${base}/demos/polling/stats?feed=${this.token}`,
      this.#abort.signal,
      ({ data }) => {
        this.latest = JSON.parse(data) as Stats;
      },
    );
  }

  close(): void {
    this.#abort.abort();
  }
}

/** A raw TCP connection that keeps every byte it receives. */
class RawClient {
  received = Buffer.alloc(0);
  readonly socket: Socket;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
    });
  }

  send(text: string): number {
    this.socket.write(text, 'latin1');
    return Buffer.byteLength(text, 'latin1');
  }
}

describe('ch1-polling-vs-websocket: one feed, two deliveries, bytes counted on the server', () => {
  let site: Site;
  let demoSite: DemoSite;
  const cleanups: (() => void)[] = [];

  before(async () => {
    demoSite = await startDemoSite();
    site = demoSite.site;
  });

  after(async () => {
    for (const cleanup of cleanups) cleanup();
    await demoSite.close();
  });

  async function feed(): Promise<StatsWatcher> {
    const watcher = new StatsWatcher();
    cleanups.push(() => watcher.close());
    await watcher.open(site.url);
    assert.equal(watcher.status, 200);
    return watcher;
  }

  it('counts each poll’s request and response bytes exactly, headers included', async () => {
    const watcher = await feed();
    const client = new RawClient(site.port);
    cleanups.push(() => client.socket.destroy());
    let sent = 0;
    for (let i = 0; i < 3; i += 1) {
      const before = client.received.length;
      sent += client.send(
        `GET /demos/polling/poll?feed=${watcher.token}&after=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          `X-Padding: ${'p'.repeat(i * 10)}\r\nConnection: keep-alive\r\n\r\n`,
      );
      // One response per request: wait for its body to end before the next request.
      await waitFor(() => {
        const text = client.received.subarray(before).toString('latin1');
        const end = text.indexOf('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? -1);
        return end !== -1 && length >= 0 && text.length >= end + 4 + length;
      }, `response ${i}`);
    }
    const stats = await waitFor(
      () => (watcher.latest?.polling.down === client.received.length ? watcher.latest : undefined),
      'the counts to settle',
    );
    assert.equal(stats.polling.requests, 3);
    assert.equal(stats.polling.up, sent);
    assert.equal(stats.polling.down, client.received.length);
    assert.match(stats.lastPoll?.request ?? '', /^GET \/demos\/polling\/poll\?feed=/);
    assert.match(stats.lastPoll?.response ?? '', /^HTTP\/1\.1 200 OK\r\n/);
  });

  it('counts the WebSocket side from its socket: handshake and frames, up and down', async () => {
    const watcher = await feed();
    await fetch(`${site.url}/demos/polling/rate?feed=${watcher.token}&perSecond=10`, {
      method: 'POST',
    });
    const client = new RawClient(site.port);
    cleanups.push(() => client.socket.destroy());
    const sent = client.send(
      `GET /demos/polling/ws?feed=${watcher.token} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await waitFor(
      () => (client.received.toString('latin1').match(/"seq":/g)?.length ?? 0) >= 3,
      'three updates',
    );
    const text = client.received.toString('latin1');
    assert.match(text, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
    // Unmasked text frames: 0x81 and a 7-bit length, then the JSON of the update.
    const firstFrame = client.received.subarray(text.indexOf('\r\n\r\n') + 4);
    assert.equal(firstFrame[0], 0x81);
    const body = firstFrame.subarray(2, 2 + (firstFrame[1] ?? 0)).toString();
    assert.match(body, /^\{"seq":\d+,"price":[\d.]+,"at":\d+\}$/);
    const stats = await waitFor(
      () =>
        watcher.latest?.websocket.down === client.received.length &&
        (watcher.latest.websocket.updates ?? 0) > 0
          ? watcher.latest
          : undefined,
      'the counts to match what the client received',
    );
    assert.equal(stats.websocket.requests, 1);
    assert.equal(stats.websocket.up, sent);
    assert.equal(stats.rate, 10);
    assert.match(stats.lastFrame?.frame ?? '', /^81 [0-9a-f]{2} \| \{"seq":/);
  });

  it('serves the same updates to a poll as to the WebSocket, and only the new ones', async () => {
    const watcher = await feed();
    await fetch(`${site.url}/demos/polling/rate?feed=${watcher.token}&perSecond=10`, {
      method: 'POST',
    });
    const poll = async (after: number): Promise<{ seq: number }[]> =>
      (
        (await (
          await fetch(`${site.url}/demos/polling/poll?feed=${watcher.token}&after=${after}`)
        ).json()) as {
          updates: { seq: number }[];
        }
      ).updates;
    const first = await waitFor(async () => {
      const updates = await poll(0);
      return updates.length >= 2 ? updates : undefined;
    }, 'two updates');
    const last = first.at(-1)?.seq ?? 0;
    const next = await poll(last);
    assert.ok(next.every((u) => u.seq > last));
  });

  it('clamps the rate, refuses bad requests with an answer, and ends the feed with its stream', async () => {
    const watcher = await feed();
    const rate = async (value: string): Promise<Response> =>
      fetch(`${site.url}/demos/polling/rate?feed=${watcher.token}&perSecond=${value}`, {
        method: 'POST',
      });
    assert.deepEqual(await (await rate('1000')).json(), { perSecond: 10 });
    assert.equal((await rate('abc')).status, 400);
    assert.equal((await fetch(`${site.url}/demos/polling/poll?feed=zz`)).status, 400);
    assert.equal(
      (await fetch(`${site.url}/demos/polling/poll?feed=${'0'.repeat(32)}`)).status,
      404,
    );
    assert.equal((await fetch(`${site.url}/demos/polling/rate?feed=${watcher.token}`)).status, 405);
    assert.equal(
      (await fetch(`${site.url}/demos/polling/stats?feed=${watcher.token}`)).status,
      409,
      'one stream per feed',
    );
    const clock = (await (await fetch(`${site.url}/demos/polling/clock`)).json()) as {
      now: number;
    };
    assert.equal(typeof clock.now, 'number');
    watcher.close();
    await waitFor(
      async () =>
        (await fetch(`${site.url}/demos/polling/poll?feed=${watcher.token}`)).status === 404,
      'the feed to end',
    );
  });
});
