/**
 * The single-node adapter (server/echo/local-adapter.ts) on a real Socket.IO server with real
 * clients: its one-buffer WebSocket frames, written straight to the TCP socket where that keeps
 * the order of a socket's packets, arrive intact on every transport and client generation, and
 * a restored session gets exactly the events it missed.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, describe, test } from 'node:test';
import { Server, type ServerOptions, type Socket as ServerSocket } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { LocalAdapter, textFrame } from '../../../server/echo/local-adapter.ts';
import { nextEvent, sleep, waitFor } from '../../helpers/wait.ts';

const require = createRequire(import.meta.url);

/**
 * A Socket.IO 4 server with the adapter (Socket.IO's own with `options` `{}`), on port 0;
 * sockets join the rooms they ask for.
 */
async function startServer(
  maxDisconnectionDuration: number | 'recovery off' = 60_000,
  options: Partial<ServerOptions> = { adapter: LocalAdapter },
) {
  const httpServer = createServer();
  const server = new Server(httpServer, {
    allowEIO3: true,
    ...(maxDisconnectionDuration === 'recovery off'
      ? {}
      : { connectionStateRecovery: { maxDisconnectionDuration, skipMiddlewares: true } }),
    ...options,
  });
  server.on('connection', (socket) => {
    socket.on('join', (rooms: string[], done: () => void) => {
      void socket.join(rooms);
      done();
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      void server.close(() => resolve());
    });
  return { server, url, close };
}

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

async function connectV4(url: string, transports: ('websocket' | 'polling')[]) {
  const socket = io(url, { transports, reconnection: false, forceNew: true });
  cleanups.push(() => void socket.disconnect());
  await nextEvent(socket, 'connect');
  return socket;
}

/** A socket.io-client 2 socket (Engine.IO 3) on WebSocket, connected. */
async function connectV2(url: string) {
  const io2 = require('socket.io-client-2') as (
    url: string,
    options: Record<string, unknown>,
  ) => ClientSocket;
  const socket = io2(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  cleanups.push(() => void socket.close());
  await nextEvent(socket, 'connect');
  return socket;
}

async function join(socket: ClientSocket, rooms: string[]) {
  // socket.io-client 2 has no emitWithAck.
  await new Promise<void>((resolve) => socket.emit('join', rooms, resolve));
}

/**
 * Joins `socket` to room `a`, has it receive one event there (Socket.IO resumes from the offset
 * of the last event received), then drops its transport as a network blip would.
 */
async function receiveOneThenDrop(server: Server, socket: ClientSocket) {
  await join(socket, ['a']);
  const first = nextEvent(socket, 'news');
  server.to('a').emit('news', 'before');
  await first;
  const dropped = nextEvent(socket, 'disconnect');
  socket.io.engine.close();
  await dropped;
}

/** Reconnects `socket` and resolves once it is connected again. */
async function reconnect(socket: ClientSocket) {
  const back = nextEvent(socket, 'connect');
  socket.connect();
  await back;
}

/** Payloads across the frame's three length encodings, with multi-byte characters. */
const PAYLOADS = [{ text: 'é' }, { text: '日本語'.repeat(40) }, { text: 'x€'.repeat(35_000) }];

describe('local adapter: connection state recovery', () => {
  test('textFrame: header, length encodings and UTF-8 payload', () => {
    for (const [chars, header, lengthByte] of [
      [124, 2, 125],
      [125, 4, 126],
      [65_534, 4, 126],
      [65_535, 10, 127],
    ] as const) {
      const encoded = '2'.repeat(chars);
      const frame = textFrame(encoded);
      const length = chars + 1;
      assert.equal(frame[0], 0x81, 'FIN and the text opcode');
      assert.equal(frame[1], lengthByte, `length byte for ${length}`);
      if (header === 4) assert.equal(frame.readUInt16BE(2), length);
      if (header === 10) assert.equal(frame.readBigUInt64BE(2), BigInt(length));
      assert.equal(frame.length, header + length);
      assert.equal(frame.subarray(header).toString(), `4${encoded}`);
    }
    const multiByte = textFrame('2["é"]');
    assert.equal(multiByte[1], Buffer.byteLength('42["é"]'));
    assert.equal(multiByte.subarray(2).toString(), '42["é"]');
  });

  test('broadcasts arrive intact over WebSocket, polling and Engine.IO 3', async () => {
    const { server, url, close } = await startServer();
    cleanups.push(close);
    const ws = await connectV4(url, ['websocket']);
    const polling = await connectV4(url, ['polling']);
    const legacy = await connectV2(url);
    await join(ws, ['room']);
    await join(polling, ['room']);
    await join(legacy, ['room']);
    for (const payload of PAYLOADS) {
      const got = [ws, polling, legacy].map((s) => nextEvent<[unknown, string]>(s, 'news'));
      server.to('room').emit('news', payload);
      for (const [data, offset] of await Promise.all(got)) {
        assert.deepEqual(data, payload);
        assert.equal(typeof offset, 'string', 'the offset rides as the last argument');
      }
    }
  });

  test('a socket in several of the rooms gets a broadcast once', async () => {
    const { server, url, close } = await startServer();
    cleanups.push(close);
    const socket = await connectV4(url, ['websocket']);
    await join(socket, ['a', 'b']);
    const seen: unknown[] = [];
    socket.on('news', (n: unknown) => seen.push(n));
    server.to(['a', 'b']).emit('news', 1);
    server.to('b').emit('news', 2);
    await waitFor(() => seen.length >= 2, 'two events');
    await sleep(100);
    assert.deepEqual(seen, [1, 2]);
  });

  test('a restored session gets exactly the events it missed, in order', async () => {
    const { server, url, close } = await startServer();
    cleanups.push(close);
    const socket = await connectV4(url, ['websocket']);
    const other = await connectV4(url, ['websocket']);
    await join(other, ['a']);
    const id = socket.id!;
    await receiveOneThenDrop(server, socket);
    await waitFor(() => !server.of('/').adapter.rooms.get('a')?.has(id), 'the drop');
    server.to('a').emit('news', 'missed 1');
    server.to('b').emit('news', 'another room');
    server.to('a').except(id).emit('news', 'to the others');
    server.volatile.to('a').emit('news', 'volatile');
    server.emit('news', 'everyone');
    server.to('a').emit('news', 'missed 2');
    const seen: unknown[] = [];
    socket.on('news', (n: unknown) => seen.push(n));
    await reconnect(socket);
    assert.equal(socket.recovered, true);
    assert.equal(socket.id, id);
    await waitFor(() => seen.length >= 3, 'the missed events');
    await sleep(100);
    assert.deepEqual(seen, ['missed 1', 'everyone', 'missed 2']);
    // And the rooms came back: a new event to `a` arrives.
    const later = nextEvent(socket, 'news');
    server.to('a').emit('news', 'later');
    assert.equal((await later)[0], 'later');
  });

  test('after old events are swept from the log, old offsets fail and new ones resume', async () => {
    // A 1 s window: the log is swept every second.
    const { server, url, close } = await startServer(1000);
    cleanups.push(close);
    const socket = await connectV4(url, ['websocket']);
    await join(socket, ['a']);
    for (const n of [1, 2, 3]) {
      const got = nextEvent(socket, 'news');
      server.to('a').emit('news', `old ${n}`);
      await got;
    }
    await sleep(2500);
    // New events the socket does not get: offsets must not be handed out a second time.
    for (const n of [1, 2, 3]) server.to('b').emit('news', `elsewhere ${n}`);
    const dropped = nextEvent(socket, 'disconnect');
    socket.io.engine.close();
    await dropped;
    await reconnect(socket);
    assert.equal(socket.recovered, false, 'its last offset was swept from the log');

    await receiveOneThenDrop(server, socket);
    server.to('a').emit('news', 'missed');
    const missed = nextEvent<[string]>(socket, 'news');
    await reconnect(socket);
    assert.equal(socket.recovered, true, 'an offset given after the sweep');
    assert.equal((await missed)[0], 'missed');
  });

  test('an expired session or an unknown offset starts afresh', async () => {
    const { server, url, close } = await startServer(200);
    cleanups.push(close);
    const socket = await connectV4(url, ['websocket']);
    await receiveOneThenDrop(server, socket);
    await sleep(400);
    await reconnect(socket);
    assert.equal(socket.recovered, false, 'past maxDisconnectionDuration');

    // A session the server knows, resuming from an offset it never issued.
    const { server: server2, url: url2, close: close2 } = await startServer();
    cleanups.push(close2);
    const again = await connectV4(url2, ['websocket']);
    await receiveOneThenDrop(server2, again);
    (again as unknown as { _lastOffset: string })._lastOffset = 'never-issued';
    await reconnect(again);
    assert.equal(again.recovered, false, 'an offset not in the log');
  });
});

/** The one socket connected to `server`. */
function onlySocket(server: Server): ServerSocket {
  const [socket] = server.of('/').sockets.values();
  assert.ok(socket, 'a connected socket');
  return socket;
}

/** Counts the Engine.IO message packets built for `socket` (Engine.IO's write path). */
function countEnginePackets(socket: ServerSocket): { count: number } {
  const counter = { count: 0 };
  const conn = socket.conn as unknown as NodeJS.EventEmitter;
  conn.on('packetCreate', (packet: { type: string }) => {
    if (packet.type === 'message') counter.count += 1;
  });
  return counter;
}

/** Large enough to fill the loopback socket's buffers, so the TCP socket is busy after it. */
const LARGE = 'x'.repeat(16_000_000);

/**
 * Sends, over a few ticks, events with a binary attachment (Engine.IO's path with any adapter)
 * interleaved with broadcasts to its room, then volatile broadcasts to an idle socket and to
 * one busy writing a large event, then `end`.
 */
async function mixedSends(server: Server, own: ServerSocket) {
  for (let tick = 0; tick < 3; tick += 1) {
    for (let i = 0; i < 12; i += 1) {
      if (i % 4 === 0) own.emit('n', `binary ${tick}.${i}`, Buffer.from([i]));
      else server.to('a').emit('n', `room ${tick}.${i}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await sleep(100);
  server.volatile.to('a').emit('n', 'volatile, idle');
  await sleep(100);
  server.to('a').emit('n', LARGE);
  server.volatile.to('a').emit('n', 'volatile, busy');
  await sleep(100);
  own.emit('n', 'end');
}

/** What a client of `kind` gets from `mixedSends` on a server with `options`, in order. */
async function transcript(
  kind: 'websocket' | 'polling' | 'engine.io 3',
  options: Partial<ServerOptions>,
): Promise<string[]> {
  const { server, url, close } = await startServer(60_000, options);
  cleanups.push(close);
  const client = kind === 'engine.io 3' ? await connectV2(url) : await connectV4(url, [kind]);
  await join(client, ['a']);
  const seen: string[] = [];
  client.on('n', (text: string) => seen.push(text === LARGE ? 'the large event' : text));
  await mixedSends(server, onlySocket(server));
  await waitFor(() => seen.includes('end'), `"end" over ${kind}`, 30_000);
  return seen;
}

describe('local adapter: frames written straight to the TCP socket', () => {
  test('WebSocket targets skip Engine.IO; polling targets take its path', async () => {
    const { server, url, close } = await startServer();
    cleanups.push(close);
    const ws = await connectV4(url, ['websocket']);
    await join(ws, ['a']);
    const wsPackets = countEnginePackets(onlySocket(server));
    const polling = await connectV4(url, ['polling']);
    await join(polling, ['a']);
    const pollingSocket = [...server.of('/').sockets.values()].find((s) => s.id === polling.id)!;
    const pollingPackets = countEnginePackets(pollingSocket);
    const got = [ws, polling].map((s) => nextEvent<[string]>(s, 'news'));
    server.to('a').emit('news', 'hello');
    for (const [news] of await Promise.all(got)) assert.equal(news, 'hello');
    assert.equal(wsPackets.count, 0, 'no Engine.IO packet for the WebSocket target');
    assert.equal(pollingPackets.count, 1, "the polling target's packet");
  });

  test('with recovery off, broadcasts carry no offset and nothing is logged', async () => {
    const { server, url, close } = await startServer('recovery off');
    cleanups.push(close);
    const client = await connectV4(url, ['websocket']);
    await join(client, ['a']);
    const packets = countEnginePackets(onlySocket(server));
    const got = nextEvent<unknown[]>(client, 'news');
    server.to('a').emit('news', 'hello');
    assert.deepEqual(await got, ['hello']);
    assert.equal(packets.count, 0, 'written straight to the TCP socket');
    const id = client.id;
    const dropped = nextEvent(client, 'disconnect');
    client.io.engine.close();
    await dropped;
    await reconnect(client);
    assert.ok(!client.recovered);
    assert.notEqual(client.id, id, 'a new session');
  });

  test('mixed with Engine.IO writes, order and volatile drops are as with Socket.IO', async () => {
    const expected = [
      ...[0, 1, 2].flatMap((tick) =>
        Array.from({ length: 12 }, (_, i) => `${i % 4 === 0 ? 'binary' : 'room'} ${tick}.${i}`),
      ),
      'volatile, idle',
      'the large event',
      'end',
    ];
    for (const kind of ['websocket', 'polling', 'engine.io 3'] as const) {
      const ours = await transcript(kind, { adapter: LocalAdapter });
      const socketIo = await transcript(kind, {});
      assert.deepEqual(ours, socketIo, `${kind}: as Socket.IO's own adapter`);
      if (kind !== 'polling') assert.deepEqual(ours, expected, kind);
    }
  });

  test('broadcasts across an upgrade from polling to WebSocket arrive once, in order', async () => {
    const { server, url, close } = await startServer();
    cleanups.push(close);
    const sentOver = { polling: 0, websocket: 0 };
    // Broadcasts to the socket's own room from its first moment, while it still polls.
    server.on('connection', async (socket) => {
      for (let n = 0; n < 300; n += 1) {
        sentOver[socket.conn.transport.name as keyof typeof sentOver] += 1;
        server.to(socket.id).emit('n', n);
        await sleep(n % 10 === 0 ? 5 : 0);
      }
    });
    const client = io(url, { reconnection: false, forceNew: true });
    cleanups.push(() => void client.disconnect());
    const seen: number[] = [];
    client.on('n', (n: number) => seen.push(n));
    await waitFor(() => seen.length >= 300, 'every event');
    await sleep(100);
    assert.deepEqual(
      seen,
      Array.from({ length: 300 }, (_, n) => n),
    );
    assert.equal(client.io.engine.transport.name, 'websocket');
    assert.ok(sentOver.polling > 0 && sentOver.websocket > 0, JSON.stringify(sentOver));
  });

  test('with permessage-deflate negotiated, broadcasts take the compressing path', async () => {
    const { server, url, close } = await startServer(60_000, {
      adapter: LocalAdapter,
      perMessageDeflate: { threshold: 0 },
    });
    cleanups.push(close);
    const client = await connectV4(url, ['websocket']);
    await join(client, ['a']);
    const socket = onlySocket(server);
    const transport = socket.conn.transport as unknown as { socket: { extensions: string } };
    assert.match(transport.socket.extensions, /permessage-deflate/);
    const packets = countEnginePackets(socket);
    for (const payload of PAYLOADS) {
      const got = nextEvent<[unknown]>(client, 'news');
      server.to('a').emit('news', payload);
      assert.deepEqual((await got)[0], payload);
    }
    assert.equal(packets.count, PAYLOADS.length);
  });
});
