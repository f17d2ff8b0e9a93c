/**
 * The single-node recovery adapter (server/echo/recovery-adapter.ts) on a real Socket.IO
 * server with real clients: its one-buffer WebSocket frames arrive intact on every transport
 * and client generation, and a restored session gets exactly the events it missed.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, describe, test } from 'node:test';
import { Server } from 'socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { RecoveryAdapter, textFrame } from '../../../server/echo/recovery-adapter.ts';
import { nextEvent, sleep, waitFor } from '../../helpers/wait.ts';

const require = createRequire(import.meta.url);

/** A Socket.IO 4 server with the adapter, on port 0; sockets join the rooms they ask for. */
async function startServer(maxDisconnectionDuration = 60_000) {
  const httpServer = createServer();
  const server = new Server(httpServer, {
    allowEIO3: true,
    adapter: RecoveryAdapter,
    connectionStateRecovery: { maxDisconnectionDuration, skipMiddlewares: true },
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

async function join(socket: ClientSocket, rooms: string[]) {
  await socket.timeout(5000).emitWithAck('join', rooms);
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

describe('recovery adapter', () => {
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
    const io2 = require('socket.io-client-2') as (
      url: string,
      options: Record<string, unknown>,
    ) => ClientSocket;
    const legacy = io2(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    cleanups.push(() => void legacy.close());
    await nextEvent(legacy, 'connect');
    await join(ws, ['room']);
    await join(polling, ['room']);
    // socket.io-client 2 has no emitWithAck.
    await new Promise<void>((resolve) => legacy.emit('join', ['room'], resolve));
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
