/**
 * The `/demo-transports` namespace of `ch1-transports` through the whole site on port 0, with
 * real socket.io-client 4 sockets: a default client starts on long-polling and the server sees
 * the upgrade to WebSocket; a polling-only client runs the same emit/on code on polling; the
 * server pushes ticks on either; bad payloads get an answer. The page's engine tap, run on a real
 * client, sees every packet with its transport, the probe included.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import type { Site } from '../../../server/main.ts';
import {
  MAX_ECHO_CHARS,
  TRANSPORTS_NAMESPACE,
  type EchoReply,
  type Tick,
} from '../../../server/demos/transports/transports-protocol.ts';
import { tapEngine, type EnginePacketRecord } from '../../../src/lib/demo/engine-tap.ts';
import { startDemoSite, type DemoSite } from '../../helpers/demo-site.ts';
import { nextEvent, waitFor } from '../../helpers/wait.ts';

describe('ch1-transports: the same API over polling and WebSocket', () => {
  let site: Site;
  let demoSite: DemoSite;
  const sockets: Socket[] = [];

  before(async () => {
    demoSite = await startDemoSite();
    site = demoSite.site;
  });

  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await demoSite.close();
  });

  function connect(transports: string[]): {
    socket: Socket;
    seen: { name: string; upgraded: boolean }[];
  } {
    const socket = io(`${site.url}${TRANSPORTS_NAMESPACE}`, {
      transports,
      forceNew: true,
      reconnection: false,
    });
    sockets.push(socket);
    const seen: { name: string; upgraded: boolean }[] = [];
    socket.on('transport', (info: { name: string; upgraded: boolean }) => seen.push(info));
    return { socket, seen };
  }

  const echo = (socket: Socket, payload: unknown): Promise<EchoReply> =>
    socket.timeout(5000).emitWithAck('echo', payload) as Promise<EchoReply>;

  it('starts on long-polling and upgrades to WebSocket; the server says so', async () => {
    const { socket, seen } = connect(['polling', 'websocket']);
    await waitFor(() => seen.length >= 2, 'the upgrade as the server saw it');
    assert.deepEqual(seen, [
      { name: 'polling', upgraded: false },
      { name: 'websocket', upgraded: true },
    ]);
    assert.equal(socket.io.engine.transport.name, 'websocket');
    const reply = await echo(socket, { text: 'hi' });
    assert.ok(reply.ok);
    assert.equal(reply.text, 'hi');
    assert.equal(reply.transport, 'websocket');
  });

  it('runs the same emit/on code on polling alone, server pushes included', async () => {
    const { socket, seen } = connect(['polling']);
    await nextEvent(socket, 'connect');
    const reply = await echo(socket, { text: '你好 <b>' });
    assert.ok(reply.ok);
    assert.equal(reply.text, '你好 <b>');
    assert.equal(reply.transport, 'polling');
    const [tick] = await nextEvent<[Tick]>(socket, 'tick');
    assert.equal(tick.transport, 'polling');
    assert.equal(tick.n, 1);
    assert.deepEqual(seen, [{ name: 'polling', upgraded: false }]);
    assert.equal(socket.io.engine.transport.name, 'polling');
  });

  it('answers bad payloads with an error and keeps the socket', async () => {
    const { socket } = connect(['websocket']);
    await nextEvent(socket, 'connect');
    for (const payload of [null, 'text', { text: 1 }, { text: 'x'.repeat(MAX_ECHO_CHARS + 1) }]) {
      const reply = await echo(socket, payload);
      assert.equal(reply.ok, false, JSON.stringify(payload));
    }
    socket.emit('echo', { text: 'no ack' });
    assert.equal((await echo(socket, { text: 'still here' })).ok, true);
  });

  it('the engine tap sees the open packet, the probe and the upgrade, each with its transport', async () => {
    const { socket, seen } = connect(['polling', 'websocket']);
    const packets: EnginePacketRecord[] = [];
    const upgrades: string[] = [];
    const untap = tapEngine(socket, {
      onPacket: (record) => packets.push(record),
      onTransport: (event) => upgrades.push(`${event.kind}:${event.transport}`),
    });
    await waitFor(() => seen.length >= 2, 'the upgrade');
    assert.deepEqual((await echo(socket, { text: 'tap' })).ok, true);
    untap();
    const lines = packets.map((p) => `${p.transport} ${p.direction} ${p.text}`);
    const index = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));
    const open = index(/^polling in 0\{"sid":/);
    const connectNs = index(/^polling out 40\/demo-transports,$/);
    const probe = index(/^websocket out 2probe$/);
    const answer = index(/^websocket in 3probe$/);
    const upgrade = index(/^websocket out 5$/);
    const echoed = index(/^websocket out 42\/demo-transports,\d+\["echo",\{"text":"tap"\}\]$/);
    for (const [name, at] of Object.entries({ open, connectNs, probe, answer, upgrade, echoed }))
      assert.ok(at >= 0, `${name} in ${lines.join(' | ')}`);
    assert.ok(open < connectNs && probe < answer && answer < upgrade && upgrade < echoed);
    assert.deepEqual(upgrades, ['opened:polling', 'upgrading:websocket', 'upgraded:websocket']);
    const before = packets.length;
    await echo(socket, { text: 'after untap' });
    assert.equal(packets.length, before, 'nothing is reported after untap');
  });

  it('leaves the default namespace to the echo server', async () => {
    const { socket } = connect(['websocket']);
    await nextEvent(socket, 'connect');
    assert.equal(site.echo.io.of('/').sockets.size, 0);
  });
});
