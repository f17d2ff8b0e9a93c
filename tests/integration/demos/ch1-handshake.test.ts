/**
 * The WebSocket inspector of `ch1-handshake` through the whole site on port 0, with a real `ws`
 * client and the watch stream read as a browser's EventSource would: the handshake as received
 * and answered, the accept derivation checked, every frame in both directions with its header
 * fields, ping/pong and the close handshake, and clear refusals for bad requests.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import type { Site } from '../../../server/main.ts';
import { WS_INSPECTOR_LIMITS } from '../../../server/demos/ws-inspector/ws-inspector-service.ts';
import type { FrameInfo } from '../../../server/demos/ws-inspector/frame-parser.ts';
import type { HandshakeReport } from '../../../server/demos/ws-inspector/handshake-report.ts';
import { startDemoSite, type DemoSite } from '../../helpers/demo-site.ts';
import { readEventStream } from '../../helpers/event-stream.ts';
import { nextEvent, waitFor } from '../../helpers/wait.ts';

type Report =
  | { event: 'handshake'; data: HandshakeReport }
  | { event: 'frame'; data: FrameInfo & { direction: 'in' | 'out' } }
  | { event: 'closed'; data: { code: number; reason: string } };

/** The watch stream, read like EventSource does. */
class Watcher {
  readonly reports: Report[] = [];
  readonly #abort = new AbortController();
  readonly token = randomBytes(16).toString('hex');
  status = 0;

  async open(base: string): Promise<void> {
    this.status = await readEventStream(
      `${base}/demos/ws-inspector/watch?token=${this.token}`,
      this.#abort.signal,
      ({ event, data }) => {
        if (event) this.reports.push({ event, data: JSON.parse(data) } as Report);
      },
    );
  }

  frames(direction: 'in' | 'out'): FrameInfo[] {
    return this.reports.flatMap((r) =>
      r.event === 'frame' && r.data.direction === direction ? [r.data] : [],
    );
  }

  close(): void {
    this.#abort.abort();
  }
}

describe('ch1-handshake: the WebSocket inspector', () => {
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

  async function inspected(): Promise<{ watcher: Watcher; ws: WebSocket }> {
    const watcher = new Watcher();
    cleanups.push(() => watcher.close());
    await watcher.open(site.url);
    assert.equal(watcher.status, 200);
    const ws = new WebSocket(
      `${site.url.replace('http', 'ws')}/demos/ws-inspector/socket?token=${watcher.token}`,
    );
    cleanups.push(() => ws.terminate());
    await nextEvent(ws, 'open');
    return { watcher, ws };
  }

  it('reports the Upgrade request as received, the 101 as sent and a matching accept value', async () => {
    const { watcher } = await inspected();
    const report = await waitFor(
      () => watcher.reports.find((r) => r.event === 'handshake'),
      'the handshake report',
    );
    assert.equal(report.event, 'handshake');
    if (report.event !== 'handshake') return;
    const { request, response, accept } = report.data;
    assert.match(
      request.text,
      /^GET \/demos\/ws-inspector\/socket\?token=[0-9a-f]{32} HTTP\/1\.1\r\n/,
    );
    assert.match(request.text, /\r\nUpgrade: websocket\r\n/i);
    assert.match(request.text, /\r\nSec-WebSocket-Version: 13\r\n/i);
    assert.ok(request.text.includes(`Sec-WebSocket-Key: ${accept.key}\r\n`));
    assert.ok(request.text.endsWith('\r\n\r\n'));
    assert.equal(request.bytes, Buffer.byteLength(request.text));
    assert.match(response.text, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
    assert.ok(response.text.includes(`Sec-WebSocket-Accept: ${accept.accept}\r\n`));
    assert.equal(accept.sent, accept.accept);
    assert.equal(accept.matches, true);
    assert.equal(accept.concatenated, `${accept.key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`);
    assert.equal(Buffer.from(accept.sha1Hex, 'hex').toString('base64'), accept.accept);
  });

  it('lists each frame in both directions: masked from the client, unmasked echo from the server', async () => {
    const { watcher, ws } = await inspected();
    ws.send('hello');
    await waitFor(() => watcher.frames('out').length >= 1, 'the echo frame');
    const [sent] = watcher.frames('in');
    const [echoed] = watcher.frames('out');
    assert.ok(sent && echoed);
    assert.equal(sent.opcodeName, 'text');
    assert.equal(sent.fin, true);
    assert.equal(sent.masked, true);
    assert.match(sent.maskKey ?? '', /^[0-9a-f]{8}$/);
    assert.equal(sent.payloadLength, 5);
    assert.equal(sent.lengthField, '7-bit');
    assert.equal(sent.headerBytes, 6);
    assert.equal(sent.frameBytes, 11);
    assert.deepEqual(sent.payload, { kind: 'text', text: 'hello' });
    assert.equal(echoed.masked, false);
    assert.equal(echoed.headerBytes, 2);
    assert.equal(echoed.headerHex, '81 05');
    assert.deepEqual(echoed.payload, { kind: 'text', text: 'hello' });

    ws.send('é'.repeat(100));
    ws.send(Buffer.from([1, 2, 3]));
    await waitFor(() => watcher.frames('out').length >= 3, 'two more echoes');
    const long = watcher.frames('in')[1];
    assert.equal(long?.lengthField, '16-bit');
    assert.equal(long?.payloadLength, 200);
    assert.equal(long?.headerBytes, 8);
    const binary = watcher.frames('out')[2];
    assert.equal(binary?.opcodeName, 'binary');
    assert.deepEqual(binary?.payload, { kind: 'binary', hex: '01 02 03' });
  });

  it('sends a ping on request, sees the pong, and reports both sides of the close handshake', async () => {
    const { watcher, ws } = await inspected();
    const ping = await fetch(`${site.url}/demos/ws-inspector/ping?token=${watcher.token}`, {
      method: 'POST',
    });
    assert.equal(ping.status, 200);
    await waitFor(() => watcher.frames('in').some((f) => f.opcodeName === 'pong'), 'the pong');
    const out = watcher.frames('out').find((f) => f.opcodeName === 'ping');
    assert.deepEqual(out?.payload, {
      kind: 'binary',
      hex: Buffer.from('echo-lab')
        .toString('hex')
        .replace(/(..)(?!$)/g, '$1 '),
    });
    ws.close(1000, 'bye');
    await waitFor(() => watcher.reports.some((r) => r.event === 'closed'), 'the close');
    const closeIn = watcher.frames('in').find((f) => f.opcodeName === 'close');
    const closeOut = watcher.frames('out').find((f) => f.opcodeName === 'close');
    assert.deepEqual(closeIn?.payload, { kind: 'close', code: 1000, reason: 'bye' });
    assert.equal(closeOut?.payload.kind, 'close');
    assert.equal(closeOut?.masked, false);
  });

  it('lets the server start the close handshake', async () => {
    const { watcher, ws } = await inspected();
    const closed = nextEvent<[number, Buffer]>(ws, 'close');
    const answer = await fetch(`${site.url}/demos/ws-inspector/close?token=${watcher.token}`, {
      method: 'POST',
    });
    assert.equal(answer.status, 200);
    const [code, reason] = await closed;
    assert.equal(code, 1000);
    assert.equal(reason.toString(), 'closed by the server');
  });

  it('closes a too-big message with 1009 and says so', async () => {
    const { watcher, ws } = await inspected();
    const closed = nextEvent<[number]>(ws, 'close');
    ws.send('x'.repeat(WS_INSPECTOR_LIMITS.maxPayload + 1));
    assert.equal((await closed)[0], 1009);
    await waitFor(() => watcher.reports.some((r) => r.event === 'closed'), 'the closed report');
  });

  it('refuses bad requests with an answer and leaves Socket.IO its path', async () => {
    const noWatch = new WebSocket(
      `${site.url.replace('http', 'ws')}/demos/ws-inspector/socket?token=${'0'.repeat(32)}`,
    );
    const [, response] = await nextEvent<[unknown, { statusCode: number }]>(
      noWatch,
      'unexpected-response',
    );
    assert.equal(response.statusCode, 400);
    // With an unexpected-response listener ws leaves the request open; ending it is ours.
    noWatch.on('error', () => undefined);
    noWatch.terminate();
    assert.equal((await fetch(`${site.url}/demos/ws-inspector/watch?token=nope`)).status, 400);
    assert.equal(
      (
        await fetch(`${site.url}/demos/ws-inspector/ping?token=${'a'.repeat(32)}`, {
          method: 'POST',
        })
      ).status,
      409,
    );
    assert.equal((await fetch(`${site.url}/demos/ws-inspector/ping?token=x`)).status, 405);

    const socket = io(site.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    cleanups.push(() => socket.disconnect());
    await nextEvent(socket, 'connect');
    assert.equal(socket.connected, true);
  });
});
